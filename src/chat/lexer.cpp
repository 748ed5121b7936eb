#include "chat/lexer.hpp"

#include <cstdlib>
#include <cstring>

#include "lugh/chat.hpp"
#include "util/utf8.hpp"

namespace lugh::chat {

namespace {

// Unicode whitespace (Python's \s) at text[i]: its byte length, or 0.
size_t space_at(const std::string& text, size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) return utf8::is_space(c) ? 1 : 0;
    size_t n = 1;
    while (i + n < text.size() && n < 4 && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
    const std::u32string cp = utf8::decode(std::string_view(text).substr(i, n));
    return (cp.size() == 1 && utf8::is_space(cp[0])) ? n : 0;
}

size_t skip_spaces(const std::string& text, size_t i) {
    size_t n;
    while (i < text.size() && (n = space_at(text, i)) != 0) i += n;
    return i;
}

// Python's str.rstrip(): the length of text without trailing whitespace.
size_t rstripped_length(const std::string& text) {
    const std::u32string cps = utf8::decode(text);
    size_t keep = cps.size();
    while (keep > 0 && utf8::is_space(cps[keep - 1])) --keep;
    return utf8::encode(cps.substr(0, keep)).size();
}

bool is_name_start(const std::string& s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    return c == '_' || ((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80;
}

class Lexer {
public:
    Lexer(const std::string& raw, const std::string& name) : name_(name) {
        // Newlines of any kind become "\n"; one trailing newline is dropped.
        src_.reserve(raw.size());
        for (size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '\r') {
                src_ += '\n';
                if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
            } else {
                src_ += raw[i];
            }
        }
        if (!src_.empty() && src_.back() == '\n') src_.pop_back();
        line_starts_.push_back(0);
        for (size_t i = 0; i < src_.size(); ++i)
            if (src_[i] == '\n') line_starts_.push_back(i + 1);
    }

    std::vector<Token> run() {
        size_t pos = 0;
        bool line_starting = true;
        while (pos < src_.size()) {
            size_t tag = src_.find('{', pos);
            auto opens_tag = [&](size_t at) { return src_[at + 1] == '{' || src_[at + 1] == '%' || src_[at + 1] == '#'; };
            while (tag != std::string::npos && tag + 1 < src_.size() && !opens_tag(tag))
                tag = src_.find('{', tag + 1);
            if (tag == std::string::npos || tag + 1 >= src_.size()) {
                emit_data(pos, src_.size());
                break;
            }
            const char kind = src_[tag + 1];
            const char mod = tag + 2 < src_.size() ? src_[tag + 2] : 0;
            // Text before the tag, with the whitespace rules applied.
            size_t text_end = tag;
            const std::string text = src_.substr(pos, tag - pos);
            if (mod == '-') {
                text_end = pos + rstripped_length(text);
            } else if (mod != '+' && kind != '{') {
                const size_t nl = text.rfind('\n');
                const size_t l_pos = nl == std::string::npos ? 0 : nl + 1;
                if ((l_pos > 0 || line_starting) && l_pos < text.size() &&
                    skip_spaces(text, l_pos) == text.size())
                    text_end = pos + l_pos;
            }
            emit_data(pos, text_end);
            size_t body = tag + 2 + ((mod == '-' || mod == '+') ? 1 : 0);
            if (kind == '#') {
                pos = comment(tag, body);
            } else if (kind == '%' && raw_block(tag, body, &pos)) {
                // pos moved past {% endraw %}
            } else {
                pos = tag_tokens(tag, body, kind == '%');
            }
            line_starting = pos > 0 && src_[pos - 1] == '\n';
        }
        push(TokenType::End, src_.size());
        return std::move(tokens_);
    }

private:
    std::string src_;
    const std::string& name_;
    std::vector<size_t> line_starts_;
    std::vector<Token> tokens_;

    void where(size_t offset, int* line, int* col) const {
        size_t lo = 0, hi = line_starts_.size();
        while (hi - lo > 1) {
            const size_t mid = (lo + hi) / 2;
            (line_starts_[mid] <= offset ? lo : hi) = mid;
        }
        *line = static_cast<int>(lo + 1);
        const size_t start = line_starts_[lo];
        *col = static_cast<int>(utf8::length(std::string_view(src_).substr(start, offset - start)) + 1);
    }

    [[noreturn]] void fail_at(size_t offset, const std::string& message) const {
        int line, col;
        where(offset, &line, &col);
        throw TemplateError(ErrorKind::Syntax, message, line, col, name_);
    }

    Token& push(TokenType type, size_t offset, std::string text = {}) {
        Token t;
        t.type = type;
        t.text = std::move(text);
        where(offset, &t.line, &t.column);
        tokens_.push_back(std::move(t));
        return tokens_.back();
    }

    void emit_data(size_t from, size_t to) {
        if (to > from) push(TokenType::Data, from, src_.substr(from, to - from));
    }

    // After a closing %} or #}: trim_blocks drops one newline unless "+" precedes.
    size_t after_block_end(size_t close, char before) {
        if (before == '-') return skip_spaces(src_, close + 2);
        if (before != '+' && close + 2 < src_.size() && src_[close + 2] == '\n') return close + 3;
        return close + 2;
    }

    size_t comment(size_t tag, size_t body) {
        const size_t close = src_.find("#}", body);
        if (close == std::string::npos) fail_at(tag, "Missing end of comment tag");
        return after_block_end(close, close > body ? src_[close - 1] : 0);
    }

    // {% raw %}...{% endraw %}: the text between is data, tags and all.
    bool raw_block(size_t tag, size_t body, size_t* pos) {
        size_t i = skip_spaces(src_, body);
        if (src_.compare(i, 3, "raw") != 0) return false;
        i = skip_spaces(src_, i + 3);
        size_t content;
        if (src_.compare(i, 3, "-%}") == 0) {
            content = skip_spaces(src_, i + 3);
        } else if (src_.compare(i, 2, "%}") == 0) {
            content = i + 2;
        } else {
            return false;
        }
        for (size_t at = src_.find("{%", content); at != std::string::npos; at = src_.find("{%", at + 2)) {
            const char mod = at + 2 < src_.size() ? src_[at + 2] : 0;
            size_t j = skip_spaces(src_, at + 2 + ((mod == '-' || mod == '+') ? 1 : 0));
            if (src_.compare(j, 6, "endraw") != 0) continue;
            j = skip_spaces(src_, j + 6);
            const char before = src_[j];
            const size_t close = (before == '-' || before == '+') ? j + 1 : j;
            if (src_.compare(close, 2, "%}") != 0) continue;
            const std::string text = src_.substr(content, at - content);
            size_t text_end = at;
            if (mod == '-') {
                text_end = content + rstripped_length(text);
            } else if (mod != '+') {
                const size_t nl = text.rfind('\n');
                const size_t l_pos = nl == std::string::npos ? 0 : nl + 1;
                if (l_pos > 0 && l_pos < text.size() && skip_spaces(text, l_pos) == text.size())
                    text_end = content + l_pos;
            }
            emit_data(content, text_end);
            *pos = after_block_end(close, close > j ? before : 0);
            return true;
        }
        fail_at(tag, "Missing end of raw directive");
    }

    // Tokens inside {{ }} or {% %}; returns the position after the closing tag.
    size_t tag_tokens(size_t tag, size_t i, bool block) {
        push(block ? TokenType::BlockBegin : TokenType::VarBegin, tag);
        std::string brackets;   // expected closers
        for (;;) {
            if (i >= src_.size()) fail_at(tag, block ? "unexpected end of template, expected '%}'" :
                                                       "unexpected end of template, expected '}}'");
            if (brackets.empty()) {
                const char* close = block ? "%}" : "}}";
                const char c = src_[i];
                if ((c == '-' || (block && c == '+')) && src_.compare(i + 1, 2, close) == 0) {
                    push(block ? TokenType::BlockEnd : TokenType::VarEnd, i);
                    if (c == '+') return i + 3;
                    return skip_spaces(src_, i + 3);
                }
                if (src_.compare(i, 2, close) == 0) {
                    push(block ? TokenType::BlockEnd : TokenType::VarEnd, i);
                    if (block && i + 2 < src_.size() && src_[i + 2] == '\n') return i + 3;
                    return i + 2;
                }
            }
            if (size_t n = space_at(src_, i)) {
                i += n;
                continue;
            }
            i = one_token(i, &brackets);
        }
    }

    static bool digit(char c) { return c >= '0' && c <= '9'; }

    // (\d+_)*\d+ at i: end position, or i when absent.
    size_t digits_underscored(size_t i) const {
        size_t j = i;
        if (j >= src_.size() || !digit(src_[j])) return i;
        while (j < src_.size()) {
            while (j < src_.size() && digit(src_[j])) ++j;
            if (j + 1 < src_.size() && src_[j] == '_' && digit(src_[j + 1])) {
                ++j;
                continue;
            }
            break;
        }
        return j;
    }

    size_t number(size_t i) {
        // Float: digits, then a fraction and/or an exponent (not after a '.').
        const size_t int_end = digits_underscored(i);
        size_t j = int_end;
        bool has_frac = false, has_exp = false;
        if (j < src_.size() && src_[j] == '.' && digits_underscored(j + 1) > j + 1) {
            j = digits_underscored(j + 1);
            has_frac = true;
        }
        if (j < src_.size() && (src_[j] | 32) == 'e') {
            size_t k = j + 1;
            if (k < src_.size() && (src_[k] == '+' || src_[k] == '-')) ++k;
            if (digits_underscored(k) > k) {
                j = digits_underscored(k);
                has_exp = true;
            }
        }
        const bool after_dot = i > 0 && src_[i - 1] == '.';
        if ((has_frac || has_exp) && !after_dot) {
            std::string text;
            for (size_t k = i; k < j; ++k)
                if (src_[k] != '_') text += src_[k];
            push(TokenType::Float, i).number = std::strtod(text.c_str(), nullptr);
            return j;
        }
        return integer(i);
    }

    size_t integer(size_t i) {
        int base = 10;
        size_t j = i, start = i;
        const char p = i + 1 < src_.size() ? static_cast<char>(src_[i + 1] | 32) : 0;
        auto ok = [&](char c) {
            c = static_cast<char>(c | 32);
            if (base == 2) return c == '0' || c == '1';
            if (base == 8) return c >= '0' && c <= '7';
            if (base == 16) return digit(c) || (c >= 'a' && c <= 'f');
            return digit(c);
        };
        if (src_[i] == '0' && (p == 'b' || p == 'o' || p == 'x')) {
            base = p == 'b' ? 2 : p == 'o' ? 8 : 16;
            j = start = i + 2;
            if (j < src_.size() && src_[j] == '_') ++j;
            if (j >= src_.size() || !ok(src_[j])) {
                push(TokenType::Integer, i).integer = 0;   // "0" alone; the letter lexes as a name
                return i + 1;
            }
        }
        std::string digits;
        const bool zero = base == 10 && src_[i] == '0';
        while (j < src_.size()) {
            if (ok(src_[j]) && (!zero || src_[j] == '0')) {
                digits += src_[j++];
            } else if (src_[j] == '_' && j + 1 < src_.size() && ok(src_[j + 1]) && (!zero || src_[j + 1] == '0')) {
                ++j;
            } else {
                break;
            }
        }
        errno = 0;
        char* endp = nullptr;
        const unsigned long long v = std::strtoull(digits.c_str(), &endp, base);
        if (errno == ERANGE || v > static_cast<unsigned long long>(INT64_MAX))
            fail_at(i, "integer literal too large (Lugh's integers are 64-bit)");
        push(TokenType::Integer, i).integer = static_cast<int64_t>(v);
        (void)start;
        return j;
    }

    size_t string_literal(size_t i) {
        const char q = src_[i];
        size_t j = i + 1;
        while (j < src_.size() && src_[j] != q) j += src_[j] == '\\' ? 2 : 1;
        if (j >= src_.size()) fail_at(i, "unexpected char '" + std::string(1, q) + "'");
        std::string value, error;
        if (!decode_string_literal(src_.substr(i + 1, j - i - 1), &value, &error)) fail_at(i, error);
        push(TokenType::String, i, std::move(value));
        return j + 1;
    }

    size_t one_token(size_t i, std::string* brackets) {
        const char c = src_[i];
        if (digit(c)) return number(i);
        if (is_name_start(src_, i)) {
            size_t j = i;
            while (j < src_.size()) {
                const auto b = static_cast<unsigned char>(src_[j]);
                if (b == '_' || digit(b) || ((b | 32) >= 'a' && (b | 32) <= 'z')) {
                    ++j;
                } else if (b >= 0x80 && !space_at(src_, j)) {
                    ++j;
                    while (j < src_.size() && (static_cast<unsigned char>(src_[j]) & 0xC0) == 0x80) ++j;
                } else {
                    break;
                }
            }
            push(TokenType::Name, i, src_.substr(i, j - i));
            return j;
        }
        if (c == '\'' || c == '"') return string_literal(i);
        static const char* two[] = {"//", "**", "==", "!=", ">=", "<="};
        for (const char* op : two) {
            if (src_.compare(i, 2, op) == 0) {
                push(TokenType::Operator, i, op);
                return i + 2;
            }
        }
        if (!std::strchr("+-/*%~[](){}><=.:|,;", c) || c == 0) {
            std::string shown(1, c);
            if (static_cast<unsigned char>(c) >= 0x80) shown = utf8::encode(utf8::decode(src_.substr(i, 4)).substr(0, 1));
            fail_at(i, "unexpected char '" + shown + "'");
        }
        if (c == '(' || c == '[' || c == '{') {
            brackets->push_back(c == '(' ? ')' : c == '[' ? ']' : '}');
        } else if (c == ')' || c == ']' || c == '}') {
            if (brackets->empty()) fail_at(i, std::string("unexpected '") + c + "'");
            const char want = brackets->back();
            if (want != c) fail_at(i, std::string("unexpected '") + c + "', expected '" + want + "'");
            brackets->pop_back();
        }
        push(TokenType::Operator, i, std::string(1, c));
        return i + 1;
    }
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(c | 32);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

bool decode_string_literal(const std::string& body, std::string* out, std::string* error) {
    // jinja2 escapes non-ASCII characters as \xNN / \uNNNN / \UNNNNNNNN and
    // then decodes Python escapes, so a backslash before a non-ASCII
    // character leaves that escape's text behind: do the same.
    std::string ascii;
    static const char* hex = "0123456789abcdef";
    for (char32_t c : utf8::decode(body)) {
        if (c < 0x80) {
            ascii += static_cast<char>(c);
            continue;
        }
        const int digits = c < 0x100 ? 2 : c < 0x10000 ? 4 : 8;
        ascii += digits == 2 ? "\\x" : digits == 4 ? "\\u" : "\\U";
        for (int k = digits - 1; k >= 0; --k) ascii += hex[(c >> (4 * k)) & 0xF];
    }
    out->clear();
    for (size_t i = 0; i < ascii.size(); ++i) {
        if (ascii[i] != '\\') {
            out->push_back(ascii[i]);
            continue;
        }
        if (i + 1 >= ascii.size()) {
            *error = "\\ at end of string";
            return false;
        }
        const char e = ascii[++i];
        switch (e) {
            case '\n': break;
            case '\\': out->push_back('\\'); break;
            case '\'': out->push_back('\''); break;
            case '"': out->push_back('"'); break;
            case 'a': out->push_back('\a'); break;
            case 'b': out->push_back('\b'); break;
            case 'f': out->push_back('\f'); break;
            case 'n': out->push_back('\n'); break;
            case 'r': out->push_back('\r'); break;
            case 't': out->push_back('\t'); break;
            case 'v': out->push_back('\v'); break;
            case 'x':
            case 'u':
            case 'U': {
                const int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                char32_t cp = 0;
                for (int k = 0; k < digits; ++k) {
                    const int h = i + 1 + k < ascii.size() ? hex_value(ascii[i + 1 + k]) : -1;
                    if (h < 0) {
                        *error = std::string("truncated \\") + e + std::string(static_cast<size_t>(digits), 'X') + " escape";
                        return false;
                    }
                    cp = cp * 16 + static_cast<char32_t>(h);
                }
                i += digits;
                if (cp > 0x10FFFF) {
                    *error = "illegal Unicode character";
                    return false;
                }
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    *error = "surrogate code point in a string literal";
                    return false;
                }
                utf8::append(*out, cp);
                break;
            }
            case 'N': *error = "\\N{...} escapes are not supported"; return false;
            default:
                if (e >= '0' && e <= '7') {
                    char32_t cp = static_cast<char32_t>(e - '0');
                    for (int k = 0; k < 2 && i + 1 < ascii.size() && ascii[i + 1] >= '0' && ascii[i + 1] <= '7'; ++k)
                        cp = cp * 8 + static_cast<char32_t>(ascii[++i] - '0');
                    utf8::append(*out, cp);
                } else {
                    out->push_back('\\');
                    out->push_back(e);
                }
        }
    }
    return true;
}

std::vector<Token> tokenize(const std::string& source, const std::string& name) {
    const size_t bad = utf8::first_invalid(source);
    if (bad != std::string::npos) {
        int line = 1;
        for (size_t i = 0; i < bad; ++i) line += source[i] == '\n';
        throw TemplateError(ErrorKind::Syntax, "the template is not valid UTF-8", line, 0, name);
    }
    return Lexer(source, name).run();
}

}  // namespace lugh::chat
