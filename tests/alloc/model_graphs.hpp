// The three graphs the planner is measured on (shapes only; no data):
// a llama-style transformer block, a 32-layer MLP with residuals, and a long
// chain of element-wise ops. Shared by tests/alloc and bench/alloc_bench.cpp.
#pragma once

#include "hand_graph.hpp"

namespace lugh::testing {

// One pre-norm transformer block: attention (rope, causal softmax) + SwiGLU FFN.
inline void build_transformer_block(HandGraph& g, int64_t n_embd = 2048, int64_t n_head = 16, int64_t n_tokens = 256,
                                    int64_t n_ff = 5632, int n_layers = 1) {
    const int64_t hd = n_embd / n_head;
    ggml_tensor* x = g.leaf({n_embd, n_tokens}, "x");
    ggml_set_input(x);
    for (int l = 0; l < n_layers; ++l) {
        ggml_tensor* wq = g.weight({n_embd, n_embd}, "wq");
        ggml_tensor* wk = g.weight({n_embd, n_embd}, "wk");
        ggml_tensor* wv = g.weight({n_embd, n_embd}, "wv");
        ggml_tensor* wo = g.weight({n_embd, n_embd}, "wo");
        ggml_tensor* w_gate = g.weight({n_embd, n_ff}, "w_gate");
        ggml_tensor* w_up = g.weight({n_embd, n_ff}, "w_up");
        ggml_tensor* w_down = g.weight({n_ff, n_embd}, "w_down");
        ggml_tensor* attn_norm = g.weight({n_embd}, "attn_norm");
        ggml_tensor* ffn_norm = g.weight({n_embd}, "ffn_norm");

        ggml_tensor* cur = g.same(GGML_OP_RMS_NORM, x, {x}, "attn_rms");
        cur = g.same(GGML_OP_MUL, cur, {cur, attn_norm}, "attn_normed");
        ggml_tensor* q = g.mul_mat(wq, cur, "q");
        ggml_tensor* k = g.mul_mat(wk, cur, "k");
        ggml_tensor* v = g.mul_mat(wv, cur, "v");
        q = g.reshape(q, {hd, n_head, n_tokens}, "q_heads");
        k = g.reshape(k, {hd, n_head, n_tokens}, "k_heads");
        q = g.same(GGML_OP_ROPE, q, {q}, "q_rope");
        k = g.same(GGML_OP_ROPE, k, {k}, "k_rope");
        q = g.permute(q, 0, 2, 1, 3, "q_perm");   // [hd, T, H]
        k = g.permute(k, 0, 2, 1, 3, "k_perm");
        ggml_tensor* kq = g.mul_mat(k, q, "kq");  // [T, T, H]
        kq = g.same(GGML_OP_SCALE, kq, {kq}, "kq_scaled");
        kq = g.same(GGML_OP_DIAG_MASK_INF, kq, {kq}, "kq_masked");
        kq = g.same(GGML_OP_SOFT_MAX, kq, {kq}, "kq_soft_max");
        v = g.reshape(v, {hd, n_head, n_tokens}, "v_heads");
        v = g.permute(v, 1, 2, 0, 3, "v_perm");   // [T, hd, H]
        v = g.node(GGML_OP_CONT, {n_tokens, hd, n_head}, {v}, "v_cont");
        ggml_tensor* kqv = g.mul_mat(v, kq, "kqv");   // [hd, T, H]
        ggml_tensor* merged = g.permute(kqv, 0, 2, 1, 3, "kqv_merged");   // [hd, H, T]
        cur = g.node(GGML_OP_CONT, {hd, n_head, n_tokens}, {merged}, "kqv_cont");
        cur = g.reshape(cur, {n_embd, n_tokens}, "attn_flat");
        cur = g.mul_mat(wo, cur, "attn_out");
        ggml_tensor* x1 = g.same(GGML_OP_ADD, cur, {cur, x}, "attn_residual");

        cur = g.same(GGML_OP_RMS_NORM, x1, {x1}, "ffn_rms");
        cur = g.same(GGML_OP_MUL, cur, {cur, ffn_norm}, "ffn_normed");
        ggml_tensor* gate = g.mul_mat(w_gate, cur, "gate");
        ggml_tensor* up = g.mul_mat(w_up, cur, "up");
        gate = g.same(GGML_OP_UNARY, gate, {gate}, "gate_silu");
        ggml_tensor* h = g.same(GGML_OP_MUL, gate, {gate, up}, "gate_up");
        cur = g.mul_mat(w_down, h, "ffn_out");
        x = g.same(GGML_OP_ADD, cur, {cur, x1}, "ffn_residual");
    }
    ggml_set_output(x);
    g.allocate_weights();
}

// n_layers of x = x + W2 relu(W1 x).
inline void build_mlp(HandGraph& g, int n_layers = 32, int64_t d = 1024, int64_t hidden = 4096, int64_t batch = 64) {
    ggml_tensor* x = g.leaf({d, batch}, "x");
    ggml_set_input(x);
    for (int l = 0; l < n_layers; ++l) {
        ggml_tensor* w1 = g.weight({d, hidden}, "w1");
        ggml_tensor* w2 = g.weight({hidden, d}, "w2");
        ggml_tensor* h = g.mul_mat(w1, x, "h");
        h = g.same(GGML_OP_UNARY, h, {h}, "relu");
        ggml_tensor* y = g.mul_mat(w2, h, "y");
        x = g.same(GGML_OP_ADD, y, {y, x}, "residual");
    }
    ggml_set_output(x);
    g.allocate_weights();
}

// n_ops element-wise ops in a row, each reading the previous result (and a
// bias leaf every third op).
inline void build_chain(HandGraph& g, int n_ops = 256, int64_t n = 4096, int64_t rows = 64) {
    ggml_tensor* x = g.leaf({n, rows}, "x");
    ggml_set_input(x);
    ggml_tensor* bias = g.leaf({n, rows}, "bias");
    for (int i = 0; i < n_ops; ++i) {
        switch (i % 3) {
            case 0: x = g.same(GGML_OP_ADD, x, {x, bias}, "add"); break;
            case 1: x = g.same(GGML_OP_UNARY, x, {x}, "unary"); break;
            default: x = g.same(GGML_OP_SCALE, x, {x}, "scale"); break;
        }
    }
    ggml_set_output(x);
    g.allocate_weights();
}

}  // namespace lugh::testing
