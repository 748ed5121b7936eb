// Synthetic models: GGUF files of a real architecture and shape with seeded
// random weights and a SentencePiece-style vocabulary (<unk>, <s>, </s>, the
// 256 byte tokens, then pieces), so tests and benchmarks need no download.
// Behind `lugh synth`; the tests write small ones.
//
//     lugh::SynthSpec spec = lugh::synth_preset("tinyllama");
//     spec.type = lugh::Type::Q4_0;
//     lugh::write_synth_model(spec, "tinyllama-q4_0.gguf");
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lugh/types.hpp"

namespace lugh {

struct SynthSpec {
    std::string arch = "llama";   // "llama" or "qwen2" (biases on Q, K, V; NEOX rope)
    std::string name = "synthetic";
    int64_t n_vocab = 512;        // at least 259: <unk>, <s>, </s> and the 256 byte tokens
    int64_t n_embd = 64;
    int64_t n_layer = 2;
    int64_t n_head = 4;
    int64_t n_head_kv = 2;
    int64_t n_ff = 128;
    int64_t n_ctx_train = 256;
    float rope_freq_base = 10000.0f;
    float rms_eps = 1e-5f;
    Type type = Type::F32;        // of the matrices and the embedding; norms and biases stay F32
    bool tied_output = false;     // no output.weight (the embedding doubles as the output layer)
    bool zero_weights = false;    // write no tensor data: the file is extended with a hole, every weight 0
                                  // (a 2 GB model in an instant and no disk space, for load-time checks)
    uint64_t seed = 1;
};

// A named shape: "tinyllama" (TinyLlama-1.1B: 2048 wide, 22 layers, 32 heads,
// 4 KV heads, FFN 5632, 32000 tokens), "small" (256 wide, 2 layers, 8 heads,
// 2 KV heads, FFN 768, 512 tokens, like ../shared's synthetic files),
// "tiny" (64 wide, 2 layers, 4 heads, 2 KV heads, FFN 128, 300 tokens).
// Throws lugh::Error for an unknown name.
SynthSpec synth_preset(const std::string& name, const std::string& arch = "llama");
std::vector<std::string> synth_preset_names();

// Writes the model. progress(done, total) is called as tensors are made
// (counted in elements). Throws lugh::Error for a bad spec or a failed write.
void write_synth_model(const SynthSpec& spec, const std::string& path,
                       const std::function<void(uint64_t done, uint64_t total)>& progress = {});

// The vocabulary's text of token id (what the file's tokenizer.ggml.tokens holds).
std::string synth_token_text(int64_t id);

}  // namespace lugh
