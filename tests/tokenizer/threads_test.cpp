// One tokenizer (and its copies) used by several threads at once gives each
// the same ids as one thread alone. Run under ThreadSanitizer by `make tsan`.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "tokenizer/vocab_fixture.hpp"

using lugh::TokenId;

namespace {

std::vector<std::string> texts(size_t n) {
    static const std::vector<std::string> parts = {"hello", " world", " ", "abc", "\n", "été", "12", "<tool>",
                                                   "<|im_end|>", "!", "\xFF"};
    std::mt19937 rng(17);
    std::vector<std::string> out(n);
    for (auto& t : out)
        while (t.size() < 50 + rng() % 400) t += parts[rng() % parts.size()];
    return out;
}

void check_concurrent(const lugh::Tokenizer& tok) {
    const std::vector<std::string> in = texts(64);
    std::vector<std::vector<TokenId>> want;
    std::vector<std::string> want_text;
    for (const auto& t : in) {
        want.push_back(tok.encode(t, true, true));
        want_text.push_back(tok.decode(want.back()));
    }
    constexpr int kThreads = 4;
    std::vector<int> mismatches(kThreads, 0);
    std::vector<std::thread> threads;
    for (int th = 0; th < kThreads; ++th) {
        threads.emplace_back([&, th] {
            const lugh::Tokenizer copy = tok;   // copies share the vocabulary
            const lugh::Tokenizer& use = th % 2 ? copy : tok;
            for (int round = 0; round < 3; ++round)
                for (size_t i = th; i < in.size(); i += 1) {
                    if (use.encode(in[i], true, true) != want[i]) ++mismatches[th];
                    if (use.decode(want[i]) != want_text[i]) ++mismatches[th];
                }
        });
    }
    for (auto& t : threads) t.join();
    for (int th = 0; th < kThreads; ++th) EXPECT_EQ(mismatches[th], 0) << "thread " << th;
}

}  // namespace

TEST(TokenizerThreads, SentencePieceEncodesConcurrently) {
    auto v = tok_test::spm_vocab({{"\xE2\x96\x81", -1}, {"h", -2}, {"e", -2}, {"he", -1}, {"\xE2\x96\x81he", -0.5}});
    v.add("<tool>", 0, 4);
    v.add("<|im_end|>", 0, 3);
    const tok_test::VocabFile f(v);
    check_concurrent(f.tok());
}

TEST(TokenizerThreads, BytePairsEncodeConcurrently) {
    auto v = tok_test::bpe_vocab({{"h", "e"}, {"l", "l"}, {"he", "ll"}, {" ", "w"}, {"a", "b"}}, "qwen2");
    v.add("<tool>", 0, 4);
    v.add("<|im_end|>", 0, 3);
    const tok_test::VocabFile f(v);
    check_concurrent(f.tok());
}
