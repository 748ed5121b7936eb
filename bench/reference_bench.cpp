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
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

extern "C" char* openblas_get_corename(void);
#endif

namespace lugh::bench {
namespace {

#ifdef LUGH_HAVE_OPENBLAS
// OpenBLAS picks its kernels from the CPU model, and a release older than
// the CPU falls back to its oldest x86-64 kernels ("Prescott", SSE3): Debian
// 12's 0.3.21 does so on Emerald Rapids and runs sgemm at a sixth of its
// speed, which would flatter every ratio against it. Then run this program
// again with the nearest core type it knows (the choice is made when the
// library loads, so setting the variable now would be too late).
__attribute__((constructor)) void use_a_known_openblas_core(int argc, char** argv) {
    if (std::getenv("OPENBLAS_CORETYPE") || std::strcmp(openblas_get_corename(), "Prescott") != 0) return;
    __builtin_cpu_init();
    const char* core = __builtin_cpu_supports("avx512f") ? "SkylakeX" : __builtin_cpu_supports("avx2") ? "Haswell" : nullptr;
    if (!core || argc < 1) return;
    std::fprintf(stderr, "note: OpenBLAS does not know this CPU (it chose Prescott); running again with OPENBLAS_CORETYPE=%s\n", core);
    setenv("OPENBLAS_CORETYPE", core, 1);
    execv("/proc/self/exe", argv);   // returns only on failure: keep going with Prescott
}
#endif

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

// C[n][m] = sum_k A[m][k] * B[n][k] for any M, N, K (the mul_mat shapes of a model).
struct SgemmShape {
    int M = 0, N = 0, K = 0;
    std::vector<float> a, b, c;
    SgemmShape(int m, int n, int k) : M(m), N(n), K(k), a(size_t(m) * k, 0.01f), b(size_t(n) * k, 0.02f), c(size_t(n) * m) {}
    void run() {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, M, K, 1.0f, b.data(), K, a.data(), K, 0.0f, c.data(), M);
    }
};
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

double time_openblas_sgemm_shape(int M, int N, int K) {
#ifdef LUGH_HAVE_OPENBLAS
    static SgemmShape op(1, 1, 1);
    if (op.M != M || op.N != N || op.K != K) op = SgemmShape(M, N, K);
    openblas_set_num_threads(kThreads);
    return time_once([&] { op.run(); });
#else
    (void)M, (void)N, (void)K;
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
