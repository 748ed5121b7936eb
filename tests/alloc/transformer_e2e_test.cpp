// End to end with the real ops: a two-layer llama-style block computed once
// in an allocating context (every tensor its own memory) and once in a
// metadata-only compute context planned by ggml_gallocr, with the weights in
// a backend buffer. The outputs must be identical, and the plan near its bound.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "alloc/graph_allocator.hpp"
#include "lugh/ggml/ggml-alloc.h"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"

namespace {

constexpr int64_t kEmbd = 64, kHead = 4, kHd = kEmbd / kHead, kTokens = 7, kFf = 96;
constexpr int kLayers = 2;

struct Layer {
    ggml_tensor *wq, *wk, *wv, *wo, *gate, *up, *down, *attn_norm, *ffn_norm;
};

std::vector<Layer> make_weights(ggml_context* w) {
    std::vector<Layer> layers(kLayers);
    for (Layer& l : layers) {
        l.wq = ggml_new_tensor_2d(w, GGML_TYPE_F32, kEmbd, kEmbd);
        l.wk = ggml_new_tensor_2d(w, GGML_TYPE_F32, kEmbd, kEmbd);
        l.wv = ggml_new_tensor_2d(w, GGML_TYPE_F32, kEmbd, kEmbd);
        l.wo = ggml_new_tensor_2d(w, GGML_TYPE_F32, kEmbd, kEmbd);
        l.gate = ggml_new_tensor_2d(w, GGML_TYPE_F32, kEmbd, kFf);
        l.up = ggml_new_tensor_2d(w, GGML_TYPE_F32, kEmbd, kFf);
        l.down = ggml_new_tensor_2d(w, GGML_TYPE_F32, kFf, kEmbd);
        l.attn_norm = ggml_new_tensor_1d(w, GGML_TYPE_F32, kEmbd);
        l.ffn_norm = ggml_new_tensor_1d(w, GGML_TYPE_F32, kEmbd);
    }
    return layers;
}

void fill_weights(ggml_context* w) {
    int k = 0;
    for (ggml_tensor* t = ggml_get_first_tensor(w); t; t = ggml_get_next_tensor(w, t), ++k) {
        std::vector<float> v(static_cast<size_t>(ggml_nelements(t)));
        for (size_t i = 0; i < v.size(); ++i) v[i] = 0.02f * float(int((i * 37 + k * 11) % 19) - 9);
        ggml_backend_tensor_set(t, v.data(), 0, ggml_nbytes(t));
    }
}

struct Built {
    ggml_cgraph* graph;
    ggml_tensor* x;
    ggml_tensor* pos;
    ggml_tensor* out;
};

Built build(ggml_context* ctx, const std::vector<Layer>& layers) {
    Built b{};
    b.x = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, kEmbd, kTokens);
    b.pos = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, kTokens);
    ggml_set_input(b.x);
    ggml_set_input(b.pos);
    ggml_tensor* x = b.x;
    for (const Layer& l : layers) {
        ggml_tensor* cur = ggml_mul(ctx, ggml_rms_norm(ctx, x, 1e-5f), l.attn_norm);
        ggml_tensor* q = ggml_reshape_3d(ctx, ggml_mul_mat(ctx, l.wq, cur), kHd, kHead, kTokens);
        ggml_tensor* k = ggml_reshape_3d(ctx, ggml_mul_mat(ctx, l.wk, cur), kHd, kHead, kTokens);
        ggml_tensor* v = ggml_reshape_3d(ctx, ggml_mul_mat(ctx, l.wv, cur), kHd, kHead, kTokens);
        q = ggml_permute(ctx, ggml_rope(ctx, q, b.pos, (int)kHd, 0), 0, 2, 1, 3);
        k = ggml_permute(ctx, ggml_rope(ctx, k, b.pos, (int)kHd, 0), 0, 2, 1, 3);
        ggml_tensor* kq = ggml_mul_mat(ctx, k, q);
        kq = ggml_soft_max(ctx, ggml_diag_mask_inf(ctx, ggml_scale(ctx, kq, 0.25f), 0));
        v = ggml_cont(ctx, ggml_permute(ctx, v, 1, 2, 0, 3));
        ggml_tensor* kqv = ggml_permute(ctx, ggml_mul_mat(ctx, v, kq), 0, 2, 1, 3);
        cur = ggml_reshape_2d(ctx, ggml_cont(ctx, kqv), kEmbd, kTokens);
        ggml_tensor* x1 = ggml_add(ctx, ggml_mul_mat(ctx, l.wo, cur), x);
        cur = ggml_mul(ctx, ggml_rms_norm(ctx, x1, 1e-5f), l.ffn_norm);
        ggml_tensor* h = ggml_mul(ctx, ggml_silu(ctx, ggml_mul_mat(ctx, l.gate, cur)), ggml_mul_mat(ctx, l.up, cur));
        x = ggml_add(ctx, ggml_mul_mat(ctx, l.down, h), x1);
    }
    b.out = x;
    ggml_set_output(b.out);
    b.graph = ggml_new_graph(ctx);
    ggml_build_forward_expand(b.graph, b.out);
    return b;
}

void set_inputs(const Built& b) {
    std::vector<float> x(kEmbd * kTokens);
    for (size_t i = 0; i < x.size(); ++i) x[i] = 0.05f * float(int(i % 23) - 11);
    std::vector<int32_t> pos(kTokens);
    for (int i = 0; i < kTokens; ++i) pos[i] = i;
    ggml_backend_tensor_set(b.x, x.data(), 0, ggml_nbytes(b.x));
    ggml_backend_tensor_set(b.pos, pos.data(), 0, ggml_nbytes(b.pos));
}

std::vector<float> output(const Built& b) {
    std::vector<float> v(static_cast<size_t>(ggml_nelements(b.out)));
    ggml_backend_tensor_get(b.out, v.data(), 0, ggml_nbytes(b.out));
    return v;
}

}  // namespace

TEST(TransformerEndToEnd, PlannedComputeEqualsUnplanned) {
    ggml_backend_t be = ggml_backend_cpu_init();
    ggml_backend_cpu_set_n_threads(be, 2);
    ggml_context* wctx = ggml_init({64 * ggml_tensor_overhead(), nullptr, true});
    const std::vector<Layer> layers = make_weights(wctx);
    ggml_backend_buffer_t wbuf = ggml_backend_alloc_ctx_tensors(wctx, be);
    ASSERT_NE(wbuf, nullptr);
    fill_weights(wctx);

    const size_t meta = ggml_tensor_overhead() * GGML_DEFAULT_GRAPH_SIZE + ggml_graph_overhead();

    // Unplanned: an allocating context, every tensor its own memory.
    ggml_context* plain = ggml_init({meta + (8u << 20), nullptr, false});
    Built a = build(plain, layers);
    set_inputs(a);
    ASSERT_EQ(ggml_backend_graph_compute(be, a.graph), GGML_STATUS_SUCCESS);
    const std::vector<float> expected = output(a);

    // Planned: metadata-only, rebuilt three times as a program would per step.
    ggml_context* compute = ggml_init({meta, nullptr, true});
    ggml_gallocr_t galloc = ggml_gallocr_new(ggml_backend_get_default_buffer_type(be));
    size_t first_size = 0;
    for (int step = 0; step < 3; ++step) {
        ggml_reset(compute);
        Built b = build(compute, layers);
        ASSERT_TRUE(ggml_gallocr_alloc_graph(galloc, b.graph));
        set_inputs(b);
        ASSERT_EQ(ggml_backend_graph_compute(be, b.graph), GGML_STATUS_SUCCESS);
        EXPECT_EQ(output(b), expected) << "step " << step;
        if (step == 0) first_size = ggml_gallocr_get_buffer_size(galloc, 0);
        EXPECT_EQ(ggml_gallocr_get_buffer_size(galloc, 0), first_size);   // reused, never grown
        // The weights were left where they were.
        EXPECT_EQ(layers[0].wq->buffer, wbuf);
    }
    const lugh::alloc::PlanStats& s = galloc->last;
    std::printf("planner real-op 2-layer block: %d nodes, planned %zu B, lower bound %zu B (x%.3f), no reuse %zu B "
                "(x%.3f), in place %d\n",
                ggml_graph_n_nodes(a.graph), s.planned, s.lower_bound, double(s.planned) / double(s.lower_bound),
                s.sum_of_tensors, double(s.planned) / double(s.sum_of_tensors), s.n_inplace);
    EXPECT_LE(double(s.planned), 1.10 * double(s.lower_bound));
    EXPECT_LT(s.planned, s.sum_of_tensors);

    ggml_gallocr_free(galloc);
    ggml_free(compute);
    ggml_free(plain);
    ggml_backend_buffer_free(wbuf);
    ggml_free(wctx);
    ggml_backend_free(be);
}
