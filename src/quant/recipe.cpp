// llama-quantize's choice of a type per tensor (lugh/quant_recipe.hpp). The
// rules follow llama.cpp's src/llama-quant.cpp for the three mixtures Lugh
// offers; tensor names and their categories are llama.cpp's.
#include "lugh/quant_recipe.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/check.hpp"

namespace lugh::quant {

namespace {

// general.file_type numbers (llama.cpp's llama_ftype). A pure q4_k file says
// 15 (Q4_K_M) like the files llama-quantize --pure writes.
const std::vector<Recipe> kRecipes = {
    {"f32", Type::F32, 0, false},      {"f16", Type::F16, 1, false},       {"bf16", Type::BF16, 32, false},
    {"q8_0", Type::Q8_0, 7, false},    {"q4_0", Type::Q4_0, 2, false},     {"q4_1", Type::Q4_1, 3, false},
    {"q5_0", Type::Q5_0, 8, false},    {"q5_1", Type::Q5_1, 9, false},     {"q2_k", Type::Q2_K, 10, false},
    {"q3_k", Type::Q3_K, 12, false},   {"q4_k", Type::Q4_K, 15, false},    {"q5_k", Type::Q5_K, 17, false},
    {"iq4_nl", Type::IQ4_NL, 25, false}, {"iq4_xs", Type::IQ4_XS, 30, false},
    {"q4_k_m", Type::Q4_K, 15, true},  {"q5_k_m", Type::Q5_K, 17, true},   {"q6_k", Type::Q6_K, 18, true},
};

enum class Category { TokenEmbd, AttnQ, AttnV, AttnK, AttnQkv, AttnKvB, AttnOutput, FfnUp, FfnGate, FfnDown, Output, Other };

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// llama.cpp's tensor_get_category: the first match wins.
Category category_of(const std::string& name) {
    if (name == "output.weight") return Category::Output;
    if (name == "token_embd.weight" || name == "per_layer_token_embd.weight") return Category::TokenEmbd;
    if (contains(name, "attn_qkv.weight")) return Category::AttnQkv;
    if (contains(name, "attn_kv_b.weight")) return Category::AttnKvB;
    if (contains(name, "attn_v.weight")) return Category::AttnV;
    if (contains(name, "attn_k.weight")) return Category::AttnK;
    if (contains(name, "attn_q.weight")) return Category::AttnQ;
    if (contains(name, "attn_output.weight")) return Category::AttnOutput;
    if (contains(name, "ffn_up")) return Category::FfnUp;
    if (contains(name, "ffn_gate")) return Category::FfnGate;
    if (contains(name, "ffn_down")) return Category::FfnDown;
    return Category::Other;
}

// Tensors that carry the value projection get the extra bits of the mixtures.
bool is_attn_v_like(Category c) { return c == Category::AttnV || c == Category::AttnQkv || c == Category::AttnKvB; }

// The layer a tensor belongs to (blk.N.), or -1.
int layer_of(const std::string& name) {
    int layer = -1;
    if (std::sscanf(name.c_str(), "blk.%d.", &layer) != 1) return -1;
    return layer;
}

int n_dims(const std::vector<int64_t>& shape) {
    for (int i = static_cast<int>(shape.size()) - 1; i > 0; --i)
        if (shape[static_cast<size_t>(i)] > 1) return i + 1;
    return 1;
}

// Name parts of tensors llama-quantize never converts (small, or read in
// full precision by design).
const char* const kKeptParts[] = {
    "_norm.weight", "ffn_gate_inp.weight", "ffn_gate_tid2eid.weight", "altup", "laurel", "per_layer_model_proj",
    "ssm_conv1d", "shortconv.conv.weight", "indexer.k_proj.weight", "indexer.q_proj.weight",
    "time_mix_first.weight", "time_mix_w0.weight", "time_mix_w1.weight", "time_mix_w2.weight",
    "time_mix_v0.weight", "time_mix_v1.weight", "time_mix_v2.weight", "time_mix_a0.weight", "time_mix_a1.weight",
    "time_mix_a2.weight", "time_mix_g1.weight", "time_mix_g2.weight", "time_mix_decay_w1.weight",
    "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight", "attn_rel_b.weight", ".position_embd",
    "sam.pos_embd", "sam.neck.", "sam.net_", ".rel_pos", ".patch_embd", ".patch_merger", "a.rvq.codebook",
    "mm.a.code_embd",
};

// i_layer among n_layers gets more bits: the first and last eighth, and every
// third layer in between.
bool use_more_bits(int i_layer, int n_layers) {
    return i_layer < n_layers / 8 || i_layer >= 7 * n_layers / 8 || (i_layer - n_layers / 8) % 3 == 2;
}

// A tensor whose rows are not whole blocks of `type` falls back to a type
// with 32-element blocks, then to F16 (llama.cpp's table). Types without a
// fallback keep the tensor as it is.
Type fallback(const gguf::TensorInfo& t, Type type) {
    const int64_t ncols = t.shape.empty() ? 0 : t.shape[0];
    if (ncols % block_size(type) == 0) return type;
    Type to;
    switch (type) {
        case Type::IQ4_XS: to = Type::IQ4_NL; break;
        case Type::Q2_K:
        case Type::Q3_K: to = Type::Q4_0; break;
        case Type::Q4_K: to = Type::Q5_0; break;
        case Type::Q5_K: to = Type::Q5_1; break;
        case Type::Q6_K: to = Type::Q8_0; break;
        default: return t.type;
    }
    return ncols % block_size(to) == 0 ? to : Type::F16;
}

// The state llama.cpp keeps while it walks the tensors in llama_order.
struct MixtureWalk {
    const Recipe& recipe;
    const ModelInfo& model;
    bool tied_embeddings = true;   // until an output.weight is seen
    int n_attention_wv = 0;
    int i_attention_wv = 0;
    int i_ffn_down = 0;

    bool falcon() const { return model.arch == "falcon"; }
    bool is_70b() const { return model.arch == "llama" && model.n_layer == 80 && model.n_head != model.n_head_kv; }
    bool q4_k_m() const { return std::string(recipe.name) == "q4_k_m"; }
    bool q5_k_m() const { return std::string(recipe.name) == "q5_k_m"; }

    Type type_of(const gguf::TensorInfo& t) {
        Type type = recipe.base;
        const Category cat = category_of(t.name);
        if (cat == Category::Output || (tied_embeddings && cat == Category::TokenEmbd)) {
            if (falcon() || t.shape[0] % block_size(type) != 0) type = Type::Q8_0;
            else if (type != Type::Q8_0) type = Type::Q6_K;
        } else if (is_attn_v_like(cat)) {
            if ((q4_k_m() || q5_k_m()) && use_more_bits(i_attention_wv, n_attention_wv)) type = Type::Q6_K;
            if (is_70b() && (type == Type::Q3_K || type == Type::Q4_K)) type = Type::Q5_K;
            if (model.n_expert == 8) type = Type::Q8_0;
            ++i_attention_wv;
        } else if (cat == Category::AttnK) {
            if (model.n_expert == 8) type = Type::Q8_0;
        } else if (cat == Category::FfnDown) {
            const int n_layer = static_cast<int>(model.n_layer);
            int i_layer = i_ffn_down;
            if (model.n_expert > 1) {   // experts are not stored in layer order: read the layer from the name
                i_layer = layer_of(t.name);
                if (i_layer < 0 || i_layer >= n_layer)
                    core::fail("lugh: quantize: cannot tell the layer (0..%d) of tensor '%s'", n_layer - 1,
                               t.name.c_str());
            }
            if (q4_k_m()) {
                if (falcon())
                    type = i_layer < n_layer / 16 ? Type::Q6_K
                           : use_more_bits(i_layer, n_layer) ? Type::Q5_K
                                                             : Type::Q4_K;
                else if (use_more_bits(i_layer, n_layer))
                    type = Type::Q6_K;
            } else if (q5_k_m() && use_more_bits(i_layer, n_layer)) {
                type = Type::Q6_K;
            }
            ++i_ffn_down;
        } else if (cat == Category::AttnOutput) {
            if (!falcon() && model.n_expert == 8 && q4_k_m()) type = Type::Q5_K;
        }
        return type;
    }
};

}  // namespace

const std::vector<Recipe>& recipes() { return kRecipes; }

const Recipe* find_recipe(const std::string& name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const Recipe& r : kRecipes)
        if (lower == r.name) return &r;
    return nullptr;
}

ModelInfo model_info(const gguf::File& file) {
    ModelInfo m;
    if (file.has_key("general.architecture") && file.type("general.architecture") == gguf::ValueType::String)
        m.arch = file.get_string("general.architecture");
    // A number, or per-layer numbers (the first layer's is used).
    auto first_int = [&](const std::string& key, int64_t fallback) -> int64_t {
        if (!file.has_key(key)) return fallback;
        if (file.type(key) != gguf::ValueType::Array) return file.get_int(key);
        const std::vector<int64_t> v = file.get_int_array(key);
        return v.empty() ? fallback : v[0];
    };
    m.n_layer = first_int(m.arch + ".block_count", 0);
    m.n_expert = first_int(m.arch + ".expert_count", 0);
    m.n_head = first_int(m.arch + ".attention.head_count", 0);
    m.n_head_kv = first_int(m.arch + ".attention.head_count_kv", m.n_head);
    return m;
}

std::vector<size_t> llama_order(const std::vector<gguf::TensorInfo>& tensors) {
    std::vector<size_t> order(tensors.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::vector<int> layer(tensors.size());
    for (size_t i = 0; i < tensors.size(); ++i) layer[i] = layer_of(tensors[i].name);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (layer[a] != layer[b]) return layer[a] < layer[b];
        return tensors[a].name < tensors[b].name;
    });
    return order;
}

bool converts(const gguf::TensorInfo& t) {
    if (n_dims(t.shape) < 2) return false;
    const std::string& name = t.name;
    if (name.size() < 6 || name.compare(name.size() - 6, 6, "weight") != 0) return false;
    for (const char* part : kKeptParts)
        if (contains(name, part)) return false;
    return name != "position_embd.weight" && name != "token_types.weight";
}

std::vector<Type> plan(const Recipe& recipe, const ModelInfo& model, const std::vector<gguf::TensorInfo>& tensors) {
    MixtureWalk walk{recipe, model};
    for (const gguf::TensorInfo& t : tensors) {
        const Category c = category_of(t.name);
        if (is_attn_v_like(c)) ++walk.n_attention_wv;
        if (c == Category::Output) walk.tied_embeddings = false;
    }
    std::vector<Type> types(tensors.size());
    for (size_t i : llama_order(tensors)) {
        const gguf::TensorInfo& t = tensors[i];
        if (!converts(t)) {
            types[i] = t.type;
            continue;
        }
        Type type = recipe.base;
        if (is_quantized(type)) {
            if (recipe.mixed) type = walk.type_of(t);
            type = fallback(t, type);
        }
        types[i] = type;
    }
    return types;
}

}  // namespace lugh::quant
