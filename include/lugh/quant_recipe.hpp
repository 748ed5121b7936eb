// Choosing the type of every tensor of a model file, as llama.cpp's
// llama-quantize does: one type for every matrix ("q4_k", "q8_0", ... like
// its --pure option), or one of its mixtures ("q4_k_m", "q5_k_m", "q6_k"),
// which give some tensors more bits (the output matrix, some attn_v and
// ffn_down layers). `lugh quantize` is built on it.
//
//     const lugh::quant::Recipe* r = lugh::quant::find_recipe("q4_k_m");
//     lugh::gguf::File file("model-f16.gguf");
//     const auto& ts = file.tensors();
//     std::vector<lugh::Type> types = lugh::quant::plan(*r, lugh::quant::model_info(file), ts);
//     for (size_t i : lugh::quant::llama_order(ts))
//         std::cout << ts[i].name << " -> " << lugh::type_name(types[i]) << "\n";
//
// The rules are interface facts of llama.cpp (src/llama-quant.cpp); the
// choices reproduce its q4_k_m / q5_k_m files tensor by tensor
// (docs/weights.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lugh/gguf.hpp"
#include "lugh/types.hpp"

namespace lugh::quant {

// A target of `lugh quantize`.
struct Recipe {
    const char* name;     // "q4_k_m", "q4_k", "q8_0", "f16", ...
    Type base;            // the type most matrices get
    uint32_t file_type;   // the general.file_type number llama.cpp writes for it
    bool mixed;           // a mixture (some tensors get other types); false: every matrix in base
};

// Every recipe, and the one called `name` (any case), or nullptr.
const std::vector<Recipe>& recipes();
const Recipe* find_recipe(const std::string& name);

// The model facts the mixtures read.
struct ModelInfo {
    std::string arch;       // general.architecture
    int64_t n_layer = 0;    // <arch>.block_count
    int64_t n_expert = 0;   // <arch>.expert_count, 0 when absent
    int64_t n_head = 0;     // <arch>.attention.head_count (first layer's)
    int64_t n_head_kv = 0;  // <arch>.attention.head_count_kv (first layer's), n_head when absent
};
ModelInfo model_info(const gguf::File& file);

// llama-quantize's order: tensors outside the layers by name, then blk.0.*
// by name, blk.1.*, ... (the mixtures count attn_v and ffn_down tensors in
// this order, and its files are written in it). Indices into `tensors`.
std::vector<size_t> llama_order(const std::vector<gguf::TensorInfo>& tensors);

// Whether llama-quantize converts this tensor at all: matrices whose name
// ends in "weight", except norms, expert routers, position and token-type
// embeddings and a few small special tensors.
bool converts(const gguf::TensorInfo& tensor);

// The type each tensor gets (indexed like `tensors`, counted in llama_order);
// a tensor that is not converted keeps its own type. Whether the data can be converted to it is
// the caller's business (only float tensors can).
std::vector<Type> plan(const Recipe& recipe, const ModelInfo& model, const std::vector<gguf::TensorInfo>& tensors);

}  // namespace lugh::quant
