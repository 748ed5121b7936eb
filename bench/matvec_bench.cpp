// Matrix-vector speed for weights: 4096 x 14336 weights (K = 4096, M = 14336,
// an FFN matrix of a 7-8B model) times one F32 vector, 2 threads, reported as
// weight bytes per second and as a ratio to the memory read bandwidth
// measured in the same iterations (2 threads summing as many bytes, from a
// buffer far larger than the L3). The product runs through the public graph
// API (ggml_mul_mat, ggml_graph_compute).
// ratio_vs_read = 1.0 means the product runs at the speed of reading memory.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
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

#include "bench_support.hpp"
#include "lugh/ggml/ggml-cpu.h"
#include "lugh/ggml/ggml.h"
#include "cpu/matmul/dot.hpp"

namespace {

constexpr int64_t kK = 4096, kM = 14336;

// Runs f(ith) on 2 threads: the caller as thread 0 and one persistent worker
// that sleeps between calls, so it takes no CPU from the product being timed
// (the wake-up, tens of microseconds, is charged to the read probe: it makes
// the reference slightly slower, never the product).
class TwoThreads {
public:
    TwoThreads() : worker_([this] { loop(); }) {}
    ~TwoThreads() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
            ++generation_;
        }
        wake_.notify_one();
        worker_.join();
    }
    void run(const std::function<void(int)>& f) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            job_ = &f;
            done_ = false;
            ++generation_;
        }
        wake_.notify_one();
        f(0);
        std::unique_lock<std::mutex> lock(mutex_);
        finished_.wait(lock, [this] { return done_; });
    }

private:
    void loop() {
        uint64_t seen = 0;
        for (;;) {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return generation_ != seen; });
            seen = generation_;
            if (stop_) return;
            const auto* job = job_;
            lock.unlock();
            (*job)(1);
            lock.lock();
            done_ = true;
            lock.unlock();
            finished_.notify_one();
        }
    }
    std::mutex mutex_;
    std::condition_variable wake_, finished_;
    uint64_t generation_ = 0;
    bool done_ = false, stop_ = false;
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

// A buffer 8 times the L3, read by 2 threads in slices the size of the
// weights, each slice after the previous one (so no slice is still cached).
class ReadProbe {
public:
    explicit ReadProbe(size_t slice_bytes) : slice_(slice_bytes / sizeof(float) / 64 * 64) {
        n_ = std::max(size_t(64) << 20, 2 * slice_);   // >= 256 MiB of floats
        buf_ = static_cast<float*>(std::aligned_alloc(64, n_ * sizeof(float)));
        for (size_t i = 0; i < n_; ++i) buf_[i] = 1.0f;
    }
    ~ReadProbe() { std::free(buf_); }
    // Seconds for 2 threads to read the next slice.
    double time_slice(TwoThreads& threads) {
        if (at_ + slice_ > n_) at_ = 0;
        const float* p = buf_ + at_;
        at_ += slice_;
        float sink[2];
        const auto t0 = std::chrono::steady_clock::now();
        threads.run([&](int ith) { sink[ith] = sum_floats(p + ith * (slice_ / 2), slice_ / 2); });
        benchmark::DoNotOptimize(sink);
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    size_t slice_bytes() const { return slice_ * sizeof(float); }

private:
    float* buf_ = nullptr;
    size_t n_ = 0, slice_ = 0, at_ = 0;
};

// The product through the public graph API on 2 threads: ggml_mul_mat of
// the weights (type) by one F32 vector, planned once, computed per iteration.
void BM_Matvec(benchmark::State& state, ggml_type type) {
    TwoThreads threads;
    const size_t wbytes = ggml_row_size(type, kK) * kM;
    ggml_context* ctx = ggml_init({wbytes + (size_t(16) << 20), nullptr, false});
    ggml_tensor* a = ggml_new_tensor_2d(ctx, type, kK, kM);
    ggml_tensor* b = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, kK);
    {
        // 256 distinct rows (the K-quants' reference quantizers are slow),
        // repeated down the matrix: the speed does not depend on the values.
        constexpr int64_t kDistinct = 256;
        std::vector<float> rows(static_cast<size_t>(kK * kDistinct));
        lugh::bench::fill_uniform(rows.data(), rows.size(), 1, 0.05f);
        ggml_quantize_chunk(type, rows.data(), a->data, 0, kDistinct, kK, nullptr);
        const size_t block = static_cast<size_t>(kDistinct) * a->nb[1];
        for (int64_t r = kDistinct; r < kM; r += kDistinct)
            std::memcpy(static_cast<char*>(a->data) + r * a->nb[1], a->data, std::min(block, static_cast<size_t>(kM - r) * a->nb[1]));
        lugh::bench::fill_uniform(static_cast<float*>(b->data), kK, 99, 0.05f);
    }
    ggml_tensor* c = ggml_mul_mat(ctx, a, b);
    ggml_cgraph* g = ggml_new_graph(ctx);
    ggml_build_forward_expand(g, c);
    ggml_cplan plan = ggml_graph_plan(g, 2, nullptr);
    std::vector<uint8_t> work(plan.work_size + 64);
    plan.work_data = work.data();
    ggml_graph_compute(g, &plan);   // warm up the pool

    // Each iteration times the product and, right after, a read of as many
    // bytes by 2 threads: both see the same machine, even a busy one.
    ReadProbe probe(wbytes);
    double total = 0, best = 1e30, read_total = 0, read_best = 1e30;
    int64_t iters = 0;
    std::vector<double> paired;   // each iteration's product speed over its own read speed
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        ggml_graph_compute(g, &plan);
        const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double r = probe.time_slice(threads);
        total += t;
        best = std::min(best, t);
        read_total += r;
        read_best = std::min(read_best, r);
        paired.push_back((static_cast<double>(wbytes) / t) / (static_cast<double>(probe.slice_bytes()) / r));
        ++iters;
    }
    const double bps = static_cast<double>(wbytes) * static_cast<double>(iters) / total;
    const double read_bps = static_cast<double>(probe.slice_bytes()) * static_cast<double>(iters) / read_total;
    state.counters["weight_GBps"] = bps / 1e9;
    state.counters["read_GBps"] = read_bps / 1e9;
    state.counters["ratio_vs_read"] = bps / read_bps;
    state.counters["best_ratio_vs_read"] = (static_cast<double>(wbytes) / best) /
                                           (static_cast<double>(probe.slice_bytes()) / read_best);
    // The median of the paired ratios: a burst of load from other processes
    // slows one product or one read, and moves the mean, not the median.
    std::sort(paired.begin(), paired.end());
    if (!paired.empty()) state.counters["median_ratio_vs_read"] = paired[paired.size() / 2];
    if (ggml_is_quantized(type)) state.SetLabel(lugh::cpu::matmul::dot_kernels().name);
    ggml_free(ctx);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Matvec, f32, GGML_TYPE_F32)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, f16, GGML_TYPE_F16)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, q8_0, GGML_TYPE_Q8_0)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, q4_0, GGML_TYPE_Q4_0)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, q4_1, GGML_TYPE_Q4_1)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, q5_0, GGML_TYPE_Q5_0)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, q5_1, GGML_TYPE_Q5_1)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, iq4_nl, GGML_TYPE_IQ4_NL)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, q2_k, GGML_TYPE_Q2_K)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, q3_k, GGML_TYPE_Q3_K)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, q4_k, GGML_TYPE_Q4_K)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, q5_k, GGML_TYPE_Q5_K)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, q6_k, GGML_TYPE_Q6_K)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_Matvec, iq4_xs, GGML_TYPE_IQ4_XS)->Unit(benchmark::kMillisecond)->MinTime(1.0);
