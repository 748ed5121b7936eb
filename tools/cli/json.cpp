#include "json.hpp"

#include <cstdio>

#include "core/check.hpp"
#include "tokenizer/utf8.hpp"

namespace lugh::tool {

namespace {

using tokenizer::utf8_encode;

// Length of the well-formed UTF-8 character at s[i], or 0 if there is none.
size_t valid_char_length(std::string_view s, size_t i) {
    const size_t n = tokenizer::utf8_length(static_cast<unsigned char>(s[i]));
    return i + n <= s.size() && tokenizer::utf8_is_valid(s.substr(i, n)) ? n : 0;
}

[[noreturn]] void bad(size_t at, const char* what) { core::fail("lugh: JSON: at byte %zu: %s", at, what); }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

uint32_t read_hex4(std::string_view s, size_t at) {
    if (at + 4 > s.size()) bad(at, "\\u needs four hex digits");
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
        const int h = hex_value(s[at + k]);
        if (h < 0) bad(at + k, "\\u needs four hex digits");
        v = v * 16 + static_cast<uint32_t>(h);
    }
    return v;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

void json_append_string(std::string* out, std::string_view s) {
    out->push_back('"');
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const size_t n = valid_char_length(s, i);
            if (n) out->append(s.substr(i, n)), i += n;
            else out->append("\\ufffd"), ++i;
            continue;
        }
        switch (c) {
            case '"': out->append("\\\""); break;
            case '\\': out->append("\\\\"); break;
            case '\n': out->append("\\n"); break;
            case '\r': out->append("\\r"); break;
            case '\t': out->append("\\t"); break;
            case '\b': out->append("\\b"); break;
            case '\f': out->append("\\f"); break;
            default:
                if (c < 0x20) {
                    char esc[8];
                    std::snprintf(esc, sizeof esc, "\\u%04x", c);
                    out->append(esc);
                } else {
                    out->push_back(static_cast<char>(c));
                }
        }
        ++i;
    }
    out->push_back('"');
}

std::string json_string(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    json_append_string(&out, s);
    return out;
}

std::string json_parse_string(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && is_space(s[i])) ++i;
    if (i == s.size() || s[i] != '"') bad(i, "expected a string (\"...\")");
    ++i;
    std::string out;
    char buf[4];
    for (;;) {
        if (i >= s.size()) bad(i, "the string has no closing quote");
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"') {
            ++i;
            break;
        }
        if (c < 0x20) bad(i, "a raw control character inside a string (write it as an escape)");
        if (c >= 0x80) {
            const size_t n = valid_char_length(s, i);
            if (!n) bad(i, "invalid UTF-8");
            out.append(s.substr(i, n));
            i += n;
            continue;
        }
        if (c != '\\') {
            out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        if (i + 1 >= s.size()) bad(i, "the string ends inside an escape");
        const char e = s[i + 1];
        i += 2;
        switch (e) {
            case '"': out.push_back('"'); break;
            case '\\': out.push_back('\\'); break;
            case '/': out.push_back('/'); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'n': out.push_back('\n'); break;
            case 'r': out.push_back('\r'); break;
            case 't': out.push_back('\t'); break;
            case 'u': {
                uint32_t cpt = read_hex4(s, i);
                i += 4;
                if (cpt >= 0xD800 && cpt <= 0xDBFF && i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u') {
                    const uint32_t low = read_hex4(s, i + 2);
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        cpt = 0x10000 + ((cpt - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    }
                }
                if (cpt >= 0xD800 && cpt <= 0xDFFF) cpt = tokenizer::kReplacementChar;   // a lone surrogate
                out.append(buf, utf8_encode(cpt, buf));
                break;
            }
            default: bad(i - 1, "an unknown escape");
        }
    }
    while (i < s.size() && is_space(s[i])) ++i;
    if (i != s.size()) bad(i, "text after the string");
    return out;
}

}  // namespace lugh::tool
