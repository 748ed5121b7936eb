// Lugh's engine against llama.cpp's outputs in ../shared/models (skipped
// when absent): greedy tokens exactly, and every position's logits within a
// tolerance that depends on the weight type (see ../shared/models/README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <lugh/model.hpp>
#include <lugh/session.hpp>

#include "llm/reference_json.hpp"
#include "support/shared_fixtures.hpp"

namespace {

// Largest |a - b| over a row, relative to the row's largest |b|.
double row_error(const float* got, const float* want, int64_t n) {
    double worst = 0, scale = 0;
    for (int64_t i = 0; i < n; ++i) {
        worst = std::max(worst, std::fabs(static_cast<double>(got[i]) - want[i]));
        scale = std::max(scale, std::fabs(static_cast<double>(want[i])));
    }
    return worst / scale;
}

std::vector<int32_t> greedy(lugh::Session& s, const std::vector<int32_t>& prompt, size_t n) {
    std::vector<int32_t> out;
    const float* logits = s.decode(prompt);
    while (out.size() < n) {
        out.push_back(lugh::argmax(logits, s.n_vocab()));
        if (out.size() < n) logits = s.decode({out.back()});
    }
    return out;
}

TEST(LlmReference, Aidreams260KGreedyGivesLlamaCppTokens) {
    LUGH_SHARED_OR_SKIP(dir, "models");
    lugh::Model model(dir + "/real/aidreams260K.gguf");
    for (const char* prompt : {"p1", "p2"}) {
        for (lugh::Type kv : {lugh::Type::F32, lugh::Type::F16}) {
            SCOPED_TRACE(std::string(prompt) + " kv " + lugh::type_name(kv));
            const auto ref = llmtest::load_reference(dir, std::string("aidreams260K.") + prompt);
            lugh::SessionParams sp;
            sp.n_ctx = 128;
            sp.kv_type = kv;
            lugh::Session s(model, sp);
            EXPECT_EQ(greedy(s, ref.prompt_tokens, ref.generated.size()), ref.generated);
        }
    }
}

struct LogitCase {
    const char* file;      // under models/
    const char* ref;       // reference name prefix
    double tolerance;      // of the row's largest |logit|
};

// llama.cpp's token sequence (prompt, then what it generated) evaluated in
// one call with an F32 cache; every step's row compared.
void expect_logits_match(const LogitCase& c, int n_batch, int n_threads) {
    LUGH_SHARED_OR_SKIP(dir, "models");
    std::unique_ptr<lugh::Model> model;
    try {
        model = std::make_unique<lugh::Model>(dir + "/" + c.file);
    } catch (const lugh::Error& e) {
        const std::string why = e.what();
        if (why.find("cannot use") != std::string::npos || why.find("unknown type") != std::string::npos)
            GTEST_SKIP() << c.file << ": weight type not supported by this build yet: " << e.what();
        throw;
    }
    for (const char* p : {"p1", "p2"}) {
        SCOPED_TRACE(std::string(c.ref) + "." + p);
        const auto ref = llmtest::load_reference(dir, std::string(c.ref) + "." + p);
        std::vector<int32_t> seq = ref.prompt_tokens;
        seq.insert(seq.end(), ref.generated.begin(), ref.generated.end());
        lugh::SessionParams sp;
        sp.n_ctx = 256;
        sp.n_batch = n_batch;
        sp.n_threads = n_threads;
        sp.kv_type = lugh::Type::F32;
        lugh::Session s(*model, sp);
        s.decode(seq, true);
        const int64_t n_vocab = s.n_vocab();
        const size_t steps = ref.logits.size() / static_cast<size_t>(n_vocab);
        ASSERT_EQ(steps, ref.generated.size() + 1);
        double worst = 0;
        for (size_t i = 0; i < steps; ++i) {
            const int64_t pos = static_cast<int64_t>(ref.prompt_tokens.size() - 1 + i);
            worst = std::max(worst, row_error(s.logits(pos), ref.logits.data() + i * n_vocab, n_vocab));
        }
        testing::Test::RecordProperty(std::string("max_error_") + p, std::to_string(worst));
        std::printf("  %s.%s: worst row error %.3g of the largest |logit| (allowed %.3g)\n", c.ref, p, worst,
                    c.tolerance);
        EXPECT_LE(worst, c.tolerance);
    }
}

const LogitCase kCases[] = {
    {"real/aidreams260K.gguf", "aidreams260K", 1e-4},
    {"real/stories260K.gguf", "stories260K", 1e-4},
    {"synthetic/llama-small-f16.gguf", "llama-small-f16", 0.005},
    {"synthetic/qwen2-small-f16.gguf", "qwen2-small-f16", 0.005},
    {"synthetic/llama-small-q8_0.gguf", "llama-small-q8_0", 0.02},
    {"synthetic/qwen2-small-q8_0.gguf", "qwen2-small-q8_0", 0.02},
    {"synthetic/llama-small-q4_0.gguf", "llama-small-q4_0", 0.02},
    {"synthetic/llama-small-q4_1.gguf", "llama-small-q4_1", 0.02},
    {"synthetic/llama-small-q5_0.gguf", "llama-small-q5_0", 0.02},
    {"synthetic/llama-small-q5_1.gguf", "llama-small-q5_1", 0.02},
    {"synthetic/llama-small-q2_k.gguf", "llama-small-q2_k", 0.02},
    {"synthetic/llama-small-q3_k.gguf", "llama-small-q3_k", 0.02},
    {"synthetic/llama-small-q4_k.gguf", "llama-small-q4_k", 0.02},
    {"synthetic/llama-small-q5_k.gguf", "llama-small-q5_k", 0.02},
    {"synthetic/llama-small-q6_k.gguf", "llama-small-q6_k", 0.02},
    {"synthetic/llama-small-q4_k_m.gguf", "llama-small-q4_k_m", 0.02},
    {"synthetic/llama-small-q5_k_m.gguf", "llama-small-q5_k_m", 0.02},
    {"synthetic/llama-small-iq4_nl.gguf", "llama-small-iq4_nl", 0.02},
    {"synthetic/llama-small-iq4_xs.gguf", "llama-small-iq4_xs", 0.02},
};

void PrintTo(const LogitCase& c, std::ostream* os) { *os << c.file; }

class LlmReferenceLogits : public testing::TestWithParam<LogitCase> {};

TEST_P(LlmReferenceLogits, OneBatchMatchesLlamaCpp) { expect_logits_match(GetParam(), 512, 2); }
// Token by token (the decode path: matrix-vector products, the cache read back every step).
TEST_P(LlmReferenceLogits, OneTokenAtATimeMatchesLlamaCpp) { expect_logits_match(GetParam(), 1, 1); }

INSTANTIATE_TEST_SUITE_P(Models, LlmReferenceLogits, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<LogitCase>& info) {
                             std::string n = info.param.ref;
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

}  // namespace
