// JSON strings for the command line: what is written reads back, escapes,
// surrogate pairs, and every malformed input is an error naming its offset.
#include <gtest/gtest.h>

#include <random>

#include "json.hpp"
#include "lugh/error.hpp"

using lugh::tool::json_int_array;
using lugh::tool::json_parse_string;
using lugh::tool::json_string;

namespace {

std::string parse_error(const std::string& text) {
    try {
        json_parse_string(text);
    } catch (const lugh::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Json, WritesEscapes) {
    EXPECT_EQ(json_string("plain"), "\"plain\"");
    EXPECT_EQ(json_string("a\"b\\c\n\t\r\b\f"), R"("a\"b\\c\n\t\r\b\f")");
    EXPECT_EQ(json_string(std::string("\x01\x1f", 2)), R"("\u0001\u001f")");
    EXPECT_EQ(json_string(std::string("\0", 1)), R"("\u0000")");
    EXPECT_EQ(json_string("café 🦙"), "\"café 🦙\"");
    // Bytes that are not UTF-8 become U+FFFD so the line stays valid JSON.
    EXPECT_EQ(json_string("a\xFF" "b\xC3"), R"("a\ufffdb\ufffd")");
    EXPECT_EQ(json_int_array(std::vector<int>{}), "[]");
    EXPECT_EQ(json_int_array(std::vector<int32_t>{1, -2, 30}), "[1, -2, 30]");
}

TEST(Json, ReadsStrings) {
    EXPECT_EQ(json_parse_string(R"("hello")"), "hello");
    EXPECT_EQ(json_parse_string(" \t\"x\" \r\n"), "x");
    EXPECT_EQ(json_parse_string(R"("a\"b\\c\/d\n\t\r\b\f")"), "a\"b\\c/d\n\t\r\b\f");
    EXPECT_EQ(json_parse_string(R"("caf\u00e9 \u00E9")"), "café é");
    EXPECT_EQ(json_parse_string(R"("\ud83e\udd99")"), "🦙");          // a surrogate pair
    EXPECT_EQ(json_parse_string(R"("\ud83e x")"), "\xEF\xBF\xBD x");   // a lone surrogate
    EXPECT_EQ(json_parse_string(R"("\udd99")"), "\xEF\xBF\xBD");
    EXPECT_EQ(json_parse_string(R"("\u0000")"), std::string("\0", 1));
    EXPECT_EQ(json_parse_string("\"🦙\""), "🦙");
    EXPECT_EQ(json_parse_string(R"("")"), "");
}

TEST(Json, RefusesMalformedInput) {
    EXPECT_NE(parse_error(""), "");
    EXPECT_NE(parse_error("hello").find("expected a string"), std::string::npos);
    EXPECT_NE(parse_error("\"open").find("no closing quote"), std::string::npos);
    EXPECT_NE(parse_error(R"("a\q")").find("unknown escape"), std::string::npos);
    EXPECT_NE(parse_error(R"("\u12")").find("four hex digits"), std::string::npos);
    EXPECT_NE(parse_error(R"("\u12g4")").find("four hex digits"), std::string::npos);
    EXPECT_NE(parse_error("\"a\nb\"").find("control character"), std::string::npos);
    EXPECT_NE(parse_error("\"a\xFF\"").find("invalid UTF-8"), std::string::npos);
    EXPECT_NE(parse_error(R"("a" "b")").find("text after"), std::string::npos);
    EXPECT_NE(parse_error(R"("a\)").find("inside an escape"), std::string::npos);
    EXPECT_NE(parse_error(R"(["a"])").find("at byte 0"), std::string::npos);
}

TEST(Json, WhatIsWrittenReadsBack) {
    std::mt19937 rng(3);
    for (int round = 0; round < 500; ++round) {
        std::string s;
        const size_t n = rng() % 40;
        for (size_t i = 0; i < n; ++i) {
            switch (rng() % 4) {
                case 0: s += static_cast<char>(rng() % 128); break;
                case 1: s += "é"; break;
                case 2: s += "🦙"; break;
                default: s += "\"\\"; break;
            }
        }
        ASSERT_EQ(json_parse_string(json_string(s)), s);
    }
}
