// Strings from files are escaped before they reach a terminal.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "printable.hpp"

using lugh::tool::printable;

TEST(Printable, ControlCharactersBecomeEscapes) {
    EXPECT_EQ(printable("plain text"), "plain text");
    EXPECT_EQ(printable("a\x1b[31mred\x07"), "a\\x1b[31mred\\x07");
    EXPECT_EQ(printable(std::string("nul\0here", 8)), "nul\\x00here");
    EXPECT_EQ(printable("tab\tnew\nline\r\x7f"), "tab\\x09new\\x0aline\\x0d\\x7f");
}

TEST(Printable, Utf8PassesAndC1ControlsAndBadBytesAreEscaped) {
    EXPECT_EQ(printable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    EXPECT_EQ(printable("\xc2\x9b" "2J"), "\\u009b2J");         // U+009B, the one-character CSI
    EXPECT_EQ(printable("\xff\xc3"), "\\xff\\xc3");              // not UTF-8; a sequence cut short
    EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");              // an overlong '/'
    EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");     // a surrogate
}

TEST(Printable, PrintingWritesTheSameBytes) {
    std::FILE* f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    const char* text = "x\x1b\xc2\x9b\xff\xc3\xa9";
    lugh::tool::print_printable(f, text);
    std::rewind(f);
    char buf[64] = {};
    const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    EXPECT_EQ(std::string(buf, n), printable(text));
}
