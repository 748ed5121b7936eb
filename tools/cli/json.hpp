// JSON strings for `lugh` commands: writing any bytes as a JSON string
// literal, and reading one back (`lugh tokenize --jsonl`, `--json` output).
//
//     std::string line = "{\"text\": " + json_string(text) + "}";
//     std::string text = json_parse_string("\"caf\\u00e9\\n\"");   // "café\n"
//     std::string ids  = json_int_array(std::vector<int>{1, 2, 3});   // "[1, 2, 3]"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lugh::tool {

// Appends s as a JSON string literal, quotes included. '"', '\\' and control
// characters are escaped; bytes that are not valid UTF-8 become \ufffd, so
// the output is always valid JSON.
void json_append_string(std::string* out, std::string_view s);
std::string json_string(std::string_view s);

// The value of text, which must be one JSON string literal with nothing but
// white space around it. Escapes (\n, \", \u00e9, surrogate pairs) are
// decoded; a lone surrogate becomes U+FFFD. Throws lugh::Error naming the
// byte offset for anything else (no quotes, a bad escape, a raw control
// character, invalid UTF-8, text after the string).
std::string json_parse_string(std::string_view text);

// "[1, 2, 3]"
template <class Int>
std::string json_int_array(const std::vector<Int>& values) {
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) out += ", ";
        out += std::to_string(values[i]);
    }
    return out + "]";
}

}  // namespace lugh::tool
