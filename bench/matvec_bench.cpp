// Matrix-vector speed for weights: 4096 x 14336 weights (K = 4096, M = 14336,
// an FFN matrix of a 7-8B model) times one F32 vector, 2 threads, reported as
// weight bytes per second and as a ratio to the memory read bandwidth
// measured in the same run (2 threads summing a 1 GiB buffer). The product
// runs through the public graph API (ggml_mul_mat, ggml_graph_compute).
// ratio_vs_read = 1.0 means the product runs at the speed of reading memory.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "lugh/ggml/ggml-cpu.h"
#include "lugh/ggml/ggml.h"
#include "quant/dot.hpp"

namespace {

constexpr int64_t kK = 4096, kM = 14336;

// Runs f(ith) on 2 threads: the caller as thread 0 and one persistent worker
// that spins between calls (like the executor's pool), so thread start-up is
// not timed.
class TwoThreads {
public:
    TwoThreads() : worker_([this] { loop(); }) {}
    ~TwoThreads() {
        stop_ = true;
        go_.fetch_add(1);
        worker_.join();
    }
    void run(const std::function<void(int)>& f) {
        job_ = &f;
        done_ = false;
        go_.fetch_add(1, std::memory_order_release);
        f(0);
        while (!done_.load(std::memory_order_acquire)) _mm_pause_portable();
    }

private:
    static void _mm_pause_portable() {
#if defined(__x86_64__)
        _mm_pause();
#endif
    }
    void loop() {
        unsigned seen = 0;
        for (;;) {
            while (go_.load(std::memory_order_acquire) == seen) _mm_pause_portable();
            seen = go_.load();
            if (stop_) return;
            (*job_)(1);
            done_.store(true, std::memory_order_release);
        }
    }
    std::atomic<unsigned> go_{0};
    std::atomic<bool> done_{false};
    std::atomic<bool> stop_{false};
    const std::function<void(int)>* job_ = nullptr;
    std::thread worker_;
};

#if defined(__x86_64__)
__attribute__((target("avx2"))) float sum_bytes_avx2(const float* p, size_t n) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (size_t i = 0; i + 32 <= n; i += 32) {
        a0 = _mm256_add_ps(a0, _mm256_load_ps(p + i));
        a1 = _mm256_add_ps(a1, _mm256_load_ps(p + i + 8));
        a2 = _mm256_add_ps(a2, _mm256_load_ps(p + i + 16));
        a3 = _mm256_add_ps(a3, _mm256_load_ps(p + i + 24));
    }
    const __m256 s = _mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3));
    float out[8];
    _mm256_storeu_ps(out, s);
    return out[0] + out[1] + out[2] + out[3] + out[4] + out[5] + out[6] + out[7];
}
#endif

float sum_floats(const float* p, size_t n) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) return sum_bytes_avx2(p, n);
#endif
    float s = 0;
    for (size_t i = 0; i < n; ++i) s += p[i];
    return s;
}

// Bytes per second two threads read from a 1 GiB buffer (best of 5 passes).
double read_bandwidth(TwoThreads& threads) {
    const size_t n = size_t(256) << 20;   // floats
    float* buf = static_cast<float*>(std::aligned_alloc(64, n * sizeof(float)));
    for (size_t i = 0; i < n; ++i) buf[i] = 1.0f;
    float sink[2];
    double best = 1e30;
    for (int pass = 0; pass < 5; ++pass) {
        const auto t0 = std::chrono::steady_clock::now();
        threads.run([&](int ith) { sink[ith] = sum_floats(buf + ith * (n / 2), n / 2); });
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        benchmark::DoNotOptimize(sink);
    }
    std::free(buf);
    return static_cast<double>(n * sizeof(float)) / best;
}

// Cheap reproducible weights in [-0.05, 0.05) (a normal generator would
// dominate set-up time for 58 million values).
void fill_uniform(float* x, size_t n, uint64_t seed) {
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    for (size_t i = 0; i < n; ++i) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        x[i] = (static_cast<float>(s >> 40) / 16777216.0f - 0.5f) * 0.1f;
    }
}

// The product through the public graph API on 2 threads: ggml_mul_mat of
// the weights (type) by one F32 vector, planned once, computed per iteration.
void BM_Matvec(benchmark::State& state, ggml_type type) {
    TwoThreads threads;
    const double read_bps = read_bandwidth(threads);

    const size_t wbytes = ggml_row_size(type, kK) * kM;
    ggml_context* ctx = ggml_init({wbytes + (size_t(16) << 20), nullptr, false});
    ggml_tensor* a = ggml_new_tensor_2d(ctx, type, kK, kM);
    ggml_tensor* b = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, kK);
    {
        std::vector<float> rows(static_cast<size_t>(kK) * 64);
        for (int64_t r = 0; r < kM; r += 64) {
            fill_uniform(rows.data(), rows.size(), static_cast<uint64_t>(r));
            ggml_quantize_chunk(type, rows.data(), static_cast<char*>(a->data) + r * a->nb[1], 0, 64, kK, nullptr);
        }
        fill_uniform(static_cast<float*>(b->data), kK, 99);
    }
    ggml_tensor* c = ggml_mul_mat(ctx, a, b);
    ggml_cgraph* g = ggml_new_graph(ctx);
    ggml_build_forward_expand(g, c);
    ggml_cplan plan = ggml_graph_plan(g, 2, nullptr);
    std::vector<uint8_t> work(plan.work_size + 64);
    plan.work_data = work.data();
    ggml_graph_compute(g, &plan);   // warm up the pool

    double total = 0;
    int64_t iters = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        ggml_graph_compute(g, &plan);
        total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++iters;
    }
    const double bps = static_cast<double>(wbytes) * static_cast<double>(iters) / total;
    state.counters["weight_GBps"] = bps / 1e9;
    state.counters["read_GBps"] = read_bps / 1e9;
    state.counters["ratio_vs_read"] = bps / read_bps;
    if (ggml_is_quantized(type)) state.SetLabel(lugh::quant::dot_kernels().name);
    ggml_free(ctx);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Matvec, f32, GGML_TYPE_F32)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK_CAPTURE(BM_Matvec, f16, GGML_TYPE_F16)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK_CAPTURE(BM_Matvec, q8_0, GGML_TYPE_Q8_0)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK_CAPTURE(BM_Matvec, q4_0, GGML_TYPE_Q4_0)->Unit(benchmark::kMillisecond)->MinTime(2.0);
