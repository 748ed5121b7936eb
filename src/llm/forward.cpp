#include "llm/forward.hpp"

#include <cmath>

#include "lugh/ggml/ggml.h"
#include "lugh/ops.hpp"

namespace lugh::llm {

namespace {
Tensor input(Context& ctx, Type type, std::vector<int64_t> shape, const char* name) {
    Tensor t = Tensor::create(ctx, type, shape);
    t.set_name(name);
    ggml_set_input(t.raw());   // the planner keeps its memory for the whole run
    return t;
}
}  // namespace

Forward::Forward(Context& ctx, const ModelData& model, const KvCache& kv, const BatchShape& s)
    : hp(model.hp), w(model.w), shape(s), ctx_(ctx), kv_(kv) {
    in.tokens = input(ctx, Type::I32, {s.n_tokens}, "inp_tokens");
    in.positions = input(ctx, Type::I32, {s.n_tokens}, "inp_pos");
    in.kq_mask = input(ctx, Type::F32, {s.n_kv, s.n_tokens}, "kq_mask");
}

Tensor Forward::embed() { return ops::get_rows(ctx_, w.tok_embd, in.tokens); }

Tensor Forward::rms_norm(const Tensor& x, const Tensor& weight) {
    return ops::mul(ctx_, ops::rms_norm(ctx_, x, hp.rms_eps), weight);
}

Tensor Forward::linear(const Tensor& weight, const Tensor& x, const Tensor& bias) {
    Tensor y = ops::mul_mat(ctx_, weight, x);
    return bias.alive() ? ops::add(ctx_, y, bias) : y;
}

Tensor Forward::add(const Tensor& a, const Tensor& b) { return ops::add(ctx_, a, b); }

Tensor Forward::rope(const Tensor& x, int64_t n_heads) {
    Tensor heads = ops::reshape_3d(ctx_, x, hp.n_embd_head, n_heads, shape.n_tokens);
    return ops::rope_ext(ctx_, heads, in.positions, w.rope_freqs, static_cast<int>(hp.n_rot),
                         static_cast<int>(hp.rope_type), static_cast<int>(hp.n_ctx_orig), hp.rope_freq_base,
                         hp.rope_freq_scale, hp.yarn_ext_factor, hp.yarn_attn_factor, hp.yarn_beta_fast,
                         hp.yarn_beta_slow);
}

Tensor Forward::attention(int64_t il, const Tensor& q, const Tensor& k, const Tensor& v) {
    const int64_t hd = hp.n_embd_head, n_kv = shape.n_kv, n_tokens = shape.n_tokens;
    const int64_t n_embd_kv = hp.n_embd_kv();
    const size_t es = type_size(kv_.type()), n_ctx = static_cast<size_t>(kv_.n_ctx());

    // Store this batch's keys and values at its positions (the rows the
    // positions input names): the graph stays the same from one position to
    // the next, only its inputs change. V is kept transposed: a position is a
    // column, written as a row of the transpose.
    Tensor k_stored = ops::set_rows(ctx_, kv_.k(il), ops::reshape_2d(ctx_, k, n_embd_kv, n_tokens), in.positions);
    Tensor v_stored = ops::set_rows(ctx_, ops::transpose(ctx_, kv_.v(il)), v, in.positions);

    // The first n_kv positions of each KV head, read through views of the
    // writes (so the graph orders every read after its write): keys
    // [hd, n_kv, n_head_kv]; values the same shape with packed columns.
    Tensor keys = ops::view_3d(ctx_, k_stored, hd, n_kv, hp.n_head_kv, static_cast<size_t>(n_embd_kv) * es,
                               static_cast<size_t>(hd) * es, 0);
    Tensor channels = ops::view_3d(ctx_, v_stored, n_kv, hd, hp.n_head_kv, n_ctx * es, static_cast<size_t>(hd) * n_ctx * es, 0);
    Tensor values = ops::permute(ctx_, channels, 1, 0, 2, 3);

    // Every query head against its KV head (h / (n_head / n_head_kv)), in one
    // node: softmax(q k^T / sqrt(hd) + mask) v -> [hd, n_head, n_tokens].
    Tensor queries = ops::permute(ctx_, q, 0, 2, 1, 3);   // [hd, n_tokens, n_head]
    Tensor out = ops::flash_attn_ext(ctx_, queries, keys, values, in.kq_mask,
                                     1.0f / std::sqrt(static_cast<float>(hd)), 0.0f, 0.0f);
    return ops::reshape_2d(ctx_, out, hd * hp.n_head, n_tokens);
}

Tensor Forward::swiglu(const Tensor& x, const Tensor& gate, const Tensor& up, const Tensor& down) {
    Tensor g = ops::silu(ctx_, ops::mul_mat(ctx_, gate, x));
    return ops::mul_mat(ctx_, down, ops::mul(ctx_, g, ops::mul_mat(ctx_, up, x)));
}

Tensor Forward::outputs_only(const Tensor& x) {
    if (shape.n_outputs == shape.n_tokens) return x;
    const size_t row = x.nb()[1];
    return ops::view_2d(ctx_, x, x.ne()[0], 1, row, row * static_cast<size_t>(shape.n_tokens - 1));
}

Tensor Forward::logits(const Tensor& x) {
    Tensor out = ops::mul_mat(ctx_, w.output, x);
    out.set_name("logits");
    ggml_set_output(out.raw());
    return out;
}

}  // namespace lugh::llm
