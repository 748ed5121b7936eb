// JSON values: reading (hostile text included), building, writing.
#include <cmath>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "lugh/error.hpp"
#include "lugh/json.hpp"

using lugh::json::Type;
using lugh::json::Value;

TEST(Json, ParsesEveryKind) {
    const Value v = lugh::json::parse(
        R"( {"s": "a\"b\\c\n\u00e9\ud83d\ude00", "i": -42, "f": 2.5e3, "t": true, "n": null,
             "a": [1, [], {}], "big": 9223372036854775807, "neg0": -0.0, "nan": NaN, "inf": -Infinity} )");
    EXPECT_EQ(v.get("s").as_string(), "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80");
    EXPECT_EQ(v.get("i").as_int(), -42);
    EXPECT_EQ(v.get("i").type(), Type::Int);
    EXPECT_DOUBLE_EQ(v.get("f").as_number(), 2500.0);
    EXPECT_EQ(v.get("f").type(), Type::Float);
    EXPECT_TRUE(v.get("t").as_bool());
    EXPECT_TRUE(v.get("n").is_null());
    EXPECT_EQ(v.get("a").size(), 3u);
    EXPECT_EQ(v.get("big").as_int(), INT64_MAX);
    EXPECT_TRUE(std::isnan(v.get("nan").as_number()));
    EXPECT_TRUE(std::isinf(v.get("inf").as_number()));
    EXPECT_EQ(v.find("missing"), nullptr);
    EXPECT_THROW(v.get("missing"), lugh::Error);
    EXPECT_THROW(v.get("s").as_int(), lugh::Error);
}

TEST(Json, KeysKeepOrderAndRepeatsKeepTheLastValue) {
    const Value v = lugh::json::parse(R"({"b": 1, "a": 2, "b": 3})");
    ASSERT_EQ(v.members().size(), 2u);
    EXPECT_EQ(v.members()[0].first, "b");
    EXPECT_EQ(v.members()[0].second.as_int(), 3);
    EXPECT_EQ(v.members()[1].first, "a");
}

TEST(Json, DumpsAsPythonJsonDumps) {
    Value v = Value::object();
    v.set("role", "user");
    v.set("content", "tab\there \"q\" é\x01");
    v.set("n", Value::array({Value(1), Value(2.5), Value(1e16), Value(true), Value()}));
    EXPECT_EQ(v.dump(), "{\"role\": \"user\", \"content\": \"tab\\there \\\"q\\\" é\\u0001\", "
                        "\"n\": [1, 2.5, 1e+16, true, null]}");
    EXPECT_EQ(lugh::json::parse(v.dump()), v);
}

TEST(Json, CopiesAreIndependent) {
    Value a = lugh::json::parse(R"({"k": [1]})");
    Value b = a;
    b.set("k", Value("changed"));
    EXPECT_EQ(a.get("k").size(), 1u);
    EXPECT_EQ(b.get("k").as_string(), "changed");
}

TEST(Json, HostileTextIsRefusedWithItsPosition) {
    struct {
        const char* text;
        const char* fragment;
    } cases[] = {
        {"", "line 1, column 1: unexpected end of input"},
        {"[1, 2", "line 1, column 6: expected ',' or ']'"},
        {"{\"a\" 1}", "expected ':'"},
        {"{\"a\": 1,}", "expected a string key"},
        {"[01]", "leading zero"},
        {"\"\\x\"", "bad escape"},
        {"\"abc", "unterminated string"},
        {"\"a\nb\"", "control character"},
        {"[1]\n  x", "line 2, column 3: unexpected text after the JSON value"},
        {"[99999999999999999999]", "integer out of the 64-bit range"},
        {"\"\xff\"", "invalid UTF-8"},
        {"tru", "unexpected character"},
    };
    for (const auto& c : cases) {
        try {
            lugh::json::parse(c.text, "input.json");
            ADD_FAILURE() << "accepted: " << c.text;
        } catch (const lugh::Error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("input.json"), std::string::npos) << what;
            EXPECT_NE(what.find(c.fragment), std::string::npos) << c.text << " -> " << what;
        }
    }
    const std::string deep = std::string(600, '[') + std::string(600, ']');
    EXPECT_THROW(lugh::json::parse(deep), lugh::Error);
    EXPECT_NO_THROW(lugh::json::parse(std::string(500, '[') + std::string(500, ']')));
}

TEST(Json, LoneSurrogatesBecomeReplacementCharacters) {
    EXPECT_EQ(lugh::json::parse(R"("\ud800x")").as_string(), "\xef\xbf\xbdx");
}

TEST(Json, MissingFileIsNamed) {
    try {
        lugh::json::parse_file("/nonexistent/messages.json");
        FAIL();
    } catch (const lugh::Error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/messages.json"), std::string::npos);
    }
}
