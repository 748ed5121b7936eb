// The memory planner on the three graphs (transformer block, 32-layer
// MLP, long element-wise chain): time to plan, and the planned buffer as a
// ratio to the lower bound (most bytes live at one step; 1.0 is optimal for
// the given live ranges) and to the sum of all intermediates (no reuse).
#include <benchmark/benchmark.h>

#include "../tests/alloc/model_graphs.hpp"
#include "alloc/graph_allocator.hpp"
#include "backend/buffer.hpp"

namespace {

template <typename Build>
void plan_bench(benchmark::State& state, Build build) {
    lugh::testing::HandGraph g(8192);
    build(g);
    lugh::alloc::PlanStats s;
    for (auto _ : state) {
        s = lugh::alloc::plan_graph(g.graph(), lugh::backend::cpu_buffer_type(), "alloc_bench");
        benchmark::DoNotOptimize(s.planned);
    }
    state.counters["nodes"] = static_cast<double>(g.nodes().size());
    state.counters["planned_MiB"] = s.planned / 1048576.0;
    state.counters["lower_bound_MiB"] = s.lower_bound / 1048576.0;
    state.counters["no_reuse_MiB"] = s.sum_of_tensors / 1048576.0;
    state.counters["ratio_vs_lower_bound"] = double(s.planned) / double(s.lower_bound);
    state.counters["ratio_vs_sum"] = double(s.planned) / double(s.sum_of_tensors);
    state.counters["greedy_vs_lower_bound"] = double(s.greedy_by_size) / double(s.lower_bound);
    state.counters["in_order_vs_lower_bound"] = double(s.best_fit_in_order) / double(s.lower_bound);
    state.counters["in_place"] = s.n_inplace;
}

void BM_PlanTransformerBlock(benchmark::State& state) {
    plan_bench(state, [](lugh::testing::HandGraph& g) { lugh::testing::build_transformer_block(g); });
}
void BM_PlanTransformer8Blocks(benchmark::State& state) {
    plan_bench(state, [](lugh::testing::HandGraph& g) {
        lugh::testing::build_transformer_block(g, 2048, 16, 256, 5632, 8);
    });
}
void BM_PlanMlp32(benchmark::State& state) {
    plan_bench(state, [](lugh::testing::HandGraph& g) { lugh::testing::build_mlp(g); });
}
void BM_PlanElementwiseChain(benchmark::State& state) {
    plan_bench(state, [](lugh::testing::HandGraph& g) { lugh::testing::build_chain(g, 1024); });
}

}  // namespace

BENCHMARK(BM_PlanTransformerBlock)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PlanTransformer8Blocks)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PlanMlp32)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PlanElementwiseChain)->Unit(benchmark::kMicrosecond);
