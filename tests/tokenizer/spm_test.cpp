// SentencePiece-style vocabularies written by the test: merges by score,
// the space prefix, byte fallback, BOS/EOS, decoding, and agreement with a
// plain reference on long random text.
#include <gtest/gtest.h>

#include <random>

#include "tokenizer/reference.hpp"
#include "tokenizer/vocab_fixture.hpp"

using lugh::TokenId;
using tok_test::reference_spm;
using tok_test::spm_vocab;
using tok_test::VocabFile;
using tok_test::VocabSpec;

namespace {

const std::string kSp = "\xE2\x96\x81";   // '▁'

std::vector<std::pair<std::string, float>> pieces() {
    return {{kSp, -1},         {"a", -2},         {"b", -2},          {"c", -2},        {"ab", -1.5},
            {"bc", -0.5},      {kSp + "a", -1.2}, {kSp + "ab", -1.0}, {"h", -3},        {"e", -3},
            {"l", -3},         {"o", -3},         {"he", -2},         {"ll", -2},       {"llo", -1.8},
            {"hello", -1},     {kSp + "hello", -0.5}, {kSp + kSp, -2}, {kSp + kSp + kSp + kSp, -1.9}};
}

std::string escaped(const std::string& s) {
    std::string out;
    for (char c : s) out += c == ' ' ? kSp : std::string(1, c);
    return out;
}

// Random text over the vocabulary's letters, spaces and a character it lacks;
// with `broken`, also a lone UTF-8 lead byte (which may swallow a following '▁').
std::string random_text(std::mt19937& rng, size_t n, bool broken) {
    static const std::vector<std::string> parts = {"a", "b", "c", "h", "e", "l", "o", " ", " ", "  ", "é", "hello", "\xE4"};
    std::string s;
    while (s.size() < n) s += parts[rng() % (parts.size() - (broken ? 0 : 1))];
    return s;
}

}  // namespace

TEST(SpmTokenizer, MergesTheBestScoringPairFirst) {
    const VocabFile f(spm_vocab(pieces()));
    const auto& tok = f.tok();
    EXPECT_EQ(tok.model(), lugh::TokenizerModel::SentencePiece);
    // "▁abc": bc (-0.5) beats ▁a (-1.2) and ab (-1.5); then ▁a joins; ▁abc is no token.
    EXPECT_EQ(tok.encode("abc", false), (std::vector<TokenId>{tok.find(kSp + "a"), tok.find("bc")}));
    // "▁ab": ▁a (-1.2) and ab (-1.5) compete, ▁a wins, then ▁a+b = ▁ab.
    EXPECT_EQ(tok.encode("ab", false), (std::vector<TokenId>{tok.find(kSp + "ab")}));
    EXPECT_EQ(tok.encode("hello", false), (std::vector<TokenId>{tok.find(kSp + "hello")}));
    EXPECT_EQ(tok.encode("hello", false), reference_spm(tok, escaped(" hello")));
}

TEST(SpmTokenizer, ScoresDecideTheSplit) {
    auto spec = spm_vocab({{"a", -2}, {"b", -2}, {"c", -2}, {"ab", -1}, {"bc", -1.5}});
    spec.flags["add_space_prefix"] = false;
    const VocabFile f(spec);
    EXPECT_FALSE(f.tok().add_space_prefix());
    EXPECT_EQ(f.tok().encode("abc", false), (std::vector<TokenId>{f.tok().find("ab"), f.tok().find("c")}));
    spec.scores[spec.tokens.size() - 1] = -0.5;   // bc now beats ab
    const VocabFile g(spec);
    EXPECT_EQ(g.tok().encode("abc", false), (std::vector<TokenId>{g.tok().find("a"), g.tok().find("bc")}));
    // Equal scores: the leftmost pair merges first.
    spec.scores[spec.tokens.size() - 1] = -1;
    const VocabFile h(spec);
    EXPECT_EQ(h.tok().encode("abc", false), (std::vector<TokenId>{h.tok().find("ab"), h.tok().find("c")}));
}

TEST(SpmTokenizer, FallsBackToByteTokens) {
    const VocabFile f(spm_vocab(pieces()));
    const auto& tok = f.tok();
    // 'é' is not in the vocabulary: its two UTF-8 bytes become <0xC3> <0xA9>.
    EXPECT_EQ(tok.encode("é", false), (std::vector<TokenId>{tok.find(kSp), tok.find("<0xC3>"), tok.find("<0xA9>")}));
    EXPECT_EQ(tok.token_type(tok.find("<0xC3>")), lugh::TokenType::Byte);
    EXPECT_EQ(tok.piece(tok.find("<0xC3>")), "\xC3");
    // Pieces of one character spread over byte tokens join up again.
    EXPECT_EQ(tok.decode(tok.encode("é hello é", false)), "é hello é");
    // Broken UTF-8 splits by its lead bytes and falls back byte by byte.
    EXPECT_EQ(tok.encode("\xFF", false), (std::vector<TokenId>{tok.find(kSp), tok.find("<0xFF>")}));
    EXPECT_EQ(tok.encode("a\xE4", false), reference_spm(tok, kSp + "a\xE4"));
    EXPECT_EQ(tok.decode(tok.encode("x\xE4\x80\xFF", false)), "x\xE4\x80\xFF");
    // A lead byte before a space takes the first bytes of its '▁' with it: the
    // bytes come back, the space does not (as upstream; only valid UTF-8 round-trips).
    EXPECT_EQ(tok.decode(tok.encode("\xE4 a", false)), "\xE4\xE2\x96\x81" "a");
}

TEST(SpmTokenizer, AddsBosAndEosAsTheVocabularySays) {
    auto spec = spm_vocab(pieces());
    const VocabFile f(spec);
    const auto& tok = f.tok();
    EXPECT_TRUE(tok.add_bos());
    EXPECT_FALSE(tok.add_eos());
    EXPECT_EQ(tok.encode("hello", true), (std::vector<TokenId>{1, tok.find(kSp + "hello")}));
    EXPECT_EQ(tok.encode("", true), (std::vector<TokenId>{1}));
    EXPECT_TRUE(tok.encode("", false).empty());
    spec.flags["add_bos_token"] = false;
    spec.flags["add_eos_token"] = true;
    const VocabFile g(spec);
    EXPECT_EQ(g.tok().encode("hello", true), (std::vector<TokenId>{g.tok().find(kSp + "hello"), 2}));
    EXPECT_EQ(g.tok().encode("hello", false), (std::vector<TokenId>{g.tok().find(kSp + "hello")}));
}

TEST(SpmTokenizer, DecodeRemovesTheSpacePrefixOnce) {
    const VocabFile f(spm_vocab(pieces()));
    const auto& tok = f.tok();
    EXPECT_EQ(tok.decode(tok.encode("hello", false)), "hello");
    EXPECT_EQ(tok.decode(tok.encode(" hello", false)), " hello");
    EXPECT_EQ(tok.decode(tok.encode("  a b  ", false)), "  a b  ");
    // With BOS first: BOS shows as its text; removed, upstream keeps the space.
    const std::vector<TokenId> ids = tok.encode("hello", true);
    EXPECT_EQ(tok.decode(ids), "<s> hello");
    EXPECT_EQ(tok.decode(ids, false, false), " hello");
    EXPECT_EQ(tok.decode(ids, true), " hello");
    EXPECT_EQ(tok.piece(tok.find(kSp + "hello")), " hello");
}

TEST(SpmTokenizer, AgreesWithTheReferenceOnRandomText) {
    const VocabFile f(spm_vocab(pieces()));
    const auto& tok = f.tok();
    std::mt19937 rng(7);
    for (int round = 0; round < 40; ++round) {
        const std::string text = random_text(rng, 1 + rng() % 400, round % 2);
        // The reference merges the whole text at once: no word-by-word shortcut.
        ASSERT_EQ(tok.encode(text, false), reference_spm(tok, escaped(" " + text))) << text;
        if (round % 2 == 0) ASSERT_EQ(tok.decode(tok.encode(text, false)), text);
    }
}

TEST(SpmTokenizer, TokensWithInnerSpacesMergeAcrossWords) {
    // "a▁b" spans two words: the word-by-word shortcut must not be taken.
    auto p = pieces();
    p.push_back({"a" + kSp, -0.1f});
    p.push_back({"a" + kSp + "b", 0});
    const VocabFile f(spm_vocab(p));
    const auto& tok = f.tok();
    const std::vector<TokenId> ids = tok.encode("xa b", false);
    EXPECT_EQ(ids, reference_spm(tok, escaped(" xa b")));
    EXPECT_EQ(ids.back(), tok.find("a" + kSp + "b"));
    std::mt19937 rng(11);
    for (int round = 0; round < 20; ++round) {
        const std::string text = random_text(rng, 1 + rng() % 300, true);
        ASSERT_EQ(tok.encode(text, false), reference_spm(tok, escaped(" " + text))) << text;
    }
}

TEST(SpmTokenizer, OneMegabyteRoundTrips) {
    const VocabFile f(spm_vocab(pieces()));
    const auto& tok = f.tok();
    std::mt19937 rng(3);
    const std::string text = random_text(rng, 1 << 20, false);
    const std::vector<TokenId> ids = tok.encode(text, false);
    EXPECT_GT(ids.size(), text.size() / 8);
    EXPECT_TRUE(tok.decode(ids) == text);   // (not EXPECT_EQ: a megabyte in a failure message helps no one)
    // The same as encoding it in two halves cut before a word ('▁' after a letter).
    size_t cut = text.size() / 2;
    while (!(text[cut] == ' ' && text[cut - 1] != ' ')) ++cut;
    std::vector<TokenId> halves = tok.encode(text.substr(0, cut), false);
    auto spec = spm_vocab(pieces());
    spec.flags["add_space_prefix"] = false;
    const VocabFile g(spec);
    const std::vector<TokenId> second = g.tok().encode(text.substr(cut), false);
    halves.insert(halves.end(), second.begin(), second.end());
    EXPECT_TRUE(ids == halves);
}
