// Special tokens: control tokens only with special parsing, user-defined
// tokens always, the longest first, white-space stripping, every token type,
// end-of-generation ids and hiding special tokens when decoding.
#include <gtest/gtest.h>

#include <algorithm>

#include "tokenizer/vocab_fixture.hpp"

using lugh::TokenId;
using lugh::TokenType;
using tok_test::bpe_vocab;
using tok_test::byte_text;
using tok_test::spm_vocab;
using tok_test::VocabFile;
using tok_test::VocabSpec;

namespace {

const std::string kSp = "\xE2\x96\x81";

struct ChatVocab {
    VocabSpec spec = spm_vocab({{kSp, -1}, {"h", -2}, {"i", -2}, {"hi", -1}, {kSp + "hi", -0.5}});
    TokenId im_start = spec.add("<|im_start|>", 0, 3);
    TokenId im_end = spec.add("<|im_end|>", 0, 3);
    TokenId tool = spec.add("<tool>", 0, 4);
    TokenId tool_call = spec.add("<tool><call>", 0, 4);
    TokenId unused = spec.add("<unused0>", 0, 5);
    TokenId undefined = spec.add("<undefined>", 0, 0);
};

}  // namespace

TEST(SpecialTokens, ControlTokensNeedSpecialParsing) {
    ChatVocab c;
    const VocabFile f(c.spec);
    const auto& tok = f.tok();
    const TokenId hi = tok.find(kSp + "hi");
    EXPECT_EQ(tok.encode("<|im_start|>hi<|im_end|>", false, true), (std::vector<TokenId>{c.im_start, hi, c.im_end}));
    // Off, the markup is text: byte tokens, no control token.
    const std::vector<TokenId> plain = tok.encode("<|im_start|>hi", false, false);
    EXPECT_EQ(std::count(plain.begin(), plain.end(), c.im_start), 0);
    EXPECT_EQ(tok.decode(plain), "<|im_start|>hi");
    // "<s>" is BOS only when parsed.
    EXPECT_EQ(tok.encode("<s>", false, true), (std::vector<TokenId>{1}));
    EXPECT_NE(tok.encode("<s>", false, false), (std::vector<TokenId>{1}));
}

TEST(SpecialTokens, UserDefinedTokensAlwaysMatchLongestFirst) {
    ChatVocab c;
    const VocabFile f(c.spec);
    const auto& tok = f.tok();
    const TokenId hi = tok.find(kSp + "hi");
    EXPECT_EQ(tok.encode("hi<tool>hi", false, false), (std::vector<TokenId>{hi, c.tool, hi}));
    EXPECT_EQ(tok.encode("<tool><call>", false, false), (std::vector<TokenId>{c.tool_call}));
    EXPECT_EQ(tok.encode("<tool><tool><call>", false, false), (std::vector<TokenId>{c.tool, c.tool_call}));
    // The space prefix goes in front of text after a special token, as upstream.
    EXPECT_EQ(tok.encode("<tool>hi", false, false), (std::vector<TokenId>{c.tool, hi}));
}

TEST(SpecialTokens, EqualLengthsGoByTokenOrder) {
    // "abc" and "bcd" overlap in "abcd": upstream takes the tokens longest
    // first and (here) in id order, so "abc" claims its bytes first.
    VocabSpec v = spm_vocab({{kSp, -1}, {"d", -2}, {"a", -2}});
    const TokenId abc = v.add("abc", 0, 4);
    v.add("bcd", 0, 4);
    const VocabFile f(v);
    const auto ids = f.tok().encode("abcd", false, false);
    ASSERT_EQ(ids.size(), 3u);   // abc, then "▁d" as ▁ d
    EXPECT_EQ(ids[0], abc);
}

TEST(SpecialTokens, Phi3StripsWhiteSpaceAfterItsSpecialTokens) {
    // llama.cpp gives every special token of a model named phi-3 the rstrip
    // attribute (except <s>, <unk> and <|endoftext|>), so "\n" after <|user|> vanishes.
    VocabSpec v = spm_vocab({{kSp, -1}, {"h", -2}, {"i", -2}, {"hi", -1}, {kSp + "hi", -0.5}});
    const TokenId user = v.add("<|user|>", 0, 4);
    v.name = "Phi3";
    const VocabFile f(v);
    EXPECT_EQ(f.tok().encode("<|user|>\n hi", false, false), (std::vector<TokenId>{user, f.tok().find(kSp + "hi")}));
    v.name = "Other";
    const VocabFile g(v);
    EXPECT_GT(g.tok().encode("<|user|>\n hi", false, false).size(), 2u);
}

TEST(SpecialTokens, TypesAndEndOfGeneration) {
    ChatVocab c;
    const VocabFile f(c.spec);
    const auto& tok = f.tok();
    EXPECT_EQ(tok.token_type(0), TokenType::Unknown);
    EXPECT_EQ(tok.token_type(1), TokenType::Control);
    EXPECT_EQ(tok.token_type(tok.find("<0x41>")), TokenType::Byte);
    EXPECT_EQ(tok.token_type(tok.find("hi")), TokenType::Normal);
    EXPECT_EQ(tok.token_type(c.tool), TokenType::UserDefined);
    EXPECT_EQ(tok.token_type(c.unused), TokenType::Unused);
    EXPECT_EQ(tok.token_type(c.undefined), TokenType::Undefined);
    EXPECT_STREQ(lugh::token_type_name(TokenType::UserDefined), "user-defined");
    // EOS, and tokens whose text ends a turn (found by text, as upstream).
    EXPECT_TRUE(tok.is_eog(2));
    EXPECT_TRUE(tok.is_eog(c.im_end));
    EXPECT_EQ(tok.eot(), c.im_end);
    EXPECT_FALSE(tok.is_eog(c.im_start));
    EXPECT_FALSE(tok.is_eog(1));
    EXPECT_FALSE(tok.is_eog(-1));
    EXPECT_FALSE(tok.is_eog(1 << 20));
    EXPECT_EQ(tok.eog_ids(), (std::vector<TokenId>{2, c.im_end}));
    EXPECT_EQ(tok.special().nl, tok.find("<0x0A>"));
}

TEST(SpecialTokens, DecodeShowsOrHidesThem) {
    ChatVocab c;
    const VocabFile f(c.spec);
    const auto& tok = f.tok();
    const std::vector<TokenId> ids = tok.encode("<|im_start|>hi<tool><|im_end|>", true, true);
    EXPECT_EQ(tok.decode(ids), "<s><|im_start|> hi<tool><|im_end|>");
    // Hidden: control and unknown tokens vanish, user-defined tokens stay (they are text).
    EXPECT_EQ(tok.decode(ids, false, false), " hi<tool>");
    EXPECT_EQ(tok.piece(c.im_end, false), "");
    EXPECT_EQ(tok.piece(c.im_end), "<|im_end|>");
    EXPECT_EQ(tok.piece(c.unused), "");     // unused and undefined tokens have no text at all
    EXPECT_EQ(tok.piece(c.undefined), "");
    EXPECT_TRUE(tok.is_control(c.im_end));
    EXPECT_FALSE(tok.is_control(c.tool));
}

TEST(SpecialTokens, ByteLevelVocabulariesToo) {
    VocabSpec v = bpe_vocab({{"h", "i"}, {" ", "hi"}});
    const TokenId eot = v.add("<|endoftext|>", 0, 3);
    v.ids = {{"eos", static_cast<uint32_t>(eot)}, {"bos", static_cast<uint32_t>(eot)}};
    const VocabFile f(v);
    const auto& tok = f.tok();
    EXPECT_EQ(tok.encode("hi<|endoftext|> hi", false, true),
              (std::vector<TokenId>{tok.find("hi"), eot, tok.find(byte_text(" hi"))}));
    const std::vector<TokenId> plain = tok.encode("<|endoftext|>", false, false);
    EXPECT_EQ(std::count(plain.begin(), plain.end(), eot), 0);
    EXPECT_EQ(tok.decode(plain), "<|endoftext|>");
    EXPECT_TRUE(tok.is_eog(eot));
    EXPECT_EQ(tok.decode(tok.encode("hi<|endoftext|>", false, true), false, false), "hi");
}

TEST(SpecialTokens, OutOfRangeIdsAreErrors) {
    const VocabFile f(spm_vocab({}));
    const auto& tok = f.tok();
    EXPECT_THROW(tok.piece(-1), lugh::Error);
    EXPECT_THROW(tok.piece(static_cast<TokenId>(tok.n_vocab())), lugh::Error);
    EXPECT_THROW(tok.decode(std::vector<TokenId>{1, 99999}), lugh::Error);
    EXPECT_THROW(tok.token_type(1 << 30), lugh::Error);
    try {
        tok.decode(std::vector<TokenId>{424242});
        FAIL();
    } catch (const lugh::Error& e) {
        EXPECT_NE(std::string(e.what()).find("424242"), std::string::npos) << e.what();
    }
}
