#include "chat/tojson.hpp"

#include <algorithm>
#include <cmath>

#include "chat/evaluator.hpp"
#include "chat/objects.hpp"
#include "chat/operators.hpp"
#include "chat/signature.hpp"
#include "lugh/json.hpp"
#include "util/float_text.hpp"

namespace lugh::chat {

namespace {

struct JsonStyle {
    bool ensure_ascii = false;
    bool indented = false;
    std::string indent;
    std::string item_sep = ", ", key_sep = ": ";
    bool sort_keys = false;
};

std::string float_json(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    return python_float_repr(d);
}

[[noreturn]] void not_serializable(const Value& v) {
    type_error(std::string("Object of type ") + v.type_name() + " is not JSON serializable");
}

std::string key_text(const Value& k) {
    switch (k.kind()) {
        case Kind::String: return k.str();
        case Kind::Bool: return k.as_bool() ? "true" : "false";
        case Kind::None: return "null";
        case Kind::Int: return std::to_string(k.as_int());
        case Kind::Float: return float_json(k.as_float());
        default:
            type_error(std::string("keys must be str, int, float, bool or None, not ") + k.type_name());
    }
}

void write(Evaluator& ev, const Value& v, const JsonStyle& st, int level, std::string& out) {
    ev.budget().step();
    if (level > ev.budget().limits().max_depth) fail(ErrorKind::Limit, "tojson: values nested too deeply");
    if (out.size() > ev.budget().limits().max_output_bytes)
        fail(ErrorKind::Limit, "tojson: the text exceeds the output limit");
    auto newline = [&](int lvl) {
        out += '\n';
        for (int i = 0; i < lvl; ++i) out += st.indent;
    };
    switch (v.kind()) {
        case Kind::None: out += "null"; return;
        case Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
        case Kind::Int: out += std::to_string(v.as_int()); return;
        case Kind::Float: out += float_json(v.as_float()); return;
        case Kind::String: out += json::quote(v.str(), st.ensure_ascii); return;
        case Kind::List: {
            if (v.items().empty()) {
                out += "[]";
                return;
            }
            out += '[';
            for (size_t i = 0; i < v.items().size(); ++i) {
                if (i) out += st.item_sep;
                if (st.indented) newline(level + 1);
                write(ev, v.items()[i], st, level + 1, out);
            }
            if (st.indented) newline(level);
            out += ']';
            return;
        }
        case Kind::Dict: {
            if (v.dict().size() == 0) {
                out += "{}";
                return;
            }
            std::vector<const std::pair<Value, Value>*> entries;
            for (const auto& e : v.dict().entries) entries.push_back(&e);
            if (st.sort_keys)
                std::stable_sort(entries.begin(), entries.end(),
                                 [](const auto* a, const auto* b) { return order(a->first, b->first) < 0; });
            out += '{';
            bool first = true;
            for (const auto* e : entries) {
                if (!first) out += st.item_sep;
                first = false;
                if (st.indented) newline(level + 1);
                out += json::quote(key_text(e->first), st.ensure_ascii);
                out += st.key_sep;
                write(ev, e->second, st, level + 1, out);
            }
            if (st.indented) newline(level);
            out += '}';
            return;
        }
        default: not_serializable(v);
    }
}

}  // namespace

std::string to_json(Evaluator& ev, const Value& v, const CallArgs& args) {
    Bound b(args, "tojson", {"ensure_ascii", "indent", "separators", "sort_keys"});
    JsonStyle st;
    st.ensure_ascii = b.has(0) && b[0].truthy();
    if (b.has(1) && !b[1].is_none()) {
        st.indented = true;
        st.item_sep = ",";
        if (b[1].is_string()) {
            st.indent = b[1].str();
        } else if (b[1].is_integral()) {
            st.indent = std::string(static_cast<size_t>(std::clamp<int64_t>(b[1].as_int(), 0, 1000)), ' ');
        } else {
            type_error(std::string("can't multiply sequence by non-int of type '") + b[1].type_name() + "'");
        }
    }
    if (b.has(2) && !b[2].is_none()) {
        const ValueList seps = iterate(b[2]);
        if (seps.size() != 2 || !seps[0].is_string() || !seps[1].is_string())
            fail(ErrorKind::Type, "tojson: separators must be two strings");
        st.item_sep = seps[0].str();
        st.key_sep = seps[1].str();
    }
    st.sort_keys = b.has(3) && b[3].truthy();
    std::string out;
    write(ev, v, st, 0, out);
    ev.check_size(out.size());
    return out;
}

}  // namespace lugh::chat
