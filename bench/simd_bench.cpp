// Speed of the SIMD primitives (src/cpu/simd/) on the workloads, on 2
// threads, each iteration paired with its reference (bench_support.hpp):
//   ratio_vs_stream   = bytes moved per second / stream add bandwidth
//   ratio_vs_openblas = GFLOP/s / OpenBLAS cblas_sgemm GFLOP/s (1024^3)
//   ratio_vs_f32      = F16 x F32 GFLOP/s / our F32 GFLOP/s (1024^3)
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "bench_support.hpp"
#include "core/fp16.hpp"
#include "cpu/simd/binary.hpp"
#include "cpu/matmul/gemm_float.hpp"
#include "cpu/simd/norm.hpp"
#include "cpu/simd/softmax.hpp"

namespace lugh::bench {
namespace {

namespace simd = lugh::cpu::simd;

std::vector<float> filled(size_t n, uint32_t seed) {
    std::vector<float> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>((i * 2654435761u + seed) % 1000) * 0.002f - 1.0f;
    return v;
}

void BM_simd_add_16M(benchmark::State& state) {
    const size_t n = size_t{16} << 20;
    auto a = filled(n, 1), b = filled(n, 2), c = filled(n, 3);
    bandwidth_vs_stream(state, 3.0 * n * sizeof(float), [&] {
        run_parallel(kThreads, [&](int ith, int nth) {
            // Split on 64-byte boundaries so threads never share a cache line.
            const size_t begin = n * ith / nth / 16 * 16, end = ith + 1 == nth ? n : n * (ith + 1) / nth / 16 * 16;
            simd::binary_row(simd::BinaryOp::add, end - begin, c.data() + begin, a.data() + begin, b.data() + begin);
        });
    });
}
BENCHMARK(BM_simd_add_16M)->UseManualTime()->Unit(benchmark::kMillisecond);

template <class RowFn>
void rows_benchmark(benchmark::State& state, RowFn row_fn) {
    const size_t cols = 4096, rows = 4096;
    auto src = filled(rows * cols, 4), dst = filled(rows * cols, 5);
    bandwidth_vs_stream(state, 2.0 * rows * cols * sizeof(float), [&] {  // read src, write dst
        run_parallel(kThreads, [&](int ith, int nth) {
            for (size_t r = rows * ith / nth; r < rows * (ith + 1) / nth; ++r)
                row_fn(cols, dst.data() + r * cols, src.data() + r * cols);
        });
    });
}

void BM_simd_soft_max_4096x4096(benchmark::State& state) {
    rows_benchmark(state, [](size_t n, float* d, const float* s) { simd::softmax_row(n, d, s, 1.0f, nullptr, 0.0f); });
}
BENCHMARK(BM_simd_soft_max_4096x4096)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_simd_rms_norm_4096x4096(benchmark::State& state) {
    rows_benchmark(state, [](size_t n, float* d, const float* s) { simd::rms_norm_row(n, d, s, 1e-6f); });
}
BENCHMARK(BM_simd_rms_norm_4096x4096)->UseManualTime()->Unit(benchmark::kMillisecond);

struct GemmF32 {
    size_t n;
    std::vector<float> a, b, c;
    explicit GemmF32(size_t size) : n(size), a(filled(n * n, 6)), b(filled(n * n, 7)), c(n * n) {}
    double flops() const { return 2.0 * n * n * n; }
    void run() {
        run_parallel(kThreads, [&](int ith, int nth) {
            lugh::cpu::matmul::gemm_f32(n, n, n, a.data(), n, b.data(), n, c.data(), n, ith, nth);
        });
    }
};

void BM_simd_gemm_f32_1024(benchmark::State& state) {
    GemmF32 g(1024);
    Paired paired;
    for (auto _ : state) {
        settle();  // both runs start from the same idle state
        const double ref = time_openblas_sgemm(1024);
        settle();
        const double t = time_once([&] { g.run(); });
        state.SetIterationTime(t);
        paired.add(t, ref);
    }
    state.counters["FLOPS"] = benchmark::Counter(g.flops() * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
    if (paired.best_ref > 0 && time_openblas_sgemm(1024) > 0)
        state.counters["ratio_vs_openblas"] = paired.ratio(g.flops(), g.flops());
    else
        state.SetLabel("OpenBLAS absent: no ratio");
}
BENCHMARK(BM_simd_gemm_f32_1024)->Iterations(15)->UseManualTime()->Unit(benchmark::kMillisecond);

// One thread, thread CPU time: per-core efficiency against OpenBLAS on one
// thread, immune to the machine's other load (wall-time ratios above are not).
void BM_simd_gemm_f32_1024_one_thread_cpu(benchmark::State& state) {
    GemmF32 g(1024);
    Paired paired;
    for (auto _ : state) {
        const double ref = thread_cpu_openblas_sgemm_one_thread(1024);
        const double c0 = thread_cpu_seconds();
        lugh::cpu::matmul::gemm_f32(g.n, g.n, g.n, g.a.data(), g.n, g.b.data(), g.n, g.c.data(), g.n, 0, 1);
        const double t = thread_cpu_seconds() - c0;
        state.SetIterationTime(t);
        paired.add(t, ref > 0 ? ref : 1.0);
    }
    state.counters["FLOPS"] = benchmark::Counter(g.flops() * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
    if (thread_cpu_openblas_sgemm_one_thread(1024) > 0)
        state.counters["ratio_vs_openblas"] = paired.ratio(g.flops(), g.flops());
}
BENCHMARK(BM_simd_gemm_f32_1024_one_thread_cpu)->Iterations(8)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_simd_gemm_f16_f32_4096x512x4096(benchmark::State& state) {
    const size_t M = 4096, N = 512, K = 4096;
    auto af = filled(M * K, 9), b = filled(N * K, 10), c = filled(M * N, 11);
    std::vector<uint16_t> a(M * K);
    for (size_t i = 0; i < a.size(); ++i) a[i] = core::fp32_to_fp16(af[i]);
    const double flops = 2.0 * M * N * K;
    GemmF32 f32(1024);
    Paired paired;
    for (auto _ : state) {
        const double ref = time_once([&] { f32.run(); });
        const double ref_cpu = last_cpu_seconds_per_thread();
        const double t = time_once([&] {
            run_parallel(kThreads, [&](int ith, int nth) {
                lugh::cpu::matmul::gemm_f16_f32(M, N, K, a.data(), K, b.data(), K, c.data(), M, ith, nth);
            });
        });
        state.SetIterationTime(t);
        paired.add(t, ref);
        paired.add_cpu(last_cpu_seconds_per_thread(), ref_cpu);
    }
    state.counters["FLOPS"] = benchmark::Counter(flops * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["ratio_vs_f32"] = paired.ratio(flops, f32.flops());
    state.counters["ratio_vs_f32_cpu"] = paired.ratio_cpu(flops, f32.flops());
}
BENCHMARK(BM_simd_gemm_f16_f32_4096x512x4096)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lugh::bench
