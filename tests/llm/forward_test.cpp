// The engine's forward pass against a double-precision reference written in
// the test (reference_forward.hpp), on small synthetic models of both
// architectures: batch sizes, the KV cache across calls and rewinds, weight
// and cache types, thread counts.
#include <gtest/gtest.h>

#include "llm/llm_test_util.hpp"
#include "llm/reference_forward.hpp"

namespace {

using llmtest::relative_error;

lugh::Session make_session(const lugh::Model& m, int64_t n_batch, lugh::Type kv = lugh::Type::F32, int threads = 1) {
    lugh::SessionParams sp;
    sp.n_ctx = 128;
    sp.n_batch = n_batch;
    sp.kv_type = kv;
    sp.n_threads = threads;
    return lugh::Session(m, sp);
}

// Every position's logits of one decode call against the reference.
double worst_error(lugh::Session& s, const std::vector<int32_t>& tokens, const std::vector<llmtest::Vec>& want) {
    s.decode(tokens, true);
    double worst = 0;
    for (size_t t = 0; t < tokens.size(); ++t) worst = std::max(worst, relative_error(s.logits(t), want[t]));
    return worst;
}

class LlmForward : public testing::TestWithParam<std::string> {};

TEST_P(LlmForward, MatchesDoubleReferenceAtBatchSizes1_7_64) {
    lugh::Model model(llmtest::tiny_model(GetParam()));
    const auto tokens = llmtest::some_tokens(70, model.hparams().n_vocab);
    const auto want = llmtest::ReferenceModel(model).forward(tokens);
    for (int64_t n_batch : {1, 7, 64}) {
        SCOPED_TRACE("n_batch " + std::to_string(n_batch));
        lugh::Session s = make_session(model, n_batch);
        EXPECT_LE(worst_error(s, tokens, want), 1e-4);
        EXPECT_EQ(s.n_past(), 70);
    }
}

TEST_P(LlmForward, TiedOutputUsesTheEmbedding) {
    lugh::Model model(llmtest::tiny_model(GetParam(), lugh::Type::F32, true));
    EXPECT_TRUE(model.hparams().tied_output);
    const auto tokens = llmtest::some_tokens(9, model.hparams().n_vocab, 3);
    lugh::Session s = make_session(model, 64);
    EXPECT_LE(worst_error(s, tokens, llmtest::ReferenceModel(model).forward(tokens)), 1e-4);
}

// Quantized and F16 weights: the engine rounds activations as llama.cpp does
// (F16 for F16 weights, Q8_0 for quantized ones), so it lands near, not on,
// the exact product of the stored weights.
TEST_P(LlmForward, WeightTypesWithinTheirTolerance) {
    const std::pair<lugh::Type, double> cases[] = {
        {lugh::Type::F16, 5e-3}, {lugh::Type::BF16, 2e-2}, {lugh::Type::Q8_0, 3e-2}, {lugh::Type::Q4_0, 3e-2}};
    for (const auto& [type, tolerance] : cases) {
        SCOPED_TRACE(lugh::type_name(type));
        lugh::Model model(llmtest::tiny_model(GetParam(), type));
        const auto tokens = llmtest::some_tokens(20, model.hparams().n_vocab, 5);
        const auto want = llmtest::ReferenceModel(model).forward(tokens);
        for (int64_t n_batch : {1, 20}) {
            lugh::Session s = make_session(model, n_batch);
            EXPECT_LE(worst_error(s, tokens, want), tolerance) << "n_batch " << n_batch;
        }
    }
}

TEST_P(LlmForward, F16CacheCloseToF32Cache) {
    lugh::Model model(llmtest::tiny_model(GetParam()));
    const auto tokens = llmtest::some_tokens(40, model.hparams().n_vocab, 9);
    const auto want = llmtest::ReferenceModel(model).forward(tokens);
    lugh::Session s = make_session(model, 8, lugh::Type::F16);
    const double err = worst_error(s, tokens, want);
    EXPECT_LE(err, 1e-2);
    EXPECT_GT(err, 1e-7);   // the cache really is F16: not bit-identical to the F32 one
}

// The cache carries keys and values over several calls, rewinds and is reused.
TEST_P(LlmForward, CacheAcrossCallsRewindAndReuse) {
    lugh::Model model(llmtest::tiny_model(GetParam()));
    const int64_t n_vocab = model.hparams().n_vocab;
    llmtest::ReferenceModel ref(model);
    const auto tokens = llmtest::some_tokens(51, n_vocab, 11);
    const auto want = ref.forward(tokens);
    lugh::Session s = make_session(model, 16);
    size_t at = 0;
    for (size_t len : {5, 1, 1, 13, 1, 30}) {
        const std::vector<int32_t> piece(tokens.begin() + at, tokens.begin() + at + len);
        const float* last = s.decode(piece);
        at += len;
        EXPECT_LE(relative_error(last, want[at - 1]), 1e-4) << "after " << at << " tokens";
        EXPECT_EQ(s.n_past(), static_cast<int64_t>(at));
    }
    // Rewind to 10 positions and continue differently: the result is that of the new sequence.
    s.truncate(10);
    std::vector<int32_t> other(tokens.begin(), tokens.begin() + 10);
    const auto tail = llmtest::some_tokens(7, n_vocab, 12);
    other.insert(other.end(), tail.begin(), tail.end());
    const auto want_other = ref.forward(other);
    s.decode(tail, true);
    for (size_t i = 0; i < tail.size(); ++i) EXPECT_LE(relative_error(s.logits(i), want_other[10 + i]), 1e-4);
    // Cleared, the session starts over.
    s.clear();
    EXPECT_EQ(s.n_past(), 0);
    EXPECT_LE(relative_error(s.decode({tokens[0], tokens[1]}), want[1]), 1e-4);
}

// Every kernel splits work so that each output is computed the same way at
// any thread count: the logits are bitwise equal, and so are greedy tokens.
TEST_P(LlmForward, SameBitsAtOneTwoThreeThreads) {
    lugh::Model model(llmtest::tiny_model(GetParam(), lugh::Type::Q8_0));
    const auto prompt = llmtest::some_tokens(12, model.hparams().n_vocab, 13);
    std::vector<std::vector<float>> rows;
    std::vector<std::vector<int32_t>> generated;
    for (int threads : {1, 2, 3}) {
        lugh::Session s = make_session(model, 64, lugh::Type::F16, threads);
        const float* l = s.decode(prompt);
        std::vector<int32_t> out;
        for (int i = 0; i < 20; ++i) {
            out.push_back(lugh::argmax(l, s.n_vocab()));
            l = s.decode({out.back()});
        }
        rows.emplace_back(l, l + s.n_vocab());
        generated.push_back(out);
    }
    EXPECT_EQ(rows[0], rows[1]);
    EXPECT_EQ(rows[0], rows[2]);
    EXPECT_EQ(generated[0], generated[1]);
    EXPECT_EQ(generated[0], generated[2]);
}

INSTANTIATE_TEST_SUITE_P(Arch, LlmForward, testing::Values("llama", "qwen2"),
                         [](const testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
