// The --json writer: structure, and strings through json_append_string (json.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "json_writer.hpp"

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

TEST(JsonWriter, StringsAndKeysEscapedAsValidUtf8) {
    JsonWriter j;
    j.begin_object().key("te\"xt").value("a\nb\x80").end_object();
    EXPECT_EQ(j.str(), "{\"te\\\"xt\": \"a\\nb\\ufffd\"}");
}
