// JSON reading and writing (include/lugh/json.hpp).
#include "lugh/json.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "lugh/error.hpp"
#include "util/float_text.hpp"
#include "util/utf8.hpp"

namespace lugh::json {

namespace {

const char* type_name(Type t) {
    switch (t) {
        case Type::Null: return "null";
        case Type::Bool: return "a boolean";
        case Type::Int: return "an integer";
        case Type::Float: return "a number";
        case Type::String: return "a string";
        case Type::Array: return "an array";
        case Type::Object: return "an object";
    }
    return "?";
}

[[noreturn]] void wrong_type(Type have, const char* want) {
    throw Error(std::string("json: expected ") + want + ", found " + type_name(have));
}

constexpr int kMaxDepth = 512;

class Reader {
public:
    Reader(std::string_view text, const std::string& what) : text_(text), what_(what) {}

    Value document() {
        const size_t bad = utf8::first_invalid(text_);
        if (bad != std::string::npos) {
            pos_ = bad;
            fail("invalid UTF-8");
        }
        skip_space();
        Value v = value(0);
        skip_space();
        if (pos_ != text_.size()) fail("unexpected text after the JSON value");
        return v;
    }

private:
    std::string_view text_;
    const std::string& what_;
    size_t pos_ = 0;

    [[noreturn]] void fail(const std::string& message) const {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < pos_ && i < text_.size(); ++i) {
            if (text_[i] == '\n') {
                ++line, col = 1;
            } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
                ++col;
            }
        }
        throw Error(what_ + ": line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + message);
    }

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                       text_[pos_] == '\r'))
            ++pos_;
    }

    bool take(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }

    Value value(int depth) {
        if (depth > kMaxDepth) fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
        if (pos_ >= text_.size()) fail("unexpected end of input, expected a value");
        const char c = text_[pos_];
        if (c == '{') return object(depth);
        if (c == '[') return array(depth);
        if (c == '"') return Value(string());
        if (take("null")) return Value();
        if (take("true")) return Value(true);
        if (take("false")) return Value(false);
        if (take("NaN")) return Value(std::numeric_limits<double>::quiet_NaN());
        if (take("Infinity")) return Value(std::numeric_limits<double>::infinity());
        if (take("-Infinity")) return Value(-std::numeric_limits<double>::infinity());
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        fail(std::string("unexpected character '") + c + "'");
    }

    Value object(int depth) {
        ++pos_;
        Value obj = Value::object();
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == '}') {
            ++pos_;
            return obj;
        }
        for (;;) {
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != '"') fail("expected a string key");
            std::string key = string();
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != ':') fail("expected ':' after an object key");
            ++pos_;
            skip_space();
            obj.set(key, value(depth + 1));
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < text_.size() && text_[pos_] == '}') {
                ++pos_;
                return obj;
            }
            fail("expected ',' or '}' in an object");
        }
    }

    Value array(int depth) {
        ++pos_;
        Value arr = Value::array();
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ']') {
            ++pos_;
            return arr;
        }
        for (;;) {
            skip_space();
            arr.push_back(value(depth + 1));
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < text_.size() && text_[pos_] == ']') {
                ++pos_;
                return arr;
            }
            fail("expected ',' or ']' in an array");
        }
    }

    unsigned hex4() {
        if (text_.size() - pos_ < 4) fail("truncated \\u escape");
        unsigned v = 0;
        for (int k = 0; k < 4; ++k) {
            const char h = text_[pos_++];
            v <<= 4;
            if (h >= '0' && h <= '9') {
                v |= h - '0';
            } else if ((h | 32) >= 'a' && (h | 32) <= 'f') {
                v |= (h | 32) - 'a' + 10;
            } else {
                --pos_;
                fail("bad hex digit in a \\u escape");
            }
        }
        return v;
    }

    std::string string() {
        ++pos_;
        std::string out;
        for (;;) {
            if (pos_ >= text_.size()) fail("unterminated string");
            const char c = text_[pos_++];
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) {
                --pos_;
                fail("control character in a string");
            }
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (pos_ >= text_.size()) fail("unterminated string");
            const char e = text_[pos_++];
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
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
                        const size_t save = pos_;
                        pos_ += 2;
                        const unsigned lo = hex4();
                        if (lo >= 0xDC00 && lo <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        } else {
                            pos_ = save;
                        }
                    }
                    // A lone surrogate cannot be UTF-8: it becomes U+FFFD.
                    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
                    utf8::append(out, cp);
                    break;
                }
                default: --pos_; fail(std::string("bad escape '\\") + e + "' in a string");
            }
        }
    }

    Value number() {
        const size_t start = pos_;
        if (text_[pos_] == '-') ++pos_;
        auto digits = [&] {
            const size_t from = pos_;
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
            return pos_ - from;
        };
        const size_t int_start = pos_;
        if (!digits()) fail("expected digits in a number");
        if (text_[int_start] == '0' && pos_ - int_start > 1) fail("leading zero in a number");
        bool is_float = false;
        if (pos_ < text_.size() && text_[pos_] == '.') {
            ++pos_;
            is_float = true;
            if (!digits()) fail("expected digits after '.' in a number");
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            is_float = true;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
            if (!digits()) fail("expected digits in an exponent");
        }
        const std::string_view num = text_.substr(start, pos_ - start);
        if (!is_float) {
            int64_t v;
            const auto r = std::from_chars(num.data(), num.data() + num.size(), v);
            if (r.ec == std::errc() && r.ptr == num.data() + num.size()) return Value(v);
            pos_ = start;
            fail("integer out of the 64-bit range");
        }
        const std::string copy(num);
        errno = 0;
        const double d = std::strtod(copy.c_str(), nullptr);
        return Value(d);
    }
};

void dump_to(const Value& v, std::string& out) {
    switch (v.type()) {
        case Type::Null: out += "null"; break;
        case Type::Bool: out += v.as_bool() ? "true" : "false"; break;
        case Type::Int: out += std::to_string(v.as_int()); break;
        case Type::Float: {
            const double d = v.as_number();
            if (std::isnan(d)) {
                out += "NaN";
            } else if (std::isinf(d)) {
                out += d > 0 ? "Infinity" : "-Infinity";
            } else {
                out += python_float_repr(d);
            }
            break;
        }
        case Type::String: out += quote(v.as_string()); break;
        case Type::Array: {
            out += '[';
            bool first = true;
            for (const auto& item : v.items()) {
                if (!first) out += ", ";
                first = false;
                dump_to(item, out);
            }
            out += ']';
            break;
        }
        case Type::Object: {
            out += '{';
            bool first = true;
            for (const auto& [key, item] : v.members()) {
                if (!first) out += ", ";
                first = false;
                out += quote(key);
                out += ": ";
                dump_to(item, out);
            }
            out += '}';
            break;
        }
    }
}

}  // namespace

Value Value::array(std::vector<Value> items) {
    Value v;
    v.type_ = Type::Array;
    v.array_ = std::make_shared<std::vector<Value>>(std::move(items));
    return v;
}

Value Value::object(std::vector<Member> members) {
    Value v;
    v.type_ = Type::Object;
    v.object_ = std::make_shared<std::vector<Member>>();
    for (auto& [k, item] : members) v.set(k, std::move(item));
    return v;
}

void Value::own() {
    if (array_ && array_.use_count() > 1) array_ = std::make_shared<std::vector<Value>>(*array_);
    if (object_ && object_.use_count() > 1) object_ = std::make_shared<std::vector<Member>>(*object_);
}

bool Value::as_bool() const {
    if (type_ != Type::Bool) wrong_type(type_, "a boolean");
    return b_;
}
int64_t Value::as_int() const {
    if (type_ != Type::Int) wrong_type(type_, "an integer");
    return i_;
}
double Value::as_number() const {
    if (type_ == Type::Int) return static_cast<double>(i_);
    if (type_ != Type::Float) wrong_type(type_, "a number");
    return f_;
}
const std::string& Value::as_string() const {
    if (type_ != Type::String) wrong_type(type_, "a string");
    return s_;
}
const std::vector<Value>& Value::items() const {
    if (type_ != Type::Array) wrong_type(type_, "an array");
    return *array_;
}
std::vector<Value>& Value::items() {
    if (type_ != Type::Array) wrong_type(type_, "an array");
    own();
    return *array_;
}
const std::vector<Value::Member>& Value::members() const {
    if (type_ != Type::Object) wrong_type(type_, "an object");
    return *object_;
}
std::vector<Value::Member>& Value::members() {
    if (type_ != Type::Object) wrong_type(type_, "an object");
    own();
    return *object_;
}

const Value* Value::find(const std::string& key) const {
    for (const auto& [k, v] : members())
        if (k == key) return &v;
    return nullptr;
}

const Value& Value::get(const std::string& key) const {
    const Value* v = find(key);
    if (!v) throw Error("json: object has no key \"" + key + "\"");
    return *v;
}

Value& Value::set(const std::string& key, Value value) {
    auto& m = members();
    for (auto& [k, v] : m) {
        if (k == key) {
            v = std::move(value);
            return v;
        }
    }
    m.emplace_back(key, std::move(value));
    return m.back().second;
}

void Value::push_back(Value value) { items().push_back(std::move(value)); }

size_t Value::size() const {
    if (type_ == Type::Array) return array_->size();
    if (type_ == Type::Object) return object_->size();
    wrong_type(type_, "an array or an object");
}

std::string Value::dump() const {
    std::string out;
    dump_to(*this, out);
    return out;
}

bool Value::operator==(const Value& o) const {
    if (is_number() && o.is_number()) {
        if (type_ == Type::Int && o.type_ == Type::Int) return i_ == o.i_;
        return as_number() == o.as_number();
    }
    if (type_ != o.type_) return false;
    switch (type_) {
        case Type::Null: return true;
        case Type::Bool: return b_ == o.b_;
        case Type::String: return s_ == o.s_;
        case Type::Array: return *array_ == *o.array_;
        case Type::Object: return *object_ == *o.object_;
        default: return false;
    }
}

Value parse(std::string_view text, const std::string& what) { return Reader(text, what).document(); }

Value parse_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw Error("json: cannot open " + path + ": " + std::strerror(errno));
    std::string text;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed) throw Error("json: cannot read " + path);
    return parse(text, path);
}

std::string quote(std::string_view text, bool ascii_only) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    auto u_escape = [&](unsigned v) {
        out += "\\u";
        for (int k = 3; k >= 0; --k) out += hex[(v >> (4 * k)) & 0xF];
    };
    for (char32_t c : utf8::decode(text)) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20) {
                    u_escape(c);
                } else if (ascii_only && c > 0x7E) {
                    if (c >= 0x10000) {
                        u_escape(0xD800 + ((c - 0x10000) >> 10));
                        u_escape(0xDC00 + ((c - 0x10000) & 0x3FF));
                    } else {
                        u_escape(c);
                    }
                } else {
                    utf8::append(out, c);
                }
        }
    }
    out += '"';
    return out;
}

}  // namespace lugh::json
