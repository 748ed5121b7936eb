#include "chat/value_text.hpp"

#include "chat/error.hpp"
#include "util/float_text.hpp"
#include "util/utf8.hpp"

namespace lugh::chat {

namespace {

void repr_to(const Value& v, std::string& out, int depth);

void hex_escape(std::string& out, char32_t c) {
    static const char* hex = "0123456789abcdef";
    int digits;
    if (c < 0x100) {
        out += "\\x", digits = 2;
    } else if (c < 0x10000) {
        out += "\\u", digits = 4;
    } else {
        out += "\\U", digits = 8;
    }
    for (int k = digits - 1; k >= 0; --k) out += hex[(c >> (4 * k)) & 0xF];
}

void items_to(const ValueList& items, std::string& out, int depth) {
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        repr_to(items[i], out, depth);
    }
}

void repr_to(const Value& v, std::string& out, int depth) {
    if (depth < 0) fail(ErrorKind::Limit, "values nested too deeply to print");
    switch (v.kind()) {
        case Kind::Undefined: out += "Undefined"; return;
        case Kind::String:
            if (v.is_safe()) {
                out += "Markup(" + repr_string(v.str()) + ")";
            } else {
                out += repr_string(v.str());
            }
            return;
        case Kind::List:
            if (v.is_tuple()) {
                out += '(';
                items_to(v.items(), out, depth - 1);
                if (v.items().size() == 1) out += ',';
                out += ')';
            } else {
                out += '[';
                items_to(v.items(), out, depth - 1);
                out += ']';
            }
            return;
        case Kind::Dict: {
            out += '{';
            bool first = true;
            for (const auto& [k, item] : v.dict().entries) {
                if (!first) out += ", ";
                first = false;
                repr_to(k, out, depth - 1);
                out += ": ";
                repr_to(item, out, depth - 1);
            }
            out += '}';
            return;
        }
        default: out += py_str(v, depth); return;
    }
}

}  // namespace

std::string repr_string(const std::string& s) {
    const bool has_single = s.find('\'') != std::string::npos;
    const bool has_double = s.find('"') != std::string::npos;
    const char quote = (has_single && !has_double) ? '"' : '\'';
    std::string out(1, quote);
    for (char32_t c : utf8::decode(s)) {
        if (c == static_cast<char32_t>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (!utf8::is_printable(c)) {
            hex_escape(out, c);
        } else {
            utf8::append(out, c);
        }
    }
    out += quote;
    return out;
}

std::string py_str(const Value& v, int max_depth) {
    switch (v.kind()) {
        case Kind::Undefined: return "";
        case Kind::None: return "None";
        case Kind::Bool: return v.as_bool() ? "True" : "False";
        case Kind::Int: return std::to_string(v.as_int());
        case Kind::Float: return python_float_repr(v.as_float());
        case Kind::String: return v.str();
        case Kind::List:
        case Kind::Dict: {
            std::string out;
            repr_to(v, out, max_depth);
            return out;
        }
        case Kind::Object: return v.obj()->text(max_depth);
    }
    return "";
}

std::string py_repr(const Value& v, int max_depth) {
    std::string out;
    repr_to(v, out, max_depth);
    return out;
}

}  // namespace lugh::chat
