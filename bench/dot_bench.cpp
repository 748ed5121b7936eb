// The row-dot kernels behind quantized and half mul_mat, one thread, without
// the graph around them: every runnable kernel set (scalar, avx2,
// avx512vnni) on 64 weight rows of K = 4096 that stay in L2 ("in cache":
// what the arithmetic costs), and the best set over a whole 4096 x 14336
// matrix streamed from memory ("stream": what one core gets of the memory;
// F16 also against the activations rounded to F16, as mul_mat does by default).
// Counters: ns per 32 weights and weight GB/s (in cache: thread CPU time); the stream variant
// also reports its ratio to one thread reading as many bytes in the same
// iterations.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "lugh/ggml/ggml.h"
#include "cpu/matmul/dot.hpp"

namespace {

namespace mm = lugh::cpu::matmul;

constexpr int64_t kK = 4096;

// Weights of `rows` rows of kK in `type`, and one activation row converted
// for every kernel (F32, F16, and the form quantized weights read).
struct Operands {
    Operands(ggml_type type, int64_t rows) : type(type), row_bytes(ggml_row_size(type, kK)) {
        weights.resize(row_bytes * static_cast<size_t>(rows));
        std::vector<float> tmp(static_cast<size_t>(kK) * 64);
        for (int64_t r = 0; r < rows; r += 64) {
            const int64_t n = std::min<int64_t>(64, rows - r);
            lugh::bench::fill_uniform(tmp.data(), tmp.size(), static_cast<uint64_t>(r + 1), 1.0f);
            ggml_quantize_chunk(type, tmp.data(), weights.data() + r * row_bytes, 0, n, kK, nullptr);
        }
        x.resize(kK);
        lugh::bench::fill_uniform(x.data(), x.size(), 12345, 1.0f);
        for (float v : x) xh.push_back(ggml_fp32_to_fp16(v));
        if (mm::has_row_dot(type)) {
            act = static_cast<unsigned char*>(std::aligned_alloc(64, mm::act_row_bytes(type, kK)));
            mm::quantize_act_row(type, x.data(), kK, act);
        }
    }
    ~Operands() { std::free(act); }
    Operands(const Operands&) = delete;
    Operands& operator=(const Operands&) = delete;

    // out[r] for rows [r0, r1) with the set's kernel for the type (F16
    // weights: against the F32 row, or with half_x against the row rounded to F16).
    void dot_rows(const mm::DotKernels& k, int64_t r0, int64_t r1, float* out, bool half_x = false) const {
        const char* w = reinterpret_cast<const char*>(weights.data());
        const mm::RowDotFn quant = mm::has_row_dot(type) ? mm::row_dot(k, type) : nullptr;
        for (int64_t r = r0; r < r1; ++r) {
            const char* row = w + r * row_bytes;
            if (quant) out[r] = quant(kK, row, act);
            else if (type == GGML_TYPE_F16) out[r] = half_x ? k.f16_f16(kK, row, xh.data()) : k.f16(kK, row, x.data());
            else if (type == GGML_TYPE_BF16) out[r] = k.bf16(kK, row, x.data());
            else out[r] = k.f32(kK, row, x.data());
        }
    }

    ggml_type type;
    size_t row_bytes;
    std::vector<unsigned char> weights;
    std::vector<float> x;
    std::vector<uint16_t> xh;
    unsigned char* act = nullptr;
};

void report(benchmark::State& state, double bytes, double blocks, double seconds) {
    state.counters["ns_per_block"] = 1e9 * seconds / blocks;
    state.counters["weight_GBps"] = bytes / seconds / 1e9;
}

void BM_DotInCache(benchmark::State& state, ggml_type type) {
    constexpr int64_t kRows = 64;
    const auto sets = mm::runnable_dot_kernels();
    const size_t which = static_cast<size_t>(state.range(0));
    if (which >= sets.size()) {
        state.SkipWithError("kernel set not runnable on this CPU");
        return;
    }
    const auto& k = sets[which];
    const Operands op(type, kRows);
    std::vector<float> out(kRows);
    double seconds = 0;
    int64_t passes = 0;
    for (auto _ : state) {
        // Thread CPU time: what the arithmetic costs, whatever else the machine runs.
        const double t0 = lugh::bench::thread_cpu_seconds();
        for (int rep = 0; rep < 16; ++rep) op.dot_rows(k, 0, kRows, out.data());
        seconds += lugh::bench::thread_cpu_seconds() - t0;
        benchmark::DoNotOptimize(out.data());
        passes += 16;
    }
    const double rows = static_cast<double>(passes) * kRows;
    report(state, rows * static_cast<double>(op.row_bytes), rows * (kK / 32), seconds);
    state.SetLabel(k.name);
}

// One thread summing `bytes` of floats (the stream reference).
double read_seconds(const float* p, size_t n) {
    const auto t0 = std::chrono::steady_clock::now();
    // 16 independent sums: the compiler keeps them in vector registers.
    float acc[16] = {};
    for (size_t i = 0; i + 16 <= n; i += 16)
        for (int j = 0; j < 16; ++j) acc[j] += p[i + j];
    float s = 0;
    for (float v : acc) s += v;
    benchmark::DoNotOptimize(s);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void BM_DotStream(benchmark::State& state, ggml_type type, bool half_x) {
    constexpr int64_t kRows = 14336;
    const auto& k = mm::dot_kernels();
    const Operands op(type, kRows);
    const size_t bytes = op.weights.size();
    // Reference buffer: a fresh slice per iteration from 256 MiB.
    const size_t slice = bytes / sizeof(float), total = std::max(slice * 2, size_t(64) << 20);
    std::vector<float> probe(total, 1.0f);
    size_t at = 0;
    std::vector<float> out(kRows);
    double seconds = 0, read = 0;
    int64_t passes = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        op.dot_rows(k, 0, kRows, out.data(), half_x);
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        benchmark::DoNotOptimize(out.data());
        if (at + slice > total) at = 0;
        read += read_seconds(probe.data() + at, slice);
        at += slice;
        ++passes;
    }
    const double n = static_cast<double>(passes);
    report(state, n * static_cast<double>(bytes), n * kRows * (kK / 32), seconds);
    state.counters["ratio_vs_read"] = read / seconds;
    state.SetLabel(k.name);
}

}  // namespace

// Argument: index into runnable_dot_kernels() (0 scalar, 1 avx2, 2 avx512;
// with VNNI 2 is the 512-bit set this CPU does not choose, 3 the chosen one).
BENCHMARK_CAPTURE(BM_DotInCache, q4_0, GGML_TYPE_Q4_0)->DenseRange(0, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, q8_0, GGML_TYPE_Q8_0)->DenseRange(0, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, f16, GGML_TYPE_F16)->DenseRange(0, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, f32, GGML_TYPE_F32)->DenseRange(0, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, q4_1, GGML_TYPE_Q4_1)->DenseRange(1, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, q5_0, GGML_TYPE_Q5_0)->DenseRange(1, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, q5_1, GGML_TYPE_Q5_1)->DenseRange(1, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, iq4_nl, GGML_TYPE_IQ4_NL)->DenseRange(1, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, q2_k, GGML_TYPE_Q2_K)->DenseRange(1, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, q3_k, GGML_TYPE_Q3_K)->DenseRange(1, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, q4_k, GGML_TYPE_Q4_K)->DenseRange(1, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, q5_k, GGML_TYPE_Q5_K)->DenseRange(1, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, q6_k, GGML_TYPE_Q6_K)->DenseRange(1, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, iq4_xs, GGML_TYPE_IQ4_XS)->DenseRange(1, 3)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotStream, q4_0, GGML_TYPE_Q4_0, false)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_DotStream, q8_0, GGML_TYPE_Q8_0, false)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_DotStream, f16, GGML_TYPE_F16, false)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_DotStream, f32, GGML_TYPE_F32, false)->Unit(benchmark::kMillisecond)->MinTime(1.0);
// F16 weights against the activation row rounded to F16 (GGML_PREC_DEFAULT's matrix-vector path).
BENCHMARK_CAPTURE(BM_DotStream, f16_half_x, GGML_TYPE_F16, true)->Unit(benchmark::kMillisecond)->MinTime(1.0);
