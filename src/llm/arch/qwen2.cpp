// Qwen2 (and Qwen2.5): the LLaMA block (arch/llama.cpp) with biases on the
// Q, K and V projections, which every layer must have, and rotary positions
// over the two halves of a head (NEOX style); trained with rope base 1e6 and
// RMS epsilon 1e-6, its defaults for files that lack those keys.
#include "llm/arch.hpp"

namespace lugh::llm {

namespace {

void read_hparams(const KeyReader& keys, HParams& hp) {
    hp.rope_type = RopeType::Neox;
    hp.rope_freq_base = 1000000.0f;
    hp.rms_eps = 1e-6f;
    read_transformer_hparams(keys, hp);
}

void bind_weights(TensorBinder& t, const HParams& hp, Weights& w) { bind_llama_weights(t, hp, w, true); }

}  // namespace

extern const Architecture kQwen2 = {"qwen2", read_hparams, bind_weights, build_llama_forward};

}  // namespace lugh::llm
