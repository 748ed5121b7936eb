// Reference figures the other benchmarks are reported against, measured in the
// same run: stream add and stream read bandwidth (plain loops the compiler
// vectorises for the baseline ISA, on 2 threads) and OpenBLAS cblas_sgemm.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

#include "bench_support.hpp"

#ifdef LUGH_HAVE_OPENBLAS
#include <cblas.h>
#endif

namespace lugh::bench {
namespace {

constexpr size_t kStreamFloats = size_t{16} << 20;

struct StreamArrays {
    std::vector<float> a, b, c;
    StreamArrays() : a(kStreamFloats, 1.0f), b(kStreamFloats, 2.0f), c(kStreamFloats, 0.0f) {}
};

StreamArrays& stream_arrays() {
    static StreamArrays arrays;
    return arrays;
}

void stream_add(StreamArrays& s) {
    run_parallel(kThreads, [&](int ith, int nth) {
        const size_t begin = kStreamFloats * ith / nth, end = kStreamFloats * (ith + 1) / nth;
        float* c = s.c.data();
        const float* a = s.a.data();
        const float* b = s.b.data();
        for (size_t i = begin; i < end; ++i) c[i] = a[i] + b[i];
    });
}

float stream_read(const StreamArrays& s) {
    float parts[kThreads] = {};
    run_parallel(kThreads, [&](int ith, int nth) {
        const size_t begin = kStreamFloats * ith / nth, end = kStreamFloats * (ith + 1) / nth;
        float acc[8] = {};
        for (size_t i = begin; i + 8 <= end; i += 8)
            for (int j = 0; j < 8; ++j) acc[j] += s.a[i + j];
        float t = 0;
        for (float x : acc) t += x;
        parts[ith] = t;
    });
    return parts[0] + parts[kThreads - 1];
}

void BM_stream_add(benchmark::State& state) {
    StreamArrays& s = stream_arrays();
    for (auto _ : state) {
        stream_add(s);
        benchmark::DoNotOptimize(s.c.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * 3 * kStreamFloats * sizeof(float));
}
BENCHMARK(BM_stream_add)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_stream_read(benchmark::State& state) {
    StreamArrays& s = stream_arrays();
    for (auto _ : state) benchmark::DoNotOptimize(stream_read(s));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kStreamFloats * sizeof(float));
}
BENCHMARK(BM_stream_read)->UseRealTime()->Unit(benchmark::kMillisecond);

#ifdef LUGH_HAVE_OPENBLAS
struct SgemmOperands {
    int size;
    std::vector<float> a, b, c;
    explicit SgemmOperands(int n) : size(n), a(size_t(n) * n), b(size_t(n) * n), c(size_t(n) * n) {
        for (size_t i = 0; i < a.size(); ++i) {
            a[i] = static_cast<float>((i * 7 + 3) % 13) * 0.1f - 0.6f;
            b[i] = static_cast<float>((i * 5 + 1) % 11) * 0.1f - 0.5f;
        }
    }
    // Same product as lugh's mul_mat: C[n][m] = sum_k A[m][k] * B[n][k].
    void run() {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, size, size, size, 1.0f, b.data(), size, a.data(), size,
                    0.0f, c.data(), size);
    }
};

void BM_openblas_sgemm(benchmark::State& state) {
    openblas_set_num_threads(kThreads);
    SgemmOperands op(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        op.run();
        benchmark::DoNotOptimize(op.c.data());
    }
    const double n = static_cast<double>(state.range(0));
    state.counters["FLOPS"] = benchmark::Counter(2 * n * n * n * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_openblas_sgemm)->Arg(1024)->UseRealTime()->Unit(benchmark::kMillisecond);
#endif

}  // namespace

double stream_add_bytes() { return 3.0 * kStreamFloats * sizeof(float); }

double time_stream_add() {
    StreamArrays& s = stream_arrays();
    return time_once([&] { stream_add(s); });
}

double time_openblas_sgemm(int size) {
#ifdef LUGH_HAVE_OPENBLAS
    static SgemmOperands op(size);
    if (op.size != size) op = SgemmOperands(size);
    openblas_set_num_threads(kThreads);
    return time_once([&] { op.run(); });
#else
    (void)size;
    return 0.0;
#endif
}

double thread_cpu_openblas_sgemm_one_thread(int size) {
#ifdef LUGH_HAVE_OPENBLAS
    static SgemmOperands op(size);
    if (op.size != size) op = SgemmOperands(size);
    openblas_set_num_threads(1);
    const double c0 = thread_cpu_seconds();
    op.run();
    const double cpu = thread_cpu_seconds() - c0;
    openblas_set_num_threads(kThreads);
    return cpu;
#else
    (void)size;
    return 0.0;
#endif
}

}  // namespace lugh::bench
