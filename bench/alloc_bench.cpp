// The memory planner on the three graphs (transformer block, 32-layer
// MLP, long element-wise chain): time to plan, and the planned buffer as a
// ratio to the lower bound (most bytes live at one step; 1.0 is optimal for
// the given live ranges) and to the sum of all intermediates (no reuse).
#include <benchmark/benchmark.h>

#include "../tests/alloc/model_graphs.hpp"
#include "alloc/graph_allocator.hpp"
#include "backend/buffer.hpp"
#include "lugh/ggml/ggml-alloc.h"
#include "lugh/ggml/ggml-backend.h"

namespace {

void plan_and_report(benchmark::State& state, ggml_cgraph* graph) {
    lugh::alloc::PlanStats s;
    for (auto _ : state) {
        s = lugh::alloc::plan_graph(graph, lugh::backend::cpu_buffer_type(), "alloc_bench");
        benchmark::DoNotOptimize(s.planned);
    }
    state.counters["nodes"] = static_cast<double>(graph->n_nodes);
    state.counters["planned_MiB"] = s.planned / 1048576.0;
    state.counters["lower_bound_MiB"] = s.lower_bound / 1048576.0;
    state.counters["no_reuse_MiB"] = s.sum_of_tensors / 1048576.0;
    state.counters["ratio_vs_lower_bound"] = double(s.planned) / double(s.lower_bound);
    state.counters["ratio_vs_sum"] = double(s.planned) / double(s.sum_of_tensors);
    state.counters["greedy_vs_lower_bound"] = double(s.greedy_by_size) / double(s.lower_bound);
    state.counters["in_order_vs_lower_bound"] = double(s.best_fit_in_order) / double(s.lower_bound);
    state.counters["in_place"] = s.n_inplace;
}

template <typename Build>
void plan_bench(benchmark::State& state, Build build) {
    lugh::testing::HandGraph g(8192);
    build(g);
    plan_and_report(state, g.graph());
}

// The same block made with the real ops (shapes only: nothing is computed;
// the weights sit in an untouched backend buffer so the planner leaves them).
void BM_PlanTransformerBlockRealOps(benchmark::State& state) {
    const int64_t n_embd = 2048, n_head = 16, hd = n_embd / n_head, n_tokens = 256, n_ff = 5632;
    ggml_context* w = ggml_init({16 * ggml_tensor_overhead(), nullptr, true});
    ggml_tensor* wq = ggml_new_tensor_2d(w, GGML_TYPE_F32, n_embd, n_embd);
    ggml_tensor* wk = ggml_new_tensor_2d(w, GGML_TYPE_F32, n_embd, n_embd);
    ggml_tensor* wv = ggml_new_tensor_2d(w, GGML_TYPE_F32, n_embd, n_embd);
    ggml_tensor* wo = ggml_new_tensor_2d(w, GGML_TYPE_F32, n_embd, n_embd);
    ggml_tensor* gate = ggml_new_tensor_2d(w, GGML_TYPE_F32, n_embd, n_ff);
    ggml_tensor* up = ggml_new_tensor_2d(w, GGML_TYPE_F32, n_embd, n_ff);
    ggml_tensor* down = ggml_new_tensor_2d(w, GGML_TYPE_F32, n_ff, n_embd);
    ggml_tensor* attn_norm = ggml_new_tensor_1d(w, GGML_TYPE_F32, n_embd);
    ggml_tensor* ffn_norm = ggml_new_tensor_1d(w, GGML_TYPE_F32, n_embd);
    ggml_backend_buffer_t wbuf = ggml_backend_alloc_ctx_tensors_from_buft(w, ggml_backend_cpu_buffer_type());

    ggml_context* ctx = ggml_init({ggml_tensor_overhead() * GGML_DEFAULT_GRAPH_SIZE + ggml_graph_overhead(), nullptr, true});
    ggml_tensor* x = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, n_embd, n_tokens);
    ggml_tensor* pos = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, n_tokens);
    ggml_set_input(x);
    ggml_set_input(pos);
    ggml_tensor* cur = ggml_mul(ctx, ggml_rms_norm(ctx, x, 1e-5f), attn_norm);
    ggml_tensor* q = ggml_reshape_3d(ctx, ggml_mul_mat(ctx, wq, cur), hd, n_head, n_tokens);
    ggml_tensor* k = ggml_reshape_3d(ctx, ggml_mul_mat(ctx, wk, cur), hd, n_head, n_tokens);
    ggml_tensor* v = ggml_reshape_3d(ctx, ggml_mul_mat(ctx, wv, cur), hd, n_head, n_tokens);
    q = ggml_permute(ctx, ggml_rope(ctx, q, pos, (int)hd, 0), 0, 2, 1, 3);
    k = ggml_permute(ctx, ggml_rope(ctx, k, pos, (int)hd, 0), 0, 2, 1, 3);
    ggml_tensor* kq = ggml_soft_max(ctx, ggml_diag_mask_inf(ctx, ggml_scale(ctx, ggml_mul_mat(ctx, k, q), 0.088f), 0));
    v = ggml_cont(ctx, ggml_permute(ctx, v, 1, 2, 0, 3));
    ggml_tensor* kqv = ggml_permute(ctx, ggml_mul_mat(ctx, v, kq), 0, 2, 1, 3);
    cur = ggml_reshape_2d(ctx, ggml_cont(ctx, kqv), n_embd, n_tokens);
    ggml_tensor* x1 = ggml_add(ctx, ggml_mul_mat(ctx, wo, cur), x);
    cur = ggml_mul(ctx, ggml_rms_norm(ctx, x1, 1e-5f), ffn_norm);
    ggml_tensor* h = ggml_mul(ctx, ggml_silu(ctx, ggml_mul_mat(ctx, gate, cur)), ggml_mul_mat(ctx, up, cur));
    ggml_tensor* out = ggml_add(ctx, ggml_mul_mat(ctx, down, h), x1);
    ggml_set_output(out);
    ggml_cgraph* graph = ggml_new_graph(ctx);
    ggml_build_forward_expand(graph, out);

    plan_and_report(state, graph);
    ggml_free(ctx);
    ggml_backend_buffer_free(wbuf);
    ggml_free(w);
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

BENCHMARK(BM_PlanTransformerBlockRealOps)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PlanTransformerBlock)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PlanTransformer8Blocks)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PlanMlp32)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PlanElementwiseChain)->Unit(benchmark::kMicrosecond);
