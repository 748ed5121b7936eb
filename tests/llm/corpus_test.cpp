// The model fuzzer's seeds (tests/llm/corpus, fuzz/model_fuzz.cpp): the
// smallest models of both architectures, written here, checked in, and
// checked here to load and run, so the fuzzer starts from files that reach
// the whole loader and a decode.
//
//     lugh_llm_tests --gtest_also_run_disabled_tests --gtest_filter='*WriteCorpus'   # rewrite them
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <lugh/lugh.hpp>

#include "support/shared_fixtures.hpp"

namespace {

struct Seed {
    const char* file;
    const char* arch;
    int64_t n_embd, n_ff;
    lugh::Type type;
};

const Seed kSeeds[] = {
    {"llama_f32.gguf", "llama", 8, 8, lugh::Type::F32},
    {"qwen2_f32.gguf", "qwen2", 8, 8, lugh::Type::F32},
    {"llama_f16.gguf", "llama", 8, 16, lugh::Type::F16},
    {"llama_q8_0.gguf", "llama", 32, 32, lugh::Type::Q8_0},
};

std::string corpus_dir() { return std::string(LUGH_SOURCE_DIR) + "/tests/llm/corpus"; }

// 4 tokens, 1 layer, 2 heads sharing 1 KV head.
void write_seed(const Seed& s, const std::string& path) {
    const int64_t n_vocab = 4, hd = s.n_embd / 2;
    const std::string a = s.arch;
    lugh::gguf::Writer w;
    w.set_string("general.architecture", a);
    w.set_u32(a + ".context_length", 16);
    w.set_u32(a + ".embedding_length", static_cast<uint32_t>(s.n_embd));
    w.set_u32(a + ".block_count", 1);
    w.set_u32(a + ".feed_forward_length", static_cast<uint32_t>(s.n_ff));
    w.set_u32(a + ".attention.head_count", 2);
    w.set_u32(a + ".attention.head_count_kv", 1);
    w.set_f32(a + ".attention.layer_norm_rms_epsilon", 1e-5f);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> dist(-0.5f, 0.5f);
    static std::vector<std::vector<unsigned char>> keep;   // data must live until write
    keep.clear();
    auto add = [&](const std::string& name, std::vector<int64_t> shape, bool matrix) {
        int64_t n = 1;
        for (int64_t d : shape) n *= d;
        std::vector<float> v(static_cast<size_t>(n));
        for (float& x : v) x = dist(rng) + (matrix ? 0.0f : 1.0f);
        const lugh::Type t = matrix ? s.type : lugh::Type::F32;
        keep.push_back(t == lugh::Type::F32 ? std::vector<unsigned char>(reinterpret_cast<unsigned char*>(v.data()),
                                                                          reinterpret_cast<unsigned char*>(v.data() + n))
                                            : lugh::quant::quantize(t, v, shape[0]));
        w.add_tensor(name, t, shape, keep.back().data());
    };
    keep.reserve(32);
    add("token_embd.weight", {s.n_embd, n_vocab}, true);
    add("blk.0.attn_norm.weight", {s.n_embd}, false);
    add("blk.0.attn_q.weight", {s.n_embd, s.n_embd}, true);
    add("blk.0.attn_k.weight", {s.n_embd, hd}, true);
    add("blk.0.attn_v.weight", {s.n_embd, hd}, true);
    if (a == "qwen2") {
        add("blk.0.attn_q.bias", {s.n_embd}, false);
        add("blk.0.attn_k.bias", {hd}, false);
        add("blk.0.attn_v.bias", {hd}, false);
    }
    add("blk.0.attn_output.weight", {s.n_embd, s.n_embd}, true);
    add("blk.0.ffn_norm.weight", {s.n_embd}, false);
    add("blk.0.ffn_gate.weight", {s.n_embd, s.n_ff}, true);
    add("blk.0.ffn_up.weight", {s.n_embd, s.n_ff}, true);
    add("blk.0.ffn_down.weight", {s.n_ff, s.n_embd}, true);
    add("output_norm.weight", {s.n_embd}, false);
    w.write(path);
}

TEST(LlmCorpus, DISABLED_WriteCorpus) {
    for (const Seed& s : kSeeds) write_seed(s, corpus_dir() + "/" + s.file);
}

TEST(LlmCorpus, SeedsLoadAndRun) {
    for (const Seed& s : kSeeds) {
        SCOPED_TRACE(s.file);
        lugh::Model m(corpus_dir() + "/" + s.file);
        EXPECT_EQ(m.hparams().arch, s.arch);
        EXPECT_TRUE(m.hparams().tied_output);
        lugh::SessionParams sp;
        sp.n_ctx = 8;
        lugh::Session session(m, sp);
        const float* logits = session.decode({0, 3, 1});
        for (int i = 0; i < 4; ++i) EXPECT_TRUE(std::isfinite(logits[i]));
    }
}

}  // namespace
