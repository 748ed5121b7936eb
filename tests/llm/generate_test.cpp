// The generation loop: stop conditions, streamed text, determinism; and
// llama.cpp's text for aidreams260K when ../shared is there.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include <lugh/generate.hpp>
#include <lugh/tokenizer.hpp>

#include "llm/llm_test_util.hpp"
#include "llm/reference_json.hpp"
#include "llm/text_stream.hpp"
#include "support/shared_fixtures.hpp"

namespace {

using lugh::llm::TextStream;

TEST(LlmTextStream, WholeUtf8CharactersOnly) {
    TextStream s({});
    EXPECT_EQ(s.push("a\xE2"), "a");          // first byte of a 3-byte character: held
    EXPECT_EQ(s.push("\x96"), "");
    EXPECT_EQ(s.push("\x81" "b"), "\xE2\x96\x81" "b");
    EXPECT_EQ(s.push("\xF0\x9F"), "");
    EXPECT_EQ(s.finish(), "\xF0\x9F");           // never completed: released at the end as it is
    EXPECT_EQ(s.text(), "a\xE2\x96\x81" "b\xF0\x9F");
}

TEST(LlmTextStream, StopStringsHeldBackThenCutOrReleased) {
    TextStream s({"</end>", "##"});
    EXPECT_EQ(s.push("hello <"), "hello ");      // "<" may begin "</end>"
    EXPECT_EQ(s.push("/e"), "");
    EXPECT_EQ(s.push("x"), "</ex");              // it did not: released
    EXPECT_EQ(s.push(" #"), " ");
    EXPECT_EQ(s.push("#tail"), "");              // "##" completed: cut where it begins
    EXPECT_TRUE(s.stopped());
    EXPECT_EQ(s.text(), "hello </ex ");
    EXPECT_EQ(s.finish(), "");
    EXPECT_EQ(s.push("more"), "");
}

TEST(LlmTextStream, StopStringInsideOneToken) {
    TextStream s({"stop"});
    EXPECT_EQ(s.push("a nonstop b"), "a non");
    EXPECT_TRUE(s.stopped());
}

struct Fixture {
    lugh::Model model{llmtest::tiny_model()};
    lugh::Tokenizer tok{model.file()};
    lugh::Session session{model, params()};
    static lugh::SessionParams params() {
        lugh::SessionParams p;
        p.n_ctx = 64;
        p.n_threads = 1;
        return p;
    }
};

TEST(LlmGenerate, MaxTokensCallbackAndStreamedTextAgree) {
    Fixture f;
    lugh::Sampler sampler;
    lugh::GenerateParams gp;
    gp.max_tokens = 12;
    std::string streamed;
    std::vector<int32_t> seen;
    const auto r = lugh::generate(f.session, sampler, f.tok.encode("the tea"), gp,
                                  [&](const lugh::GeneratedToken& g) {
                                      if (g.token != lugh::kNoToken) {
                                          seen.push_back(g.token);
                                          EXPECT_EQ(g.index, static_cast<int64_t>(seen.size()));
                                      }
                                      streamed += g.text;
                                      return false;
                                  },
                                  &f.tok);
    EXPECT_EQ(r.stop, lugh::StopReason::MaxTokens);
    EXPECT_EQ(r.tokens.size(), 12u);
    EXPECT_EQ(seen, r.tokens);
    EXPECT_EQ(streamed, r.text);
    std::string pieces;
    for (int32_t t : r.tokens) pieces += f.tok.piece(t, false);
    EXPECT_EQ(r.text, pieces);
    // The prompt and every generated token but the last are in the cache.
    EXPECT_EQ(f.session.n_past(), static_cast<int64_t>(r.n_prompt + 11));

    // The callback stops it.
    f.session.clear();
    const auto stopped = lugh::generate(f.session, sampler, {1, 5, 9}, gp,
                                        [](const lugh::GeneratedToken& g) { return g.index == 3; }, &f.tok);
    EXPECT_EQ(stopped.stop, lugh::StopReason::Callback);
    EXPECT_EQ(stopped.tokens.size(), 3u);
}

TEST(LlmGenerate, EndOfGenerationAndStopStrings) {
    Fixture f;
    const int32_t e = f.tok.find("\xE2\x96\x81" "e");   // " e"
    ASSERT_GE(e, 0);
    lugh::SamplerParams sp;
    sp.logit_bias = {{e, 1000.0f}};                   // always " e"
    lugh::GenerateParams gp;
    gp.max_tokens = 20;
    gp.eog = {e};
    lugh::Sampler forced(sp);
    auto r = lugh::generate(f.session, forced, {1, 7}, gp, {}, &f.tok);
    EXPECT_EQ(r.stop, lugh::StopReason::EndOfGeneration);
    EXPECT_TRUE(r.tokens.empty());

    f.session.clear();
    gp.eog.clear();
    gp.stop = {"e e e"};
    r = lugh::generate(f.session, forced, {1, 7}, gp, {}, &f.tok);
    EXPECT_EQ(r.stop, lugh::StopReason::StopString);
    EXPECT_EQ(r.tokens.size(), 3u);
    EXPECT_EQ(r.text, " ");

    // The tokenizer's own end of generation (</s>) stops it too.
    f.session.clear();
    lugh::SamplerParams eos;
    eos.logit_bias = {{f.tok.eos(), 1000.0f}};
    lugh::Sampler to_eos(eos);
    gp.stop.clear();
    EXPECT_EQ(lugh::generate(f.session, to_eos, {1, 7}, gp, {}, &f.tok).stop, lugh::StopReason::EndOfGeneration);
    gp.ignore_eog = true;
    gp.max_tokens = 3;
    EXPECT_EQ(lugh::generate(f.session, to_eos, {9}, gp, {}, &f.tok).tokens.size(), 3u);
}

TEST(LlmGenerate, StopsWhenTheContextIsFullAndRefusesBadCalls) {
    Fixture f;
    lugh::SessionParams p = Fixture::params();
    p.n_ctx = 8;
    lugh::Session small(f.model, p);
    lugh::Sampler sampler;
    lugh::GenerateParams gp;
    gp.max_tokens = 10;
    const auto r = lugh::generate(small, sampler, {1, 2, 3, 4, 5}, gp);
    EXPECT_EQ(r.stop, lugh::StopReason::ContextFull);
    EXPECT_EQ(r.tokens.size(), 4u);   // positions 5, 6, 7 evaluated, the 4th token has no room
    EXPECT_THROW(lugh::generate(small, sampler, {1, 2, 3}, gp), lugh::Error);   // does not fit
    EXPECT_EQ(small.n_past(), 8);
    gp.stop = {"x"};
    EXPECT_THROW(lugh::generate(f.session, sampler, {1}, gp), lugh::Error);   // stop strings need a tokenizer
    gp.stop.clear();
    lugh::Session fresh(f.model, p);
    EXPECT_THROW(lugh::generate(fresh, sampler, {}, gp), lugh::Error);        // nothing to continue from
}

TEST(LlmGenerate, SameSeedSameTokensAtAnyThreadCount) {
    lugh::Model model(llmtest::tiny_model("qwen2", lugh::Type::Q4_0));
    std::vector<std::vector<int32_t>> runs;
    for (int threads : {1, 2, 3, 1}) {
        lugh::SessionParams p;
        p.n_ctx = 64;
        p.n_threads = threads;
        lugh::Session s(model, p);
        lugh::SamplerParams sp;
        sp.seed = 99;
        sp.temperature = 1.2f;
        sp.repeat_penalty = 1.1f;
        lugh::Sampler sampler(sp);
        lugh::GenerateParams gp;
        gp.max_tokens = 30;
        runs.push_back(lugh::generate(s, sampler, {1, 20, 30}, gp).tokens);
    }
    for (size_t i = 1; i < runs.size(); ++i) EXPECT_EQ(runs[i], runs[0]);
    EXPECT_GT(std::set<int32_t>(runs[0].begin(), runs[0].end()).size(), 5u);   // really sampled
}

TEST(LlmGenerate, Aidreams260KFromTextGivesLlamaCppText) {
    LUGH_SHARED_OR_SKIP(dir, "models");
    lugh::Model model(dir + "/real/aidreams260K.gguf");
    lugh::Tokenizer tok(model.file());
    for (const char* p : {"p1", "p2"}) {
        SCOPED_TRACE(p);
        const auto ref = llmtest::load_reference(dir, std::string("aidreams260K.") + p);
        const auto prompt = tok.encode(ref.prompt);
        EXPECT_EQ(prompt, ref.prompt_tokens);
        lugh::SessionParams sp;
        sp.n_ctx = 128;
        lugh::Session s(model, sp);
        lugh::SamplerParams greedy;
        greedy.temperature = 0;
        lugh::Sampler sampler(greedy);
        lugh::GenerateParams gp;
        gp.max_tokens = static_cast<int64_t>(ref.generated.size());
        const auto r = lugh::generate(s, sampler, prompt, gp, {}, &tok);
        EXPECT_EQ(r.tokens, ref.generated);
        EXPECT_EQ(r.text, ref.text);
    }
}

}  // namespace
