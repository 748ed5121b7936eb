// Forward: the graph of one batch, as architectures write it. It holds the
// batch's input tensors and offers the building blocks the transformer
// architectures share (norm, linear, rope, attention over the KV cache,
// SwiGLU), so that an architecture's forward pass reads top to bottom:
//
//     Tensor x = f.embed();
//     for (int64_t il = 0; il < hp.n_layer; ++il) {
//         Tensor h = f.rms_norm(x, l.attn_norm);
//         ... f.attention(il, q, k, v) ...
//     }
//     return f.logits(f.rms_norm(x, w.output_norm));
//
// Shapes follow ggml: [n_embd, n_tokens] means n_tokens rows of n_embd.
#pragma once

#include <cstdint>

#include "llm/kv_cache.hpp"
#include "llm/model_data.hpp"
#include "lugh/context.hpp"
#include "lugh/tensor.hpp"

namespace lugh::llm {

// The shape a batch graph is built for; a graph is reused for every batch of
// the same shape.
struct BatchShape {
    int64_t n_tokens = 0;    // tokens in the batch
    int64_t n_kv = 0;        // cache positions attention reads (a multiple of kKvPad, or n_ctx)
    int64_t n_outputs = 0;   // rows of logits: 1 (the last token) or n_tokens
    bool operator==(const BatchShape& o) const {
        return n_tokens == o.n_tokens && n_kv == o.n_kv && n_outputs == o.n_outputs;
    }
};

// The graph's inputs, written before every run.
struct BatchInputs {
    Tensor tokens;      // I32 [n_tokens]
    Tensor positions;   // I32 [n_tokens]: where each token sits, also the cache row it is written to
    Tensor kq_mask;     // F32 [n_kv, n_tokens]: 0 where a token may attend, -inf elsewhere
};

class Forward {
public:
    // Makes the inputs in ctx (a metadata-only context; the planner gives them memory).
    Forward(Context& ctx, const ModelData& model, const KvCache& kv, const BatchShape& shape);

    const HParams& hp;
    const Weights& w;
    const BatchShape shape;
    BatchInputs in;

    Tensor embed();                                               // token embeddings [n_embd, n_tokens]
    Tensor rms_norm(const Tensor& x, const Tensor& weight);       // x / rms(x) * weight
    Tensor linear(const Tensor& weight, const Tensor& x, const Tensor& bias = Tensor());   // weight x + bias
    Tensor add(const Tensor& a, const Tensor& b);
    // [n_embd_head * n, n_tokens] -> [n_embd_head, n, n_tokens], rotated by position.
    Tensor rope(const Tensor& x, int64_t n_heads);
    // Writes k ([n_embd_head, n_head_kv, n_tokens] after rope) and v
    // ([n_embd_kv, n_tokens]) into layer il's cache at the batch's positions,
    // then attends q ([n_embd_head, n_head, n_tokens]) over the cache's first
    // n_kv positions under the causal mask (one flash_attn_ext node). Returns
    // the heads' outputs side by side: [n_embd_head * n_head, n_tokens].
    Tensor attention(int64_t il, const Tensor& q, const Tensor& k, const Tensor& v);
    // down(silu(gate x) * up x)
    Tensor swiglu(const Tensor& x, const Tensor& gate, const Tensor& up, const Tensor& down);
    // Only the rows whose logits are wanted (the last row unless all are).
    Tensor outputs_only(const Tensor& x);
    // The output layer over rows already reduced by outputs_only: [n_vocab, n_outputs].
    Tensor logits(const Tensor& x);

private:
    Context& ctx_;
    const KvCache& kv_;
};

}  // namespace lugh::llm
