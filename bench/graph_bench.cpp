// Per-node overhead of the executor: a graph of 1000 tiny add nodes (a chain
// y = y + 1 on 16 floats), computed on 1 and 2 threads. "s_per_node" is the
// figure to compare with ggml (0.11 us on 1 thread, 0.6 us on 2 on this
// machine). The "split" variants force every node onto every thread, so they
// pay one barrier per node: the cost of the barrier itself.
#include <benchmark/benchmark.h>

#include <lugh/lugh.hpp>

#include "cpu/kernels.hpp"

namespace {

void tiny_adds(benchmark::State& state, bool split) {
    const int n_threads = static_cast<int>(state.range(0));
    constexpr int kNodes = 1000;
    lugh::Context ctx(8 << 20);
    auto y = lugh::Tensor::new_f32(ctx, {16});
    auto one = lugh::Tensor::new_f32(ctx, {16});
    y.fill(0.0f);
    one.fill(1.0f);
    lugh::Tensor x = y;
    for (int i = 0; i < kNodes; ++i) x = lugh::ops::add(ctx, x, one);
    lugh::Graph g(ctx, kNodes + 8);
    g.build_forward(x);
    const size_t saved = lugh::cpu::min_parallel_work();
    if (split) lugh::cpu::set_min_parallel_work(0);
    for (auto _ : state) g.compute(ctx, n_threads);
    lugh::cpu::set_min_parallel_work(saved);
    // Seconds per node (printed with an SI prefix: "95n" is 95 ns).
    state.counters["s_per_node"] =
        benchmark::Counter(kNodes, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_Graph1000TinyAdds(benchmark::State& state) { tiny_adds(state, false); }
void BM_Graph1000TinyAddsSplit(benchmark::State& state) { tiny_adds(state, true); }

}  // namespace

BENCHMARK(BM_Graph1000TinyAdds)->Arg(1)->Arg(2)->UseRealTime();
BENCHMARK(BM_Graph1000TinyAddsSplit)->Arg(2)->UseRealTime();
