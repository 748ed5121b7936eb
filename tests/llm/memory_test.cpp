// Memory: a memory-mapped model copies nothing (a 2 GB model loads without
// growing resident memory), a copied one gives the same results, and the KV
// cache has the size its layout says (TinyLlama at 2048 positions in F16:
// 44 MiB).
#include <gtest/gtest.h>

#include <fstream>

#include "llm/llm_test_util.hpp"

namespace {

size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

std::string zero_tinyllama(lugh::Type type) {
    lugh::SynthSpec spec = lugh::synth_preset("tinyllama");
    spec.type = type;
    spec.zero_weights = true;
    const std::string path = llmtest::SynthFiles::instance().scratch(std::string("tinyllama-zero-") + lugh::type_name(type) + ".gguf");
    lugh::write_synth_model(spec, path);
    return path;
}

TEST(LlmMemory, MappedTwoGigabyteModelCopiesNothing) {
    const std::string path = zero_tinyllama(lugh::Type::F16);
    const size_t before = resident_bytes();
    lugh::Model model(path);
    const size_t grown = resident_bytes() - std::min(before, resident_bytes());
    EXPECT_GT(model.weight_bytes(), size_t{2000} << 20);
    EXPECT_EQ(model.hparams().n_layer, 22);
    EXPECT_EQ(model.hparams().n_head_kv, 4);
    // The keys (32000 vocabulary strings) and one record per tensor: a few MB, not the weights.
    EXPECT_LT(grown, size_t{64} << 20) << "loading grew resident memory by " << (grown >> 20) << " MiB";
}

TEST(LlmMemory, TinyLlamaKvCacheAt2048PositionsIs44MiB) {
    lugh::Model model(zero_tinyllama(lugh::Type::Q4_0));
    lugh::SessionParams sp;
    sp.n_ctx = 2048;
    lugh::Session f16(model, sp);
    EXPECT_EQ(f16.kv_bytes(), size_t{44} << 20);
    sp.kv_type = lugh::Type::F32;
    sp.n_ctx = 100;
    lugh::Session f32(model, sp);
    EXPECT_EQ(f32.kv_bytes(), size_t{22 * 2 * 256 * 100 * 4});
}

TEST(LlmMemory, CopiedModelGivesTheSameLogits) {
    const std::string path = llmtest::tiny_model("qwen2", lugh::Type::Q8_0);
    lugh::Model mapped(path);
    lugh::Model copied(path, lugh::ModelParams{lugh::gguf::Load::Copy});
    const auto tokens = llmtest::some_tokens(9, mapped.hparams().n_vocab, 21);
    lugh::Session a(mapped), b(copied);
    const float* la = a.decode(tokens);
    const float* lb = b.decode(tokens);
    EXPECT_EQ(std::vector<float>(la, la + a.n_vocab()), std::vector<float>(lb, lb + b.n_vocab()));
    EXPECT_THROW(lugh::Model(path, lugh::ModelParams{lugh::gguf::Load::MetadataOnly}), lugh::Error);
}

}  // namespace

namespace {

// After a long prompt the compute buffer is large; generating one token at a
// time needs a fraction of it, and the session gives the rest back.
TEST(LlmMemory, ComputeBufferShrinksAfterALongPrompt) {
    lugh::SynthSpec spec = lugh::synth_preset("tiny");
    spec.n_embd = 128, spec.n_ff = 4096, spec.n_layer = 2;
    const std::string path = llmtest::SynthFiles::instance().scratch("wide-ffn.gguf");
    lugh::write_synth_model(spec, path);
    lugh::Model model(path);
    lugh::SessionParams sp;
    sp.n_ctx = 512;
    sp.n_threads = 2;
    lugh::Session s(model, sp);
    s.decode(llmtest::some_tokens(512, model.hparams().n_vocab));
    const size_t after_prompt = s.compute_bytes();
    EXPECT_GT(after_prompt, size_t{16} << 20);   // 512 rows of the 4096-wide feed-forward
    s.truncate(500);
    const float* one = s.decode({7});
    const size_t generating = s.compute_bytes();
    EXPECT_LT(generating * 4, after_prompt);
    // The fresh buffer computes the same as a session that never held the prompt's graph.
    lugh::Session fresh(model, sp);
    fresh.decode(llmtest::some_tokens(500, model.hparams().n_vocab));
    const float* want = fresh.decode({7});
    EXPECT_EQ(std::vector<float>(one, one + s.n_vocab()), std::vector<float>(want, want + s.n_vocab()));
}

}  // namespace
