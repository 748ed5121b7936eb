// An architecture, described in one place: the hyper-parameters it reads,
// the tensors it needs, and the forward pass of a batch. Each lives in its
// own file under src/llm/arch/ and is listed in arch/registry.cpp; adding
// one (gemma, phi3, ...) is one new file and one line there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "llm/model_data.hpp"
#include "lugh/gguf.hpp"

namespace lugh::llm {

class Forward;

// Typed reading of `<arch>.<suffix>` keys, with errors naming the key.
class KeyReader {
public:
    KeyReader(const gguf::File& file, std::string arch) : file_(file), arch_(std::move(arch)) {}
    const gguf::File& file() const { return file_; }
    std::string key(const char* suffix) const { return arch_ + "." + suffix; }
    bool has(const char* suffix) const { return file_.has_key(key(suffix)); }
    // A whole number in [min, max]; a missing key is an error unless a fallback is given.
    int64_t count(const char* suffix, int64_t min, int64_t max) const;
    int64_t count(const char* suffix, int64_t min, int64_t max, int64_t fallback) const;
    // A finite number in [min, max], or fallback when the key is absent.
    float number(const char* suffix, double min, double max, float fallback) const;
    std::string text(const char* suffix, const std::string& fallback) const;

private:
    const gguf::File& file_;
    std::string arch_;
};

// What a weight is used for, which decides the types it may have.
enum class WeightRole {
    Matrix,      // the first operand of mul_mat (any type the library multiplies)
    Embedding,   // rows gathered by get_rows (and possibly the output matrix too)
    Vector,      // norms and biases: F32
};

// Finds a model's tensors by name in the file's table and checks shape and
// type before any data is touched. Errors name the tensor.
class TensorBinder {
public:
    TensorBinder(const gguf::File& file, const Context& weights) : file_(file), weights_(weights) {}
    // The tensor, which must exist with exactly this shape (ne[0] first).
    Tensor require(const std::string& name, const std::vector<int64_t>& shape, WeightRole role);
    // The tensor if the file has it (then checked as require does), else an empty handle.
    Tensor optional(const std::string& name, const std::vector<int64_t>& shape, WeightRole role);
    // "blk.<il>.<what>"
    static std::string block(int64_t il, const char* what) { return "blk." + std::to_string(il) + "." + what; }

private:
    const gguf::File& file_;
    const Context& weights_;
};

struct Architecture {
    const char* name;   // general.architecture
    // Defaults, then the keys (usually read_transformer_hparams plus what differs).
    void (*read_hparams)(const KeyReader& keys, HParams& hp);
    // Every tensor the forward pass uses, checked, into w.
    void (*bind_weights)(TensorBinder& t, const HParams& hp, Weights& w);
    // The graph of one batch; returns the logits [n_vocab, n_outputs].
    Tensor (*build_forward)(Forward& f);
};

// The keys every transformer here shares: context_length, embedding_length,
// block_count, feed_forward_length, attention.head_count(_kv),
// attention.layer_norm_rms_epsilon, attention.key_length, rope.* and
// rope.scaling.*. Values already in hp are the defaults for absent keys.
void read_transformer_hparams(const KeyReader& keys, HParams& hp);

// The LLaMA block (arch/llama.cpp), which architectures that differ from it
// only in keys and biases reuse: its tensors (Q, K, V biases required when
// qkv_biases, else used when present) and its forward pass.
void bind_llama_weights(TensorBinder& t, const HParams& hp, Weights& w, bool qkv_biases);
Tensor build_llama_forward(Forward& f);

// nullptr when no architecture has that name.
const Architecture* find_architecture(const std::string& name);
std::vector<std::string> architecture_names();

}  // namespace lugh::llm
