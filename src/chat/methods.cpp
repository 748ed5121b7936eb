#include "chat/methods.hpp"

#include <algorithm>
#include <cstring>

#include "chat/objects.hpp"
#include "chat/operators.hpp"
#include "chat/printf_format.hpp"
#include "chat/py_string.hpp"
#include "chat/signature.hpp"
#include "chat/value_text.hpp"
#include "util/utf8.hpp"

namespace lugh::chat {

namespace {

bool in_list(const std::string& name, const char* const* list) {
    for (; *list; ++list)
        if (name == *list) return true;
    return false;
}

const char* const kStrMethods[] = {
    "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format", "format_map",
    "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric",
    "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "maketrans", "partition",
    "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
    "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill", nullptr};
const char* const kListSafe[] = {"copy", "count", "index", nullptr};
const char* const kListUnsafe[] = {"append", "clear", "extend", "insert", "pop", "remove", "reverse", "sort", nullptr};
const char* const kDictSafe[] = {"copy", "fromkeys", "get", "items", "keys", "values", nullptr};
const char* const kDictUnsafe[] = {"clear", "pop", "popitem", "setdefault", "update", nullptr};

std::string need_str(const Value& v, const std::string& what) {
    if (v.is_undefined()) undefined_error(v);
    if (!v.is_string()) type_error(what + " must be str, not " + v.type_name());
    return v.str();
}

std::optional<int64_t> opt_index(const Bound& b, size_t i) {
    if (!b.has(i) || b[i].is_none()) return std::nullopt;
    if (!b[i].is_integral()) type_error("slice indices must be integers or None or have an __index__ method");
    return b[i].as_int();
}

std::optional<std::string> opt_chars(const Bound& b, size_t i) {
    if (!b.has(i) || b[i].is_none()) return std::nullopt;
    return need_str(b[i], b.what() + " arg");
}

// startswith/endswith accept a string or a tuple of strings.
bool affix_match(const Value& self, const Bound& b, bool at_start) {
    const std::string s = py_substr(self.str(), opt_index(b, 1), opt_index(b, 2));
    auto one = [&](const Value& p) {
        if (!p.is_string())
            type_error(std::string(at_start ? "startswith" : "endswith") +
                       " first arg must be str or a tuple of str, not " + p.type_name());
        const std::string& x = p.str();
        return x.size() <= s.size() && (at_start ? s.compare(0, x.size(), x) == 0
                                                 : s.compare(s.size() - x.size(), x.size(), x) == 0);
    };
    if (b[0].is_tuple()) {
        for (const auto& p : b[0].items())
            if (one(p)) return true;
        return false;
    }
    return one(b[0]);
}

template <class Pred>
Value all_chars(const std::string& s, Pred pred) {
    const std::u32string cps = utf8::decode(s);
    if (cps.empty()) return Value::boolean(false);
    return Value::boolean(std::all_of(cps.begin(), cps.end(), pred));
}

Value string_list(Evaluator& ev, const std::vector<std::string>& parts) {
    ValueList out;
    size_t bytes = 0;
    for (const auto& p : parts) {
        bytes += p.size() + sizeof(Value);
        out.push_back(Value::string(p));
    }
    ev.budget().allocate(bytes);
    return Value::list(std::move(out));
}

Value str_method(Evaluator& ev, const Value& self, const std::string& name, const CallArgs& args) {
    const std::string& s = self.str();
    ev.budget().step(s.size() / 64 + 1);
    const std::string what = "str." + name;
    auto result = [&](std::string r) {
        ev.check_size(r.size());
        return Value::string(std::move(r));
    };
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
        Bound b(args, what, {"chars"});
        return result(py_strip(s, opt_chars(b, 0), name != "rstrip", name != "lstrip"));
    }
    if (name == "split" || name == "rsplit") {
        Bound b(args, what, {"sep", "maxsplit"});
        const std::optional<std::string> sep = opt_chars(b, 0);
        if (sep && sep->empty()) fail(ErrorKind::Type, "empty separator");
        const Value maxsplit = b.get(1, Value::integer(-1));
        if (!maxsplit.is_integral()) type_error("'" + std::string(maxsplit.type_name()) + "' object cannot be interpreted as an integer");
        return string_list(ev, py_split(s, sep, maxsplit.as_int(), name == "rsplit"));
    }
    if (name == "splitlines") {
        Bound b(args, what, {"keepends"});
        return string_list(ev, py_splitlines(s, b.get(0, Value::boolean(false)).truthy()));
    }
    if (name == "startswith" || name == "endswith") {
        Bound b(args, what, {"prefix", "start", "end"}, 1);
        return Value::boolean(affix_match(self, b, name == "startswith"));
    }
    if (name == "replace") {
        Bound b(args, what, {"old", "new", "count"}, 2);
        const Value count = b.get(2, Value::integer(-1));
        if (!count.is_integral()) type_error("'" + std::string(count.type_name()) + "' object cannot be interpreted as an integer");
        const std::string old = need_str(b[0], "replace() argument 1"), repl = need_str(b[1], "replace() argument 2");
        if (!old.empty() && !repl.empty() && repl.size() > old.size()) {
            const int64_t n = py_count(s, old, std::nullopt, std::nullopt);
            ev.check_size(s.size() + static_cast<size_t>(n) * (repl.size() - old.size()));
        } else if (old.empty()) {
            ev.check_size(s.size() + (utf8::length(s) + 1) * repl.size());
        }
        return result(py_replace(s, old, repl, count.as_int()));
    }
    if (name == "upper") return no_arguments(args, what), result(utf8::to_upper(s));
    if (name == "lower" || name == "casefold") return no_arguments(args, what), result(utf8::to_lower(s));
    if (name == "title") return no_arguments(args, what), result(py_title(s));
    if (name == "capitalize") return no_arguments(args, what), result(py_capitalize(s));
    if (name == "swapcase") return no_arguments(args, what), result(py_swapcase(s));
    if (name == "find" || name == "rfind" || name == "index" || name == "rindex") {
        Bound b(args, what, {"sub", "start", "end"}, 1);
        const int64_t at = py_find(s, need_str(b[0], "must be str"), opt_index(b, 1), opt_index(b, 2),
                                   name[0] == 'r');
        if (at < 0 && (name == "index" || name == "rindex")) fail(ErrorKind::Type, "substring not found");
        return Value::integer(at);
    }
    if (name == "count") {
        Bound b(args, what, {"sub", "start", "end"}, 1);
        return Value::integer(py_count(s, need_str(b[0], "must be str"), opt_index(b, 1), opt_index(b, 2)));
    }
    if (name == "join") {
        Bound b(args, what, {"iterable"}, 1);
        std::string out;
        size_t index = 0;
        for (const auto& item : iterate(b[0])) {
            if (!item.is_string())
                type_error("sequence item " + std::to_string(index) + ": expected str instance, " +
                           std::string(item.type_name()) + " found");
            if (index++) out += s;
            out += item.str();
            ev.check_size(out.size());
        }
        return result(std::move(out));
    }
    if (name == "center" || name == "ljust" || name == "rjust") {
        Bound b(args, what, {"width", "fillchar"}, 1);
        if (!b[0].is_integral()) type_error("'" + std::string(b[0].type_name()) + "' object cannot be interpreted as an integer");
        const std::string fill = b.has(1) ? need_str(b[1], "fill character") : " ";
        if (utf8::length(fill) != 1) type_error("The fill character must be exactly one character long");
        ev.check_size(static_cast<size_t>(std::max<int64_t>(0, std::min<int64_t>(b[0].as_int(), INT32_MAX))) * fill.size());
        return result(py_pad(s, b[0].as_int(), fill, name == "center" ? '^' : name == "ljust" ? '<' : '>'));
    }
    if (name == "zfill") {
        Bound b(args, what, {"width"}, 1);
        if (!b[0].is_integral()) type_error("'" + std::string(b[0].type_name()) + "' object cannot be interpreted as an integer");
        ev.check_size(static_cast<size_t>(std::max<int64_t>(0, std::min<int64_t>(b[0].as_int(), INT32_MAX))));
        const int64_t len = static_cast<int64_t>(utf8::length(s));
        if (b[0].as_int() <= len) return self;
        const size_t sign = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
        return result(s.substr(0, sign) + std::string(static_cast<size_t>(b[0].as_int() - len), '0') + s.substr(sign));
    }
    if (name == "removeprefix" || name == "removesuffix") {
        Bound b(args, what, {"affix"}, 1);
        const std::string a = need_str(b[0], what + "() argument");
        if (name == "removeprefix") return result(s.compare(0, a.size(), a) == 0 ? s.substr(a.size()) : s);
        return result(a.size() <= s.size() && s.compare(s.size() - a.size(), a.size(), a) == 0
                          ? s.substr(0, s.size() - a.size())
                          : s);
    }
    if (name == "partition" || name == "rpartition") {
        Bound b(args, what, {"sep"}, 1);
        const std::string sep = need_str(b[0], "must be str");
        if (sep.empty()) fail(ErrorKind::Type, "empty separator");
        const size_t at = name == "partition" ? s.find(sep) : s.rfind(sep);
        if (at == std::string::npos) {
            if (name == "partition") return Value::tuple({self, Value::string(""), Value::string("")});
            return Value::tuple({Value::string(""), Value::string(""), self});
        }
        return Value::tuple({Value::string(s.substr(0, at)), Value::string(sep), Value::string(s.substr(at + sep.size()))});
    }
    if (name == "expandtabs") {
        Bound b(args, what, {"tabsize"});
        const int64_t tab = b.get(0, Value::integer(8)).as_int();
        std::string out;
        int64_t col = 0;
        for (char32_t c : utf8::decode(s)) {
            if (c == '\t') {
                if (tab > 0) {
                    const int64_t n = tab - col % tab;
                    ev.check_size(out.size() + static_cast<size_t>(n));
                    out.append(static_cast<size_t>(n), ' ');
                    col += n;
                }
            } else {
                utf8::append(out, c);
                col = (c == '\n' || c == '\r') ? 0 : col + 1;
            }
        }
        return result(std::move(out));
    }
    if (name == "format") return result(brace_format(ev, s, args));
    no_arguments(args, what);
    if (name == "isdigit" || name == "isdecimal" || name == "isnumeric") return all_chars(s, utf8::is_digit);
    if (name == "isalpha") return all_chars(s, utf8::is_alpha);
    if (name == "isalnum") return all_chars(s, [](char32_t c) { return utf8::is_alpha(c) || utf8::is_digit(c); });
    if (name == "isspace") return all_chars(s, utf8::is_space);
    if (name == "isascii") return Value::boolean(std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; }));
    if (name == "isprintable") {
        const std::u32string cps = utf8::decode(s);
        return Value::boolean(std::all_of(cps.begin(), cps.end(), utf8::is_printable));
    }
    if (name == "islower" || name == "isupper") return Value::boolean(py_cased_as(s, name == "islower"));
    if (name == "istitle") return Value::boolean(!s.empty() && py_title(s) == s && utf8::to_lower(s) != s);
    fail(ErrorKind::Unsupported, "the str method '" + name + "' is not supported");
}

Value list_method(Evaluator& ev, const Value& self, const std::string& name, const CallArgs& args) {
    const ValueList& items = self.items();
    ev.budget().step(items.size() + 1);
    if (name == "count") {
        Bound b(args, "list.count", {"value"}, 1);
        return Value::integer(std::count_if(items.begin(), items.end(), [&](const Value& v) { return equal(v, b[0]); }));
    }
    if (name == "index") {
        Bound b(args, "list.index", {"value", "start", "stop"}, 1);
        for (size_t i = 0; i < items.size(); ++i)
            if (equal(items[i], b[0])) return Value::integer(static_cast<int64_t>(i));
        fail(ErrorKind::Type, py_repr(b[0]) + " is not in list");
    }
    no_arguments(args, "list.copy");
    return self;
}

Value dict_method(Evaluator& ev, const Value& self, const std::string& name, const CallArgs& args) {
    const Dict& d = self.dict();
    ev.budget().step(d.size() + 1);
    if (name == "get") {
        Bound b(args, "dict.get", {"key", "default"}, 1);
        if (!hashable(b[0])) type_error(std::string("unhashable type: '") + b[0].type_name() + "'");
        const Value* v = d.find(b[0]);
        return v ? *v : b.get(1, Value::none());
    }
    if (name == "fromkeys") fail(ErrorKind::Unsupported, "dict.fromkeys is not supported");
    no_arguments(args, "dict." + name);
    if (name == "copy") return self;
    ValueList out;
    ev.budget().allocate(d.size() * sizeof(Value) * 3);
    for (const auto& [k, v] : d.entries) {
        if (name == "keys") out.push_back(k);
        else if (name == "values") out.push_back(v);
        else out.push_back(Value::tuple({k, v}));
    }
    return Value::list(std::move(out));
}

}  // namespace

MethodKind method_kind(const Value& obj, const std::string& name) {
    switch (obj.kind()) {
        case Kind::String: return in_list(name, kStrMethods) ? MethodKind::Safe : MethodKind::None;
        case Kind::List:
            if (in_list(name, kListSafe)) return MethodKind::Safe;
            if (in_list(name, kListUnsafe)) return obj.is_tuple() ? MethodKind::None : MethodKind::Unsafe;
            return MethodKind::None;
        case Kind::Dict:
            if (in_list(name, kDictSafe)) return MethodKind::Safe;
            if (in_list(name, kDictUnsafe)) return MethodKind::Unsafe;
            return MethodKind::None;
        case Kind::Object:
            if (dynamic_cast<LoopInfo*>(obj.obj()) && (name == "cycle" || name == "changed")) return MethodKind::Safe;
            return MethodKind::None;
        default: return MethodKind::None;
    }
}

Value call_method(Evaluator& ev, const Value& obj, const std::string& name, const CallArgs& args) {
    switch (obj.kind()) {
        case Kind::String: return str_method(ev, obj, name, args);
        case Kind::List: return list_method(ev, obj, name, args);
        case Kind::Dict: return dict_method(ev, obj, name, args);
        case Kind::Object:
            if (auto* loop = dynamic_cast<LoopInfo*>(obj.obj())) return name == "cycle" ? loop->cycle(args) : loop->changed(args);
            break;
        default: break;
    }
    type_error(std::string("'") + obj.type_name() + "' object has no method '" + name + "'");
}

}  // namespace lugh::chat
