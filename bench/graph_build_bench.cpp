// What building a graph costs when the weights live in another context, as an
// inference engine does it for every token: reset the compute context, make
// the nodes of a 22-layer transformer block stack over the weights, build the
// graph. Nothing is computed (both contexts are metadata only), so the figure
// is the bookkeeping alone: op constructors, cross-context tracking, the walk.
//
// Each iteration times the same build twice, back to back: once over weights
// in their own long-lived context ("other"), once with the weights made in
// the compute context itself ("same"; making them is not timed). The counter
// ratio_other_vs_same compares the best of each (goal: at most 1.1). The
// argument is how many extra contexts are live, to show that the cost does
// not grow with them. Times are CPU time of the building thread, so other
// processes on a busy machine do not count.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include <lugh/lugh.hpp>

#include "bench_support.hpp"

namespace {

namespace ops = lugh::ops;
using lugh::Tensor;

constexpr int kLayers = 22;
constexpr int64_t kEmbed = 64, kHeads = 4, kHeadDim = kEmbed / kHeads, kFfn = 176, kVocab = 256, kTokens = 8;

struct Layer {
    Tensor attn_norm, wq, wk, wv, wo, ffn_norm, gate, up, down;
};
struct Weights {
    Tensor tok_embd, out_norm, output;
    std::vector<Layer> layers;
};

Weights make_weights(lugh::Context& ctx) {
    auto w2 = [&](int64_t a, int64_t b) { return Tensor::new_f32(ctx, {a, b}); };
    Weights w;
    w.tok_embd = w2(kEmbed, kVocab);
    w.out_norm = Tensor::new_f32(ctx, {kEmbed});
    w.output = w2(kEmbed, kVocab);
    for (int l = 0; l < kLayers; ++l)
        w.layers.push_back(Layer{Tensor::new_f32(ctx, {kEmbed}), w2(kEmbed, kEmbed), w2(kEmbed, kEmbed),
                                 w2(kEmbed, kEmbed), w2(kEmbed, kEmbed), Tensor::new_f32(ctx, {kEmbed}),
                                 w2(kEmbed, kFfn), w2(kEmbed, kFfn), w2(kFfn, kEmbed)});
    return w;
}

// The forward graph of one batch of kTokens tokens (llama-style blocks).
int build(lugh::Context& ctx, const Weights& w) {
    Tensor tokens = Tensor::create(ctx, lugh::Type::I32, {kTokens});
    Tensor pos = Tensor::create(ctx, lugh::Type::I32, {kTokens});
    Tensor x = ops::get_rows(ctx, w.tok_embd, tokens);
    for (const Layer& l : w.layers) {
        Tensor h = ops::mul(ctx, ops::rms_norm(ctx, x, 1e-5f), l.attn_norm);
        Tensor q = ops::rope(ctx, ops::reshape_3d(ctx, ops::mul_mat(ctx, l.wq, h), kHeadDim, kHeads, kTokens), pos,
                             static_cast<int>(kHeadDim), 0);
        Tensor k = ops::rope(ctx, ops::reshape_3d(ctx, ops::mul_mat(ctx, l.wk, h), kHeadDim, kHeads, kTokens), pos,
                             static_cast<int>(kHeadDim), 0);
        Tensor v = ops::reshape_3d(ctx, ops::mul_mat(ctx, l.wv, h), kHeadDim, kHeads, kTokens);
        Tensor kq = ops::mul_mat(ctx, ops::permute(ctx, k, 0, 2, 1, 3), ops::permute(ctx, q, 0, 2, 1, 3));
        Tensor attn = ops::soft_max(ctx, ops::diag_mask_inf(ctx, ops::scale(ctx, kq, 0.25f), 0));
        Tensor vt = ops::cont(ctx, ops::permute(ctx, v, 1, 2, 0, 3));
        Tensor kqv = ops::permute(ctx, ops::mul_mat(ctx, vt, attn), 0, 2, 1, 3);
        Tensor merged = ops::cont_2d(ctx, kqv, kEmbed, kTokens);
        x = ops::add(ctx, x, ops::mul_mat(ctx, l.wo, merged));
        Tensor f = ops::mul(ctx, ops::rms_norm(ctx, x, 1e-5f), l.ffn_norm);
        Tensor g = ops::silu(ctx, ops::mul_mat(ctx, l.gate, f));
        x = ops::add(ctx, x, ops::mul_mat(ctx, l.down, ops::mul(ctx, g, ops::mul_mat(ctx, l.up, f))));
    }
    Tensor logits = ops::mul_mat(ctx, w.output, ops::mul(ctx, ops::rms_norm(ctx, x, 1e-5f), w.out_norm));
    lugh::Graph graph(ctx, 4096);
    graph.build_forward(logits);
    return graph.n_nodes();
}

void BM_GraphBuild22Layers(benchmark::State& state) {
    // Extra live contexts: the cost must not depend on them.
    std::vector<std::unique_ptr<lugh::Context>> crowd;
    for (int i = 0; i < state.range(0); ++i) crowd.push_back(std::make_unique<lugh::Context>(4096));

    lugh::Context weights_ctx({1 << 20, nullptr, true});
    const Weights weights = make_weights(weights_ctx);
    lugh::Context other({8 << 20, nullptr, true});
    lugh::Context same({8 << 20, nullptr, true});
    double best_other = 1e30, best_same = 1e30;
    int nodes = 0;
    for (auto _ : state) {
        other.reset();
        double t0 = lugh::bench::thread_cpu_seconds();
        nodes = build(other, weights);
        const double t_other = lugh::bench::thread_cpu_seconds() - t0;

        same.reset();
        const Weights local = make_weights(same);
        t0 = lugh::bench::thread_cpu_seconds();
        build(same, local);
        const double t_same = lugh::bench::thread_cpu_seconds() - t0;

        state.SetIterationTime(t_other);
        best_other = t_other < best_other ? t_other : best_other;
        best_same = t_same < best_same ? t_same : best_same;
    }
    state.counters["nodes"] = nodes;
    state.counters["other_us"] = best_other * 1e6;
    state.counters["same_us"] = best_same * 1e6;
    state.counters["ratio_other_vs_same"] = best_other / best_same;
}

}  // namespace

BENCHMARK(BM_GraphBuild22Layers)->Arg(0)->Arg(1000)->UseManualTime();
