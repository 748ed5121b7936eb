// Writing one JSON value (objects, arrays, numbers, strings) to a string, for
// commands' --json output; strings are written by json.hpp's json_append_string.
//
//     JsonWriter j;
//     j.begin_object();
//     j.key("text").value("héllo");
//     j.key("ids").begin_array();
//     for (int id : ids) j.value(id);
//     j.end_array();
//     j.end_object();
//     std::puts(j.str().c_str());        // {"text": "héllo", "ids": [1, 2]}
//
// Strings are written as valid UTF-8 whatever they hold: bytes that are not
// UTF-8 (a token can be half a character) become U+FFFD, as llama.cpp's
// reference files show them. Numbers that are not finite become null.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lugh::tool {

class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);   // in an object, before its value
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(int64_t v);
    JsonWriter& value(int v) { return value(static_cast<int64_t>(v)); }
    JsonWriter& value(double v);
    JsonWriter& value(bool v);
    const std::string& str() const { return out_; }

private:
    void separate();   // ", " between items
    std::string out_;
    std::vector<bool> first_;   // per open container: nothing written in it yet
    bool after_key_ = false;
};

}  // namespace lugh::tool
