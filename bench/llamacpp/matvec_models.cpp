// Writes llama-architecture GGUF models whose every matrix has one weight
// type, in the shape of a Llama-3-8B layer (4096 wide, FFN 14336, 8 KV heads),
// so that llama.cpp's generation speed on them measures its matrix-vector
// products of that type (bench/llamacpp/run.sh). The values are random and
// repeat every 256 rows: the speed does not depend on them.
//
//   lugh_matvec_models VOCAB_GGUF OUT_DIR LAYERS TYPE...
//
// VOCAB_GGUF gives the tokenizer keys (a llama model with a 512-token
// vocabulary, such as ../shared/models/synthetic/llama-small-f16.gguf);
// each TYPE (q4_0, q6_k, f16, ...) gives OUT_DIR/matvec-TYPE-LLAYERS.gguf.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "../bench_support.hpp"
#include "lugh/ggml/ggml.h"
#include "lugh/ggml/gguf.h"

namespace {

constexpr int64_t kEmbd = 4096, kFfn = 14336, kHeads = 32, kKvHeads = 8, kVocab = 512;
constexpr int64_t kDistinctRows = 256;

struct Matrix {
    const char* name;   // without the "blk.N." prefix
    int64_t k, m;       // ne0 (row length), ne1 (rows)
};
const Matrix kLayer[] = {
    {"attn_q.weight", kEmbd, kEmbd},          {"attn_k.weight", kEmbd, kEmbd / kHeads * kKvHeads},
    {"attn_v.weight", kEmbd, kEmbd / kHeads * kKvHeads}, {"attn_output.weight", kEmbd, kEmbd},
    {"ffn_gate.weight", kEmbd, kFfn},         {"ffn_up.weight", kEmbd, kFfn},
    {"ffn_down.weight", kFfn, kEmbd},
};

ggml_type type_named(const char* name) {
    for (int t = 0; t < GGML_TYPE_COUNT; ++t) {
        const char* n = ggml_type_name(static_cast<ggml_type>(t));
        if (n && std::strcmp(n, name) == 0) return static_cast<ggml_type>(t);
    }
    std::fprintf(stderr, "lugh_matvec_models: unknown type '%s'\n", name);
    std::exit(1);
}

// A k x m tensor of type whose rows repeat kDistinctRows quantized random rows.
ggml_tensor* random_matrix(ggml_context* ctx, ggml_type type, int64_t k, int64_t m, uint64_t seed) {
    ggml_tensor* t = ggml_new_tensor_2d(ctx, type, k, m);
    std::vector<float> rows(static_cast<size_t>(k * kDistinctRows));
    lugh::bench::fill_uniform(rows.data(), rows.size(), seed, 0.05f);
    ggml_quantize_chunk(type, rows.data(), t->data, 0, kDistinctRows, k, nullptr);
    const size_t block = static_cast<size_t>(kDistinctRows) * t->nb[1];
    for (int64_t r = kDistinctRows; r < m; r += kDistinctRows) {
        const size_t bytes = std::min(block, static_cast<size_t>(m - r) * t->nb[1]);
        std::memcpy(static_cast<char*>(t->data) + r * t->nb[1], t->data, bytes);
    }
    return t;
}

ggml_tensor* ones(ggml_context* ctx, int64_t n) {
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, n);
    for (int64_t i = 0; i < n; ++i) static_cast<float*>(t->data)[i] = 1.0f;
    return t;
}

void add(gguf_context* out, ggml_tensor* t, const std::string& name) {
    ggml_set_name(t, name.c_str());
    gguf_add_tensor(out, t);
}

bool write_model(const gguf_context* vocab, const std::string& path, int layers, ggml_type type) {
    size_t bytes = size_t(64) << 20;
    for (const Matrix& mat : kLayer) bytes += ggml_row_size(type, mat.k) * static_cast<size_t>(mat.m);
    bytes += 2 * ggml_row_size(type, kEmbd) * kVocab;
    ggml_context* ctx = ggml_init({bytes, nullptr, false});
    if (!ctx) return false;
    gguf_context* out = gguf_init_empty();
    gguf_set_kv(out, vocab);
    gguf_set_val_str(out, "general.name", "lugh-matvec-bench");
    gguf_set_val_u32(out, "llama.context_length", 512);
    gguf_set_val_u32(out, "llama.embedding_length", kEmbd);
    gguf_set_val_u32(out, "llama.block_count", static_cast<uint32_t>(layers));
    gguf_set_val_u32(out, "llama.feed_forward_length", kFfn);
    gguf_set_val_u32(out, "llama.attention.head_count", kHeads);
    gguf_set_val_u32(out, "llama.attention.head_count_kv", kKvHeads);
    gguf_set_val_u32(out, "llama.rope.dimension_count", kEmbd / kHeads);
    if (gguf_find_key(out, "general.file_type") >= 0) gguf_remove_key(out, "general.file_type");

    add(out, random_matrix(ctx, type, kEmbd, kVocab, 1), "token_embd.weight");
    add(out, random_matrix(ctx, type, kEmbd, kVocab, 2), "output.weight");
    add(out, ones(ctx, kEmbd), "output_norm.weight");
    // One set of matrices, named once per layer: the file holds every layer's
    // bytes, memory holds one.
    std::vector<ggml_tensor*> mats;
    uint64_t seed = 10;
    for (const Matrix& mat : kLayer) mats.push_back(random_matrix(ctx, type, mat.k, mat.m, seed++));
    ggml_tensor* norm = ones(ctx, kEmbd);
    for (int l = 0; l < layers; ++l) {
        const std::string prefix = "blk." + std::to_string(l) + ".";
        for (size_t i = 0; i < mats.size(); ++i) add(out, mats[i], prefix + kLayer[i].name);
        add(out, norm, prefix + "attn_norm.weight");
        add(out, norm, prefix + "ffn_norm.weight");
    }
    const bool ok = gguf_write_to_file(out, path.c_str(), false);
    gguf_free(out);
    ggml_free(ctx);
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: lugh_matvec_models VOCAB_GGUF OUT_DIR LAYERS TYPE...\n");
        return 2;
    }
    gguf_context* vocab = gguf_init_from_file(argv[1], {true, nullptr});
    if (!vocab) {
        std::fprintf(stderr, "lugh_matvec_models: cannot read %s\n", argv[1]);
        return 1;
    }
    const int layers = std::atoi(argv[3]);
    if (layers < 1 || layers > 64) {
        std::fprintf(stderr, "lugh_matvec_models: LAYERS must be 1..64, got '%s'\n", argv[3]);
        return 2;
    }
    int failed = 0;
    for (int i = 4; i < argc; ++i) {
        const ggml_type type = type_named(argv[i]);
        const std::string path = std::string(argv[2]) + "/matvec-" + argv[i] + "-L" + argv[3] + ".gguf";
        if (write_model(vocab, path, layers, type)) {
            std::printf("%s\n", path.c_str());
        } else {
            std::fprintf(stderr, "lugh_matvec_models: writing %s failed\n", path.c_str());
            failed = 1;
        }
    }
    gguf_free(vocab);
    return failed;
}
