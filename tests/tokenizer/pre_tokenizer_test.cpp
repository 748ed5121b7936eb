// Pre-tokenizers and the byte-level mapping, on their own: where each family
// cuts text, the white-space set, classes without non-ASCII white space,
// and that every family compiles and covers its text.
#include <gtest/gtest.h>

#include <random>

#include "lugh/error.hpp"
#include "tokenizer/byte_level.hpp"
#include "tokenizer/pre_tokenizer.hpp"

using lugh::tokenizer::find_pre_tokenizer;
using lugh::tokenizer::PreTokenizer;

namespace {

std::vector<std::string> split(const std::string& pre, const std::string& text) {
    const auto rules = find_pre_tokenizer(pre);
    if (!rules) ADD_FAILURE() << "no pre-tokenizer " << pre;
    const PreTokenizer p(rules->patterns);
    PreTokenizer::Scratch scratch;
    std::vector<lugh::tokenizer::Span> spans;
    p.split(text, &spans, &scratch);
    std::vector<std::string> words;
    for (const auto& s : spans) words.push_back(text.substr(s.begin, s.end - s.begin));
    return words;
}

using W = std::vector<std::string>;

}  // namespace

TEST(ByteLevel, MapsBytesAsGpt2Does) {
    using namespace lugh::tokenizer;
    EXPECT_EQ(byte_to_codepoint('A'), uint32_t('A'));
    EXPECT_EQ(byte_to_codepoint(' '), 0x120u);    // 'Ġ'
    EXPECT_EQ(byte_to_codepoint('\n'), 0x10Au);   // 'Ċ'
    EXPECT_EQ(byte_to_codepoint(0x00), 0x100u);
    EXPECT_EQ(byte_to_codepoint(0x7F), 0x121u);
    EXPECT_EQ(byte_to_codepoint(0xAD), 0x143u);   // 'Ń'
    EXPECT_EQ(byte_to_codepoint(0xFF), 0xFFu);
    for (int b = 0; b < 256; ++b) EXPECT_EQ(codepoint_to_byte(byte_to_codepoint(static_cast<uint8_t>(b))), b);
    std::string raw;
    EXPECT_TRUE(byte_level_decode("\xC4\xA0hi\xC4\x8A", &raw));
    EXPECT_EQ(raw, " hi\n");
    raw.clear();
    EXPECT_FALSE(byte_level_decode(" hi", &raw));       // a real space stands for no byte
    EXPECT_FALSE(byte_level_decode("\xC1\xA1", &raw));  // an overlong 'a' is no byte-level text
    EXPECT_FALSE(byte_level_decode("\xE4\xB8\xAD", &raw));
}

TEST(PreTokenizer, ExpandsWhiteSpaceClasses) {
    using lugh::tokenizer::expand_whitespace_classes;
    const std::string ws = expand_whitespace_classes(R"(\s)");
    EXPECT_EQ(ws.front(), '[');
    EXPECT_NE(ws.find(R"(\x{3000})"), std::string::npos);
    EXPECT_EQ(ws.find(R"(\x{180E})"), std::string::npos);
    EXPECT_EQ(expand_whitespace_classes(R"([^\s\p{L}])"), "[^" + ws.substr(1, ws.size() - 2) + R"(\p{L}])");
    EXPECT_EQ(expand_whitespace_classes(R"(\S)"), "[^" + ws.substr(1));
    EXPECT_EQ(expand_whitespace_classes(R"(a\\s\[\s\])"), R"(a\\s\[)" + ws + R"(\])");
    EXPECT_THROW(expand_whitespace_classes(R"([\S])"), lugh::Error);
}

TEST(PreTokenizer, Gpt2) {
    EXPECT_EQ(split("gpt-2", "Hello world"), (W{"Hello", " world"}));
    EXPECT_EQ(split("gpt-2", "  hi"), (W{" ", " hi"}));
    EXPECT_EQ(split("gpt-2", "a\n\nb"), (W{"a", "\n", "\n", "b"}));
    EXPECT_EQ(split("gpt-2", "I'm I'M"), (W{"I", "'m", " I", "'", "M"}));   // contractions are lower case only
    EXPECT_EQ(split("gpt-2", "x  "), (W{"x", "  "}));                       // trailing white space stays whole
    EXPECT_EQ(split("gpt-2", "3.14!!"), (W{"3", ".", "14", "!!"}));
    EXPECT_TRUE(split("gpt-2", "").empty());
}

TEST(PreTokenizer, Llama3AndQwen2) {
    EXPECT_EQ(split("llama-bpe", "I'M 1234567"), (W{"I", "'M", " ", "123", "456", "7"}));
    EXPECT_EQ(split("qwen2", "1234"), (W{"1", "2", "3", "4"}));
    EXPECT_EQ(split("llama-bpe", "a \n\n b"), (W{"a", " \n\n", " b"}));
    EXPECT_EQ(split("llama-bpe", "x!!\n\ny"), (W{"x", "!!\n\n", "y"}));
    EXPECT_EQ(split("llama-bpe", "$hello"), (W{"$hello"}));   // one non-letter may lead a word
}

TEST(PreTokenizer, WhiteSpaceIsUnicodeWhiteSpace) {
    // U+00A0 is white space; U+180E is not (Unicode dropped it; PCRE2's \s still has it).
    EXPECT_EQ(split("gpt-2", "!\u00A0"), (W{"!", "\u00A0"}));
    EXPECT_EQ(split("gpt-2", "!\u180E"), (W{"!\u180E"}));
    EXPECT_EQ(split("llama-bpe", "a\u3000\u3000b"), (W{"a", "\u3000", "\u3000b"}));
}

TEST(PreTokenizer, ClassesHoldNoNonAsciiWhiteSpace) {
    // Upstream matches DeepSeek's CJK class against text whose non-ASCII white
    // space became \v: U+3000 (inside the class's range) never joins CJK words.
    EXPECT_EQ(split("deepseek-llm", "中\u3000文"), (W{"中", "\u3000", "文"}));
    EXPECT_EQ(split("deepseek-coder", "中\u2003文"), (W{"中", "\u2003", "文"}));
    EXPECT_EQ(split("deepseek-llm", "Hello 世界123"), (W{"Hello", " ", "世界", "123"}));
}

TEST(PreTokenizer, EveryFamilyCompilesAndCoversItsText) {
    const std::string names = lugh::tokenizer::supported_pre_tokenizers();
    std::mt19937 rng(1);
    static const std::vector<std::string> parts = {"a", "Z", " ", "  ", "\n", "\r\n", "\t", "7", "123", "'s", "'LL",
                                                   "é", "中文", "\u3000", "🦙", "!", "...", "<sentinel:1>", "é"};
    size_t families = 0;
    for (size_t at = 0; at < names.size();) {
        const size_t comma = names.find(", ", at);
        const std::string name = names.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        at = comma == std::string::npos ? names.size() : comma + 2;
        ++families;
        for (int round = 0; round < 5; ++round) {
            std::string text;
            while (text.size() < 200) text += parts[rng() % parts.size()];
            const W words = split(name, text);
            std::string joined;
            for (const auto& w : words) {
                ASSERT_FALSE(w.empty()) << name;
                joined += w;
            }
            ASSERT_EQ(joined, text) << name;
        }
    }
    EXPECT_GT(families, 60u);
    EXPECT_EQ(find_pre_tokenizer("no-such-pre"), nullptr);
    EXPECT_EQ(find_pre_tokenizer("")->name, "default");
    EXPECT_TRUE(find_pre_tokenizer("llama-bpe")->ignore_merges);
    EXPECT_FALSE(find_pre_tokenizer("qwen2")->clean_spaces);
}

TEST(PreTokenizer, LongWordsDoNotOverflowTheMatcher) {
    // 200K letters in one word, on a pattern that backtracks per character.
    const std::string text(200000, 'x');
    EXPECT_EQ(split("tekken", text), (W{text}));
    EXPECT_EQ(split("gpt-4o", "Ab" + text), (W{"Ab" + text}));
}
