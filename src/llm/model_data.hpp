// What a loaded model is made of: its hyper-parameters, its weights (tensor
// handles into one read-only context) and the architecture that knows how to
// build its forward pass. Immutable once made, shared by every Session.
#pragma once

#include <string>
#include <vector>

#include "lugh/context.hpp"
#include "lugh/gguf.hpp"
#include "lugh/model.hpp"
#include "lugh/tensor.hpp"

namespace lugh::llm {

struct Architecture;

// One transformer block's tensors. Optional ones are empty handles.
struct LayerWeights {
    Tensor attn_norm;                 // [n_embd] F32
    Tensor wq, wk, wv, wo;            // [n_embd, n_embd_head * n_head], [n_embd, n_embd_kv] x 2, [n_embd_head * n_head, n_embd]
    Tensor bq, bk, bv, bo;            // biases (qwen2 has bq, bk, bv)
    Tensor ffn_norm;                  // [n_embd] F32
    Tensor ffn_gate, ffn_up;          // [n_embd, n_ff]
    Tensor ffn_down;                  // [n_ff, n_embd]
};

struct Weights {
    Tensor tok_embd;                  // [n_embd, n_vocab]
    Tensor output_norm;               // [n_embd] F32
    Tensor output;                    // [n_embd, n_vocab]: tok_embd when the file has no output.weight
    Tensor rope_freqs;                // [n_rot / 2] F32 frequency factors (LLaMA 3 long context), or empty
    std::vector<LayerWeights> layers;
};

struct ModelData {
    std::string path;
    gguf::File file;
    HParams hp;
    const Architecture* arch = nullptr;
    Context weights_ctx;              // every tensor of the file (mapped or copied)
    Weights w;
    size_t weight_bytes = 0;
    size_t n_params = 0;
    std::string main_type;            // the weight type most bytes are in ("q4_0", ...)

    ModelData(const std::string& p, gguf::File&& f, Context&& c)
        : path(p), file(std::move(f)), weights_ctx(std::move(c)) {}
};

}  // namespace lugh::llm
