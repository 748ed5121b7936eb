// Hostile model files and bad calls: each is one clear lugh::Error naming
// what is wrong, and nothing else is harmed (other models and sessions keep
// working, a refused decode leaves its session as it was).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "llm/llm_test_util.hpp"

namespace {

using testing::HasSubstr;

// A copy of the tiny llama model with its keys or tensors changed.
struct Rewrite {
    std::function<void(lugh::gguf::Writer&)> keys;                          // after the original keys are copied
    std::function<bool(const lugh::gguf::TensorInfo&)> drop;                // leave this tensor out
    std::function<bool(const lugh::gguf::TensorInfo&, lugh::gguf::Writer&)> replace;   // true: written by the callback
};

std::string rewritten(const std::string& name, const Rewrite& r) {
    const lugh::gguf::File in(llmtest::tiny_model());
    lugh::gguf::Writer out;
    out.copy_keys(in);
    if (r.keys) r.keys(out);
    for (const auto& t : in.tensors()) {
        if (r.drop && r.drop(t)) continue;
        if (r.replace && r.replace(t, out)) continue;
        out.add_tensor(t.name, t.type, t.shape, in.tensor_data(t.name));
    }
    const std::string path = llmtest::SynthFiles::instance().scratch(name + ".gguf");
    out.write(path);
    return path;
}

std::string load_error(const std::string& path) {
    try {
        lugh::Model m(path);
    } catch (const lugh::Error& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(LlmBadModel, EachProblemIsOneErrorNamingIt) {
    // A model and session that must stay unharmed by everything below.
    lugh::Model good(llmtest::tiny_model());
    lugh::Session session(good);
    const auto prompt = llmtest::some_tokens(6, good.hparams().n_vocab);
    const float* first = session.decode(prompt);
    const std::vector<float> before(first, first + good.hparams().n_vocab);
    session.clear();

    EXPECT_THAT(load_error(rewritten("arch", {[](auto& w) { w.set_string("general.architecture", "gpt9"); }})),
                HasSubstr("unknown architecture 'gpt9'"));
    EXPECT_THAT(load_error(rewritten("no_arch", {[](auto& w) { w.remove("general.architecture"); }})),
                HasSubstr("general.architecture"));
    EXPECT_THAT(load_error(rewritten("missing", {nullptr, [](const auto& t) { return t.name == "blk.1.ffn_up.weight"; }})),
                HasSubstr("tensor 'blk.1.ffn_up.weight' is missing"));
    EXPECT_THAT(load_error(rewritten("no_embd", {nullptr, [](const auto& t) { return t.name == "token_embd.weight"; }})),
                HasSubstr("'token_embd.weight' is missing"));
    // Impossible shapes: a tensor that does not fit the hyper-parameters.
    static std::vector<float> wrong(64 * 32, 0.5f);
    EXPECT_THAT(load_error(rewritten("shape", {nullptr, nullptr, [](const auto& t, auto& w) {
                                                   if (t.name != "blk.0.attn_q.weight") return false;
                                                   w.add_tensor(t.name, lugh::Type::F32, {64, 32}, wrong.data());
                                                   return true;
                                               }})),
                HasSubstr("tensor 'blk.0.attn_q.weight' has shape 64 x 32"));
    static std::vector<int32_t> ints(64, 1);
    EXPECT_THAT(load_error(rewritten("type", {nullptr, nullptr, [](const auto& t, auto& w) {
                                                  if (t.name != "blk.0.ffn_norm.weight") return false;
                                                  w.add_tensor(t.name, lugh::Type::I32, {64}, ints.data());
                                                  return true;
                                              }})),
                HasSubstr("tensor 'blk.0.ffn_norm.weight' is i32"));
    // Hyper-parameters that contradict each other or the tensors.
    EXPECT_THAT(load_error(rewritten("heads", {[](auto& w) {
                    w.set_u32("llama.attention.head_count", 5);
                    w.set_u32("llama.attention.head_count_kv", 5);
                }})),
                HasSubstr("does not divide llama.embedding_length"));
    EXPECT_THAT(load_error(rewritten("kv_heads", {[](auto& w) { w.set_u32("llama.attention.head_count_kv", 3); }})),
                HasSubstr("not a multiple of llama.attention.head_count_kv"));
    EXPECT_THAT(load_error(rewritten("layers", {[](auto& w) { w.set_u32("llama.block_count", 4000); }})),
                HasSubstr("block_count is 4000"));
    EXPECT_THAT(load_error(rewritten("layers_huge", {[](auto& w) { w.set_u64("llama.block_count", 1ull << 40); }})),
                HasSubstr("llama.block_count"));
    EXPECT_THAT(load_error(rewritten("width", {[](auto& w) { w.set_u32("llama.embedding_length", 128); }})),
                HasSubstr("has shape 64 x 300"));
    EXPECT_THAT(load_error(rewritten("no_width", {[](auto& w) { w.remove("llama.embedding_length"); }})),
                HasSubstr("'llama.embedding_length' is missing"));
    EXPECT_THAT(load_error(rewritten("rope", {[](auto& w) { w.set_u32("llama.rope.dimension_count", 7); }})),
                HasSubstr("rope.dimension_count is 7"));
    EXPECT_THAT(load_error(rewritten("eps", {[](auto& w) { w.set_f32("llama.attention.layer_norm_rms_epsilon", -1); }})),
                HasSubstr("layer_norm_rms_epsilon"));
    EXPECT_THAT(load_error(rewritten("scaling", {[](auto& w) { w.set_string("llama.rope.scaling.type", "warp"); }})),
                HasSubstr("rope.scaling.type is 'warp'"));
    EXPECT_THAT(load_error(rewritten("ff_type", {[](auto& w) { w.set_string("llama.feed_forward_length", "big"); }})),
                HasSubstr("llama.feed_forward_length"));

    // A truncated file, a missing one, one that is not GGUF.
    const std::string whole = llmtest::read_bytes(llmtest::tiny_model());
    const std::string cut = llmtest::SynthFiles::instance().scratch("truncated.gguf");
    std::ofstream(cut, std::ios::binary).write(whole.data(), static_cast<std::streamsize>(whole.size() / 2));
    EXPECT_THAT(load_error(cut), HasSubstr("truncated.gguf"));
    EXPECT_THAT(load_error("/nonexistent/model.gguf"), HasSubstr("/nonexistent/model.gguf"));

    // Nothing above touched the good model or its session.
    const float* after = session.decode(prompt);
    EXPECT_EQ(std::vector<float>(after, after + good.hparams().n_vocab), before);
}

TEST(LlmBadSession, RefusedCallsLeaveTheSessionUsable) {
    lugh::Model model(llmtest::tiny_model());
    const int64_t n_vocab = model.hparams().n_vocab;
    auto error = [](const std::function<void()>& f) -> std::string {
        try {
            f();
        } catch (const lugh::Error& e) {
            return e.what();
        }
        return "(no error)";
    };
    lugh::SessionParams sp;
    sp.n_ctx = 0;
    EXPECT_THAT(error([&] { lugh::Session s(model, sp); }), HasSubstr("n_ctx must be 1.."));
    sp.n_ctx = 16;
    sp.kv_type = lugh::Type::Q8_0;
    EXPECT_THAT(error([&] { lugh::Session s(model, sp); }), HasSubstr("KV cache type must be f16 or f32"));
    sp.kv_type = lugh::Type::F16;
    sp.n_threads = -2;
    EXPECT_THAT(error([&] { lugh::Session s(model, sp); }), HasSubstr("n_threads"));
    sp.n_threads = 1;
    sp.n_batch = 0;
    EXPECT_THAT(error([&] { lugh::Session s(model, sp); }), HasSubstr("n_batch"));
    sp.n_batch = 4;

    lugh::Session s(model, sp);
    const auto tokens = llmtest::some_tokens(10, n_vocab);
    s.decode(std::vector<int32_t>(tokens.begin(), tokens.begin() + 9));
    const float* first = s.decode({tokens[9]});
    const std::vector<float> want(first, first + n_vocab);
    // A prompt longer than the context: refused whole, nothing evaluated.
    EXPECT_THAT(error([&] { s.decode(llmtest::some_tokens(7, n_vocab)); }), HasSubstr("n_ctx"));
    EXPECT_THAT(error([&] { s.decode(llmtest::some_tokens(17, n_vocab)); }), HasSubstr("n_ctx"));
    EXPECT_EQ(s.n_past(), 10);
    // Token ids outside the vocabulary, and no tokens at all.
    EXPECT_THAT(error([&] { s.decode({1, static_cast<int32_t>(n_vocab)}); }), HasSubstr("is 300, outside the vocabulary"));
    EXPECT_THAT(error([&] { s.decode({-1}); }), HasSubstr("outside the vocabulary"));
    EXPECT_THAT(error([&] { s.decode(std::vector<int32_t>{}); }), HasSubstr("no tokens"));
    EXPECT_THAT(error([&] { s.truncate(11); }), HasSubstr("truncate"));
    EXPECT_THAT(error([&] { s.logits(3); }), HasSubstr("out of range"));
    EXPECT_THAT(error([&] { s.set_n_threads(0); }), HasSubstr("n_threads"));
    EXPECT_EQ(s.n_past(), 10);
    // Still usable: rewinding and evaluating the same again gives the same logits.
    s.truncate(9);
    const float* again = s.decode({tokens[9]});
    EXPECT_EQ(std::vector<float>(again, again + n_vocab), want);
    // Filling the context exactly is fine; one more is not.
    s.decode(llmtest::some_tokens(6, n_vocab));
    EXPECT_EQ(s.n_past(), 16);
    EXPECT_THAT(error([&] { s.decode({1}); }), HasSubstr("n_ctx"));
}

}  // namespace
