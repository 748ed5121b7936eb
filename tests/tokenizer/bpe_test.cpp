// Byte-level BPE vocabularies written by the test: merges by rank, merges
// through strings that are not tokens, ignore_merges, bytes the vocabulary
// lacks, broken UTF-8, and agreement with a plain reference.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "tokenizer/pre_tokenizer.hpp"
#include "tokenizer/reference.hpp"
#include "tokenizer/vocab_fixture.hpp"

using lugh::TokenId;
using tok_test::bpe_vocab;
using tok_test::byte_text;
using tok_test::VocabFile;
using tok_test::VocabSpec;

namespace {

using Merges = std::vector<std::pair<std::string, std::string>>;

const Merges kWorld = {{"h", "e"},  {"l", "l"},    {"he", "ll"},   {"hell", "o"},   {" ", "w"},  {" w", "o"},
                       {" wo", "r"}, {" wor", "l"}, {" worl", "d"}, {"a", "b"},      {"b", "c"},  {" ", "a"},
                       {"1", "2"},   {"12", "3"},   {"é", "t"},     {"\xC3", "\xA9"}};

TokenId id_of(const lugh::Tokenizer& tok, const std::string& raw) { return tok.find(byte_text(raw)); }

void drop_token(VocabSpec* v, const std::string& text) {
    for (size_t i = 0; i < v->tokens.size(); ++i)
        if (v->tokens[i] == text) {
            v->tokens.erase(v->tokens.begin() + static_cast<std::ptrdiff_t>(i));
            v->scores.erase(v->scores.begin() + static_cast<std::ptrdiff_t>(i));
            v->types.erase(v->types.begin() + static_cast<std::ptrdiff_t>(i));
            return;
        }
}

// Words as the GPT-2 pre-tokenizer cuts them, each merged by the reference.
std::vector<TokenId> reference_text(const lugh::Tokenizer& tok, const Merges& merges, const std::string& text,
                                    std::map<std::string, std::vector<TokenId>>* memo) {
    const auto rules = lugh::tokenizer::find_pre_tokenizer("gpt-2");
    const lugh::tokenizer::PreTokenizer pre(rules->patterns);
    lugh::tokenizer::PreTokenizer::Scratch scratch;
    std::vector<lugh::tokenizer::Span> words;
    pre.split(text, &words, &scratch);
    std::vector<TokenId> out;
    for (const auto& w : words) {
        const std::string word = text.substr(w.begin, w.end - w.begin);
        auto it = memo->find(word);
        if (it == memo->end()) it = memo->emplace(word, tok_test::reference_bpe(tok, merges, word, byte_text)).first;
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    return out;
}

std::string random_text(std::mt19937& rng, size_t n) {
    static const std::vector<std::string> parts = {"hello", " world", " ", "abc", "a", "b", "c", "\n", "  ", "123",
                                                   "1", "été", "é", "'s", "!", "?", "w", "o", "\t", "Ω"};
    std::string s;
    while (s.size() < n) s += parts[rng() % parts.size()];
    return s;
}

}  // namespace

TEST(BpeTokenizer, MergesByRank) {
    const VocabFile f(bpe_vocab(kWorld));
    const auto& tok = f.tok();
    EXPECT_EQ(tok.model(), lugh::TokenizerModel::BytePairs);
    EXPECT_EQ(tok.pre(), "gpt-2");
    EXPECT_EQ(tok.encode("hello world", false), (std::vector<TokenId>{id_of(tok, "hello"), id_of(tok, " world")}));
    // "abc": a+b (rank 9) comes before b+c (rank 10).
    EXPECT_EQ(tok.encode("abc", false), (std::vector<TokenId>{id_of(tok, "ab"), id_of(tok, "c")}));
    const VocabFile g(bpe_vocab({{"b", "c"}, {"a", "b"}}));
    EXPECT_EQ(g.tok().encode("abc", false), (std::vector<TokenId>{id_of(g.tok(), "a"), id_of(g.tok(), "bc")}));
    // The same pair twice: the leftmost merges first ("aaa" -> "aa" "a").
    const VocabFile h(bpe_vocab({{"a", "a"}}));
    EXPECT_EQ(h.tok().encode("aaa", false), (std::vector<TokenId>{id_of(h.tok(), "aa"), id_of(h.tok(), "a")}));
}

TEST(BpeTokenizer, MergesThroughStringsThatAreNotTokens) {
    VocabSpec v = bpe_vocab({{"a", "b"}, {"ab", "c"}});
    drop_token(&v, byte_text("ab"));
    const VocabFile f(v);
    const auto& tok = f.tok();
    EXPECT_EQ(id_of(tok, "ab"), lugh::kNoToken);
    EXPECT_EQ(tok.encode("abc", false), (std::vector<TokenId>{id_of(tok, "abc")}));
    // A final symbol that is no token falls back to its bytes' one-character tokens.
    EXPECT_EQ(tok.encode("ab", false), (std::vector<TokenId>{id_of(tok, "a"), id_of(tok, "b")}));
}

TEST(BpeTokenizer, MissingByteTokensAreDroppedAsUpstream) {
    VocabSpec v = bpe_vocab({});
    drop_token(&v, byte_text("x"));
    const VocabFile f(v);
    // llama.cpp looks the byte's character up as one-byte strings and emits what it finds: nothing here.
    EXPECT_EQ(f.tok().encode("axb", false), (std::vector<TokenId>{id_of(f.tok(), "a"), id_of(f.tok(), "b")}));
}

TEST(BpeTokenizer, IgnoreMergesTakesWholeWordTokens) {
    VocabSpec v = bpe_vocab({{"a", "b"}, {"b", "c"}}, "llama-bpe");
    v.add(byte_text("abc"));
    const VocabFile f(v);
    EXPECT_EQ(f.tok().encode("abc", false), (std::vector<TokenId>{id_of(f.tok(), "abc")}));
    EXPECT_TRUE(f.tok().add_bos());   // the LLaMA 3 family adds BOS unless the file says otherwise
    v.pre = "gpt-2";
    const VocabFile g(v);
    EXPECT_EQ(g.tok().encode("abc", false), (std::vector<TokenId>{id_of(g.tok(), "ab"), id_of(g.tok(), "c")}));
    EXPECT_FALSE(g.tok().add_bos());
}

TEST(BpeTokenizer, BrokenUtf8BecomesReplacementCharacters) {
    const VocabFile f(bpe_vocab(kWorld));
    const auto& tok = f.tok();
    EXPECT_EQ(tok.encode("a\xFF" "b", false), tok.encode("a\xEF\xBF\xBD" "b", false));
    EXPECT_EQ(tok.encode("\xE9t\xE9", false), tok.encode("\xEF\xBF\xBDt\xEF\xBF\xBD", false));
    // An overlong form reads as the character it spells, as upstream's decoder has it.
    EXPECT_EQ(tok.encode("\xC1\xA1", false), tok.encode("a", false));
    EXPECT_EQ(tok.decode(tok.encode("a\xFF", false)), "a\xEF\xBF\xBD");
}

TEST(BpeTokenizer, DecodeTurnsCharactersBackIntoBytes) {
    const VocabFile f(bpe_vocab(kWorld));
    const auto& tok = f.tok();
    EXPECT_EQ(tok.piece(id_of(tok, " world")), " world");
    EXPECT_EQ(tok.token_text(id_of(tok, " world")), "\xC4\xA0world");   // 'Ġ' stands for the space
    EXPECT_EQ(tok.decode(tok.encode("été hello\n\tworld", false)), "été hello\n\tworld");
    // 'é' as two byte tokens: each piece is one byte, together valid UTF-8 again.
    const std::vector<TokenId> e = {id_of(tok, "\xC3"), id_of(tok, "\xA9")};
    EXPECT_EQ(tok.piece(e[0]), "\xC3");
    EXPECT_EQ(tok.decode(e), "é");
}

TEST(BpeTokenizer, AgreesWithTheReferenceOnRandomText) {
    const VocabFile f(bpe_vocab(kWorld));
    const auto& tok = f.tok();
    std::map<std::string, std::vector<TokenId>> memo;
    std::mt19937 rng(5);
    lugh::Tokenizer::DecodeOptions exact;
    exact.clean_spaces = false;
    for (int round = 0; round < 50; ++round) {
        const std::string text = random_text(rng, 1 + rng() % 300);
        ASSERT_EQ(tok.encode(text, false), reference_text(tok, kWorld, text, &memo)) << text;
        ASSERT_EQ(tok.decode(tok.encode(text, false), exact), text);
    }
}

TEST(BpeTokenizer, OneMegabyteAgreesWithTheReference) {
    const VocabFile f(bpe_vocab(kWorld));
    const auto& tok = f.tok();
    std::mt19937 rng(9);
    const std::string text = random_text(rng, 1 << 20);
    std::map<std::string, std::vector<TokenId>> memo;
    const std::vector<TokenId> ids = tok.encode(text, false);
    EXPECT_TRUE(ids == reference_text(tok, kWorld, text, &memo));   // (a megabyte would not help in a message)
    lugh::Tokenizer::DecodeOptions exact;
    exact.clean_spaces = false;
    EXPECT_TRUE(tok.decode(ids, exact) == text);
}
