// The --json writer: structure, escapes, and valid UTF-8 out of any bytes.
#include <gtest/gtest.h>

#include <cmath>

#include "json_writer.hpp"

using lugh::tool::json_quote;
using lugh::tool::JsonWriter;

TEST(JsonWriter, NestedObjectsAndArrays) {
    JsonWriter j;
    j.begin_object();
    j.key("ids").begin_array().value(1).value(2).value(int64_t{-3}).end_array();
    j.key("t").begin_object().key("ms").value(1.5).key("ok").value(true).key("nan").value(std::nan("")).end_object();
    j.key("empty").begin_array().end_array();
    j.end_object();
    EXPECT_EQ(j.str(), R"({"ids": [1, 2, -3], "t": {"ms": 1.5, "ok": true, "nan": null}, "empty": []})");
}

TEST(JsonWriter, EscapesAndInvalidUtf8) {
    EXPECT_EQ(json_quote("a\"b\\c\nd\te\x01"), R"("a\"b\\c\nd\te\u0001")");
    EXPECT_EQ(json_quote("h\xC3\xA9llo \xE2\x96\x81 \xF0\x9F\x98\x80"), "\"h\xC3\xA9llo \xE2\x96\x81 \xF0\x9F\x98\x80\"");
    // A lone continuation byte, a cut 3-byte character, an overlong form, a surrogate: each bad byte is U+FFFD.
    EXPECT_EQ(json_quote("\x80"), "\"\xEF\xBF\xBD\"");
    EXPECT_EQ(json_quote("x\xE2\x96"), "\"x\xEF\xBF\xBD\xEF\xBF\xBD\"");
    EXPECT_EQ(json_quote("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    EXPECT_EQ(json_quote("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}
