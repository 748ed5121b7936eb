// LLaMA (1, 2, 3), Mistral, TinyLlama, SmolLM and every grouped-query
// variant: pre-norm blocks of causal self-attention with rotary positions
// (adjacent pairs) and a SwiGLU feed-forward, RMS norms, no biases (a few
// fine-tunes add them to Q, K, V, O: they are used when present).
#include "llm/arch.hpp"
#include "llm/forward.hpp"

namespace lugh::llm {

namespace {

void read_hparams(const KeyReader& keys, HParams& hp) {
    hp.rope_type = RopeType::Normal;
    read_transformer_hparams(keys, hp);
}

}  // namespace

void bind_llama_weights(TensorBinder& t, const HParams& hp, Weights& w, bool qkv_biases) {
    const int64_t n_embd = hp.n_embd, n_q = hp.n_embd_head * hp.n_head, n_kv = hp.n_embd_kv();
    w.tok_embd = t.require("token_embd.weight", {n_embd, hp.n_vocab}, WeightRole::Embedding);
    w.output_norm = t.require("output_norm.weight", {n_embd}, WeightRole::Vector);
    w.output = t.optional("output.weight", {n_embd, hp.n_vocab}, WeightRole::Matrix);
    w.rope_freqs = t.optional("rope_freqs.weight", {hp.n_rot / 2}, WeightRole::Vector);
    for (int64_t il = 0; il < hp.n_layer; ++il) {
        LayerWeights& l = w.layers[static_cast<size_t>(il)];
        auto blk = [&](const char* what) { return TensorBinder::block(il, what); };
        l.attn_norm = t.require(blk("attn_norm.weight"), {n_embd}, WeightRole::Vector);
        l.wq = t.require(blk("attn_q.weight"), {n_embd, n_q}, WeightRole::Matrix);
        l.wk = t.require(blk("attn_k.weight"), {n_embd, n_kv}, WeightRole::Matrix);
        l.wv = t.require(blk("attn_v.weight"), {n_embd, n_kv}, WeightRole::Matrix);
        l.wo = t.require(blk("attn_output.weight"), {n_q, n_embd}, WeightRole::Matrix);
        const auto bias = qkv_biases ? &TensorBinder::require : &TensorBinder::optional;
        l.bq = (t.*bias)(blk("attn_q.bias"), {n_q}, WeightRole::Vector);
        l.bk = (t.*bias)(blk("attn_k.bias"), {n_kv}, WeightRole::Vector);
        l.bv = (t.*bias)(blk("attn_v.bias"), {n_kv}, WeightRole::Vector);
        l.bo = t.optional(blk("attn_output.bias"), {n_embd}, WeightRole::Vector);
        l.ffn_norm = t.require(blk("ffn_norm.weight"), {n_embd}, WeightRole::Vector);
        l.ffn_gate = t.require(blk("ffn_gate.weight"), {n_embd, hp.n_ff}, WeightRole::Matrix);
        l.ffn_up = t.require(blk("ffn_up.weight"), {n_embd, hp.n_ff}, WeightRole::Matrix);
        l.ffn_down = t.require(blk("ffn_down.weight"), {hp.n_ff, n_embd}, WeightRole::Matrix);
    }
}

Tensor build_llama_forward(Forward& f) {
    const HParams& hp = f.hp;
    Tensor x = f.embed();
    for (int64_t il = 0; il < hp.n_layer; ++il) {
        const LayerWeights& l = f.w.layers[static_cast<size_t>(il)];
        // Attention: normalise, project, rotate by position, attend over the cache.
        Tensor h = f.rms_norm(x, l.attn_norm);
        Tensor q = f.rope(f.linear(l.wq, h, l.bq), hp.n_head);
        Tensor k = f.rope(f.linear(l.wk, h, l.bk), hp.n_head_kv);
        Tensor v = f.linear(l.wv, h, l.bv);
        Tensor attn = f.linear(l.wo, f.attention(il, q, k, v), l.bo);
        // The last block only needs the rows whose logits are wanted.
        if (il == hp.n_layer - 1) {
            attn = f.outputs_only(attn);
            x = f.outputs_only(x);
        }
        x = f.add(x, attn);
        // Feed-forward.
        h = f.rms_norm(x, l.ffn_norm);
        x = f.add(x, f.swiglu(h, l.ffn_gate, l.ffn_up, l.ffn_down));
    }
    return f.logits(f.rms_norm(x, f.w.output_norm));
}

namespace {
void bind_weights(TensorBinder& t, const HParams& hp, Weights& w) { bind_llama_weights(t, hp, w, false); }
}  // namespace

extern const Architecture kLlama = {"llama", read_hparams, bind_weights, build_llama_forward};

}  // namespace lugh::llm
