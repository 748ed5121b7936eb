// lugh::Model: a language model loaded from a GGUF file, ready to run.
//
//     lugh::Model model("tinyllama.gguf");            // memory-mapped, read-only
//     const lugh::HParams& hp = model.hparams();
//     std::printf("%s: %lld layers, %lld wide\n", hp.arch.c_str(), (long long)hp.n_layer, (long long)hp.n_embd);
//     lugh::Session chat(model);                      // session.hpp: a KV cache over the model
//     lugh::Session other(model);                     // sessions share the weights
//
// Loading reads the architecture's hyper-parameters from the file's keys
// (`general.architecture`, then `<arch>.embedding_length`, ...), finds every
// tensor the architecture needs by its GGUF name and checks its shape and
// type, and reports the first problem as lugh::Error naming the key or the
// tensor: model files come from strangers. Supported architectures: see
// Model::architectures().
//
// A Model is a handle to shared, immutable weights: copying it is cheap and
// the weights live until the last copy (and the last Session using them) is
// gone. Any number of threads may use one Model at the same time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lugh/error.hpp"
#include "lugh/gguf.hpp"
#include "lugh/types.hpp"

namespace lugh {

namespace llm {
struct ModelData;   // internal: the weights and everything derived from the file
}

// How rotary position embedding pairs the dimensions of a head.
enum class RopeType {
    Normal = 0,   // adjacent pairs (x0, x1), (x2, x3), ... (LLaMA)
    Neox = 2,     // halves (x0, x_{n/2}), (x1, x_{n/2+1}), ... (Qwen2, GPT-NeoX)
};

// The hyper-parameters of a model, as read from its file and checked
// against its tensors.
struct HParams {
    std::string arch;            // general.architecture: "llama", "qwen2", ...
    std::string name;            // general.name, or "" when absent
    int64_t n_vocab = 0;         // rows of the token embedding
    int64_t n_ctx_train = 0;     // <arch>.context_length: positions the model was trained on
    int64_t n_embd = 0;          // <arch>.embedding_length: width of the residual stream
    int64_t n_layer = 0;         // <arch>.block_count
    int64_t n_head = 0;          // <arch>.attention.head_count: query heads
    int64_t n_head_kv = 0;       // <arch>.attention.head_count_kv: key/value heads (grouped-query attention)
    int64_t n_embd_head = 0;     // width of one head (<arch>.attention.key_length, else n_embd / n_head)
    int64_t n_ff = 0;            // <arch>.feed_forward_length: hidden width of the feed-forward block
    int64_t n_rot = 0;           // <arch>.rope.dimension_count: dimensions of a head that rotate
    float rms_eps = 1e-5f;       // <arch>.attention.layer_norm_rms_epsilon
    RopeType rope_type = RopeType::Normal;
    float rope_freq_base = 10000.0f;   // <arch>.rope.freq_base
    float rope_freq_scale = 1.0f;      // 1 / <arch>.rope.scaling.factor for linear and YaRN scaling
    // YaRN context extension (<arch>.rope.scaling.type "yarn"); ext_factor 0 means off.
    float yarn_ext_factor = 0.0f;
    float yarn_attn_factor = 1.0f;
    float yarn_beta_fast = 32.0f;
    float yarn_beta_slow = 1.0f;
    int64_t n_ctx_orig = 0;      // <arch>.rope.scaling.original_context_length (else n_ctx_train)
    bool tied_output = false;    // no output.weight: the token embedding doubles as the output layer

    int64_t n_embd_kv() const { return n_embd_head * n_head_kv; }   // width of one position in the K (or V) cache
};

struct ModelParams {
    gguf::Load load = gguf::Load::Mmap;   // Mmap (no copy, shared, read-only) or Copy
};

class Model {
public:
    // Open and check a model file. Throws lugh::Error naming the file and the
    // key or tensor at fault.
    explicit Model(const std::string& path, const ModelParams& params = {});
    ~Model();
    Model(const Model&);
    Model& operator=(const Model&);
    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;

    const HParams& hparams() const;
    // The keys and tensor table: lugh::Tokenizer(model.file()) reads the vocabulary from it.
    const gguf::File& file() const;
    const std::string& path() const;
    size_t weight_bytes() const;             // bytes of every tensor's data
    size_t n_params() const;                 // elements of every tensor
    // "llama 1.1B Q4_0"-style summary: architecture, parameter count, the most common weight type.
    std::string describe() const;

    // The architectures this build can run.
    static std::vector<std::string> architectures();

    // Internal: what Session builds its graphs from.
    const std::shared_ptr<const llm::ModelData>& data() const { return data_; }

private:
    std::shared_ptr<const llm::ModelData> data_;
};

}  // namespace lugh
