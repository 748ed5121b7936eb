// Kernel throughput at 2 threads, as ratios to references measured in the
// same run: a plain two-thread stream add (c[i] = a[i] + b[i]) for the
// memory-bound ops, GFLOPS for mul_mat (OpenBLAS is not installed here, so
// there is no sgemm reference yet).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include <lugh/lugh.hpp>

namespace {

constexpr int kThreads = 2;

// Bytes per second of the best of 5 two-thread stream adds over 16M floats.
double stream_add_bandwidth() {
    static const double bw = [] {
        const size_t n = size_t{16} << 20;
        std::vector<float> a(n, 1.0f), b(n, 2.0f), c(n, 0.0f);
        double best = 1e30;
        for (int rep = 0; rep < 5; ++rep) {
            const auto t0 = std::chrono::steady_clock::now();
            std::vector<std::thread> ts;
            for (int t = 0; t < kThreads; ++t)
                ts.emplace_back([&, t] {
                    const size_t lo = n * t / kThreads, hi = n * (t + 1) / kThreads;
                    for (size_t i = lo; i < hi; ++i) c[i] = a[i] + b[i];
                });
            for (auto& t : ts) t.join();
            best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        benchmark::DoNotOptimize(c.data());
        return 3.0 * sizeof(float) * static_cast<double>(n) / best;
    }();
    return bw;
}

// One-node graph benchmark; `bytes` is the memory the node must move.
template <typename Build>
void run_graph(benchmark::State& state, size_t mem, double bytes, Build build) {
    lugh::Context ctx(mem);
    lugh::Tensor out = build(ctx);
    lugh::Graph g(ctx);
    g.build_forward(out);
    const double stream = stream_add_bandwidth();
    g.compute(ctx, kThreads);   // warm up: first touch of the result's pages
    for (auto _ : state) g.compute(ctx, kThreads);
    const double iters = static_cast<double>(state.iterations());
    state.counters["GBps"] = benchmark::Counter(bytes * iters * 1e-9, benchmark::Counter::kIsRate);
    state.counters["ratio_vs_stream"] = benchmark::Counter(bytes * iters / stream, benchmark::Counter::kIsRate);
}

void BM_StreamAdd16M(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(stream_add_bandwidth());
    state.counters["GBps"] = stream_add_bandwidth() * 1e-9;
}

void BM_Add16M(benchmark::State& state) {
    const int64_t n = int64_t{16} << 20;
    run_graph(state, 3 * n * 4 + (1 << 20), 3.0 * 4 * n, [n](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {n});
        auto b = lugh::Tensor::new_f32(ctx, {n});
        a.fill(1.0f);
        b.fill(2.0f);
        return lugh::ops::add(ctx, a, b);
    });
}

template <bool kRms>
void BM_RowOp4096(benchmark::State& state) {
    const int64_t n = 4096;
    run_graph(state, 2 * n * n * 4 + (1 << 20), 2.0 * 4 * n * n, [n](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {n, n});
        a.fill(0.5f);
        return kRms ? lugh::ops::rms_norm(ctx, a, 1e-5f) : lugh::ops::soft_max(ctx, a);
    });
}

void BM_MulMat(benchmark::State& state, lugh::Type type, int64_t M, int64_t N, int64_t K) {
    lugh::Context ctx(static_cast<size_t>((M * K + K * N + M * N) * 4) + (1 << 20));
    auto a = lugh::Tensor::create(ctx, type, {K, M});
    auto b = lugh::Tensor::new_f32(ctx, {K, N});
    a.fill(0.01f);
    b.fill(0.02f);
    auto c = lugh::ops::mul_mat(ctx, a, b);
    lugh::Graph g(ctx);
    g.build_forward(c);
    g.compute(ctx, kThreads);   // warm up
    for (auto _ : state) g.compute(ctx, kThreads);
    state.counters["GFLOPS"] = benchmark::Counter(2.0 * M * N * K * static_cast<double>(state.iterations()) * 1e-9,
                                                  benchmark::Counter::kIsRate);
}

void BM_MulMatF32_1024(benchmark::State& s) { BM_MulMat(s, lugh::Type::F32, 1024, 1024, 1024); }
void BM_MulMatF16_4096x512x4096(benchmark::State& s) { BM_MulMat(s, lugh::Type::F16, 4096, 512, 4096); }

}  // namespace

BENCHMARK(BM_StreamAdd16M)->Iterations(1);
BENCHMARK(BM_Add16M)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RowOp4096<false>)->Name("BM_SoftMax4096")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RowOp4096<true>)->Name("BM_RmsNorm4096")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MulMatF32_1024)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MulMatF16_4096x512x4096)->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(1);
