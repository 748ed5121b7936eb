// Text and number filters: trim, upper, lower, capitalize, title, replace,
// indent, center, truncate, wordcount, string, safe, escape, striptags,
// format, tojson, int, float, abs, round, default, attr.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "chat/filters.hpp"
#include "chat/objects.hpp"
#include "chat/operators.hpp"
#include "chat/printf_format.hpp"
#include "chat/py_string.hpp"
#include "chat/signature.hpp"
#include "chat/tojson.hpp"
#include "chat/value_text.hpp"
#include "util/utf8.hpp"

namespace lugh::chat {

Value soft_str(const Value& v) {
    if (v.is_string()) return v;
    return Value::string(py_str(v));
}

namespace {

Value text_result(Evaluator& ev, std::string s, bool safe = false) {
    ev.check_size(s.size());
    return Value::string(std::move(s), safe);
}

Value f_trim(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "trim", {"chars"});
    std::optional<std::string> chars;
    if (b.has(0) && !b[0].is_none()) chars = py_str(b[0]);
    const Value s = soft_str(in);
    return text_result(ev, py_strip(s.str(), chars, true, true), s.is_safe());
}

Value f_upper(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "upper");
    const Value s = soft_str(in);
    return text_result(ev, utf8::to_upper(s.str()), s.is_safe());
}

Value f_lower(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "lower");
    const Value s = soft_str(in);
    return text_result(ev, utf8::to_lower(s.str()), s.is_safe());
}

Value f_capitalize(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "capitalize");
    const Value s = soft_str(in);
    return text_result(ev, py_capitalize(s.str()), s.is_safe());
}

// Words begin after '-', whitespace or an opening bracket.
Value f_title(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "title");
    const Value s = soft_str(in);
    std::string out;
    bool word_start = true;
    for (char32_t c : utf8::decode(s.str())) {
        const bool sep = c == '-' || c == '(' || c == '{' || c == '[' || c == '<' || utf8::is_space(c);
        if (sep) {
            utf8::append(out, c);
            word_start = true;
        } else if (word_start) {
            if (c == 0xDF) {
                out += "SS";
            } else {
                utf8::append(out, utf8::upper(c));
            }
            word_start = false;
        } else {
            utf8::append(out, utf8::lower(c));
        }
    }
    return text_result(ev, std::move(out), s.is_safe());
}

Value f_replace(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "replace", {"old", "new", "count"}, 2);
    int64_t count = -1;
    if (b.has(2) && !b[2].is_none()) {
        if (!b[2].is_integral()) type_error(std::string("'") + b[2].type_name() + "' object cannot be interpreted as an integer");
        count = b[2].as_int();
    }
    const std::string s = py_str(in), old = py_str(b[0]), repl = py_str(b[1]);
    if (repl.size() > old.size()) {
        const int64_t n = old.empty() ? static_cast<int64_t>(utf8::length(s)) + 1 : py_count(s, old, {}, {});
        ev.check_size(s.size() + static_cast<size_t>(n) * repl.size());
    }
    return text_result(ev, py_replace(s, old, repl, count));
}

Value f_indent(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "indent", {"width", "first", "blank"});
    std::string indention;
    const Value width = b.get(0, Value::integer(4));
    if (width.is_string()) {
        indention = width.str();
    } else if (width.is_integral()) {
        indention.assign(static_cast<size_t>(std::max<int64_t>(0, std::min<int64_t>(width.as_int(), 1 << 20))), ' ');
    } else {
        type_error(std::string("can't multiply sequence by non-int of type '") + width.type_name() + "'");
    }
    const Value sv = soft_str(in);
    const std::vector<std::string> lines = py_splitlines(sv.str() + "\n", false);
    std::string rv;
    ev.check_size(sv.str().size() + lines.size() * indention.size());
    if (b.get(2, Value::boolean(false)).truthy()) {
        for (size_t i = 0; i < lines.size(); ++i) {
            if (i) rv += "\n" + indention;
            rv += lines[i];
        }
    } else {
        rv = lines.empty() ? std::string() : lines[0];
        for (size_t i = 1; i < lines.size(); ++i) rv += "\n" + (lines[i].empty() ? std::string() : indention + lines[i]);
    }
    if (b.get(1, Value::boolean(false)).truthy()) rv = indention + rv;
    return text_result(ev, std::move(rv), sv.is_safe());
}

Value f_center(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "center", {"width"});
    const Value w = b.get(0, Value::integer(80));
    if (!w.is_integral()) type_error(std::string("'") + w.type_name() + "' object cannot be interpreted as an integer");
    ev.check_size(static_cast<size_t>(std::max<int64_t>(0, std::min<int64_t>(w.as_int(), INT32_MAX))));
    return text_result(ev, py_pad(py_str(in), w.as_int(), " ", '^'));
}

Value f_truncate(Evaluator& ev, const Value& in, const CallArgs& args) {
    Bound b(args, "truncate", {"length", "killwords", "end", "leeway"});
    const Value length = b.get(0, Value::integer(255));
    const std::string end = py_str(b.get(2, Value::string("...")));
    const Value leeway = b.has(3) && !b[3].is_none() ? b[3] : Value::integer(5);
    if (!length.is_integral() || !leeway.is_integral()) type_error("truncate: length and leeway must be integers");
    const auto end_len = static_cast<int64_t>(utf8::length(end));
    if (length.as_int() < end_len)
        fail(ErrorKind::Type, "expected length >= " + std::to_string(end_len) + ", got " + std::to_string(length.as_int()));
    if (leeway.as_int() < 0) fail(ErrorKind::Type, "expected leeway >= 0, got " + std::to_string(leeway.as_int()));
    const std::string s = py_str(in);
    const std::u32string cps = utf8::decode(s);
    if (static_cast<int64_t>(cps.size()) <= length.as_int() + leeway.as_int()) return Value::string(s);
    std::string head = utf8::encode(cps.substr(0, static_cast<size_t>(length.as_int() - end_len)));
    if (!b.get(1, Value::boolean(false)).truthy()) {
        const size_t space = head.rfind(' ');
        if (space != std::string::npos) head.resize(space);
    }
    return text_result(ev, head + end);
}

Value f_wordcount(Evaluator&, const Value& in, const CallArgs& args) {
    no_arguments(args, "wordcount");
    int64_t n = 0;
    bool in_word = false;
    for (char32_t c : utf8::decode(py_str(in))) {
        const bool w = c == '_' || utf8::is_alpha(c) || utf8::is_digit(c);
        if (w && !in_word) ++n;
        in_word = w;
    }
    return Value::integer(n);
}

Value f_string(Evaluator&, const Value& in, const CallArgs& args) {
    no_arguments(args, "string");
    return soft_str(in);
}

Value f_safe(Evaluator&, const Value& in, const CallArgs& args) {
    no_arguments(args, "safe");
    return Value::string(py_str(in), true);
}

Value f_escape(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "escape");
    if (in.is_safe()) return in;
    return text_result(ev, html_escape(py_str(in)), true);
}

Value f_forceescape(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "forceescape");
    return text_result(ev, html_escape(py_str(in)), true);
}

Value f_striptags(Evaluator& ev, const Value& in, const CallArgs& args) {
    no_arguments(args, "striptags");
    std::string s = py_str(in), out;
    for (size_t i = 0; i < s.size();) {
        if (s.compare(i, 4, "<!--") == 0) {
            const size_t e = s.find("-->", i + 4);
            if (e != std::string::npos) {
                i = e + 3;
                continue;
            }
        }
        if (s[i] == '<') {
            const size_t e = s.find('>', i + 1);
            if (e != std::string::npos) {
                i = e + 1;
                continue;
            }
        }
        out += s[i++];
    }
    std::string joined;
    for (const auto& w : py_split(out, std::nullopt, -1, false)) joined += (joined.empty() ? "" : " ") + w;
    static const char* entities[][2] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&#39;", "'"}, {"&#34;", "\""},
                                        {"&quot;", "\""}, {"&amp;", "&"}};
    for (const auto& e : entities) joined = py_replace(joined, e[0], e[1], -1);
    return text_result(ev, std::move(joined));
}

Value f_format(Evaluator& ev, const Value& in, const CallArgs& args) {
    if (!args.positional.empty() && !args.keywords.empty())
        type_error("can't handle positional and keyword arguments at the same time");
    Value packed;
    if (!args.keywords.empty()) {
        Dict d;
        for (const auto& [k, v] : args.keywords) d.set(k, v);
        packed = Value::dict(std::move(d));
    } else {
        packed = Value::tuple(args.positional);
    }
    const Value s = soft_str(in);
    return text_result(ev, percent_format(ev, s.str(), packed), s.is_safe());
}

Value f_tojson(Evaluator& ev, const Value& in, const CallArgs& args) { return Value::string(to_json(ev, in, args)); }

// Python float(str): surrounding whitespace, sign, digits with single underscores, inf/nan.
bool parse_float(const std::string& text, double* out) {
    const std::string t = py_strip(text, std::nullopt, true, true);
    std::string clean;
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '_') {
            const bool ok = i > 0 && i + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[i - 1])) &&
                            std::isdigit(static_cast<unsigned char>(t[i + 1]));
            if (!ok) return false;
            continue;
        }
        clean += t[i];
    }
    if (clean.empty()) return false;
    std::string lower = utf8::to_lower(clean);
    const size_t sign = (lower[0] == '+' || lower[0] == '-') ? 1 : 0;
    const std::string body = lower.substr(sign);
    if (body == "inf" || body == "infinity" || body == "nan") {
        const double v = body == "nan" ? NAN : INFINITY;
        *out = lower[0] == '-' ? -v : v;
        return true;
    }
    if (body.find_first_not_of("0123456789.e+-") != std::string::npos || body.find_first_of("0123456789") == std::string::npos)
        return false;
    char* end = nullptr;
    *out = std::strtod(clean.c_str(), &end);
    return end && *end == 0;
}

// Python int(str, base): whitespace, sign, underscores between digits, a prefix when it matches the base.
bool parse_int(const std::string& text, int64_t base, int64_t* out) {
    std::string t = py_strip(text, std::nullopt, true, true);
    bool neg = false;
    if (!t.empty() && (t[0] == '+' || t[0] == '-')) neg = t[0] == '-', t.erase(0, 1);
    if (t.size() > 2 && t[0] == '0') {
        const char p = static_cast<char>(t[1] | 32);
        if ((p == 'x' && (base == 16 || base == 0)) || (p == 'o' && (base == 8 || base == 0)) ||
            (p == 'b' && (base == 2 || base == 0))) {
            base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
            t.erase(0, 2);
            if (!t.empty() && t[0] == '_') t.erase(0, 1);
        }
    }
    if (base == 0) base = 10;
    if (base < 2 || base > 36 || t.empty()) return false;
    __int128 v = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        const char c = static_cast<char>(t[i] | 32);
        if (t[i] == '_' && i > 0 && i + 1 < t.size() && t[i - 1] != '_') continue;
        const int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'z') ? c - 'a' + 10 : 99;
        if (d >= base) return false;
        v = v * base + d;
        if (v > static_cast<__int128>(INT64_MAX) + 1) fail(ErrorKind::Type, "integer overflow (Lugh's template integers are 64-bit)");
    }
    if (neg) v = -v;
    if (v > INT64_MAX) fail(ErrorKind::Type, "integer overflow (Lugh's template integers are 64-bit)");
    *out = static_cast<int64_t>(v);
    return true;
}

Value float_to_int(double d) {
    if (std::isinf(d)) fail(ErrorKind::Type, "cannot convert float infinity to integer");
    if (std::fabs(d) >= 9.2e18) fail(ErrorKind::Type, "integer overflow (Lugh's template integers are 64-bit)");
    return Value::integer(static_cast<int64_t>(d));
}

Value f_int(Evaluator&, const Value& in, const CallArgs& args) {
    Bound b(args, "int", {"default", "base"});
    const Value dflt = b.get(0, Value::integer(0));
    const Value base = b.get(1, Value::integer(10));
    if (in.is_string()) {
        int64_t v;
        if (base.is_integral() && parse_int(in.str(), base.as_int(), &v)) return Value::integer(v);
        double d;
        if (parse_float(in.str(), &d) && !std::isnan(d)) return float_to_int(d);
        return dflt;
    }
    if (in.is_integral()) return Value::integer(in.as_int());
    if (in.is_float()) return std::isnan(in.as_float()) ? dflt : float_to_int(in.as_float());
    return dflt;
}

Value f_float(Evaluator&, const Value& in, const CallArgs& args) {
    Bound b(args, "float", {"default"});
    if (in.is_number()) return Value::number(in.as_float());
    double d;
    if (in.is_string() && parse_float(in.str(), &d)) return Value::number(d);
    return b.get(0, Value::number(0.0));
}

Value f_abs(Evaluator&, const Value& in, const CallArgs& args) {
    no_arguments(args, "abs");
    if (in.is_integral()) {
        if (in.as_int() == INT64_MIN) fail(ErrorKind::Type, "integer overflow (Lugh's template integers are 64-bit)");
        return Value::integer(in.as_int() < 0 ? -in.as_int() : in.as_int());
    }
    if (in.is_float()) return Value::number(std::fabs(in.as_float()));
    if (in.is_undefined()) undefined_error(in);
    type_error(std::string("bad operand type for abs(): '") + in.type_name() + "'");
}

Value f_round(Evaluator&, const Value& in, const CallArgs& args) {
    Bound b(args, "round", {"precision", "method"});
    const Value prec = b.get(0, Value::integer(0));
    const std::string method = py_str(b.get(1, Value::string("common")));
    if (method != "common" && method != "ceil" && method != "floor")
        fail(ErrorKind::Type, "method must be common, ceil or floor");
    if (in.is_undefined()) undefined_error(in);
    if (!in.is_number()) type_error(std::string("type ") + in.type_name() + " doesn't define __round__ method");
    if (!prec.is_integral()) type_error(std::string("'") + prec.type_name() + "' object cannot be interpreted as an integer");
    const int64_t p = std::max<int64_t>(-400, std::min<int64_t>(prec.as_int(), 400));
    if (method == "common") {
        if (in.is_integral()) {
            if (p >= 0) return Value::integer(in.as_int());
            const double scale = std::pow(10.0, static_cast<double>(-p));
            return Value::integer(static_cast<int64_t>(std::nearbyint(static_cast<double>(in.as_int()) / scale) * scale));
        }
        const double x = in.as_float();
        if (!std::isfinite(x)) return Value::number(x);
        if (p >= 0) {
            // printf rounds the exact binary value, half to even: what Python's round does.
            char buf[512];
            std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(std::min<int64_t>(p, 300)), x);
            return Value::number(std::strtod(buf, nullptr));
        }
        const double scale = std::pow(10.0, static_cast<double>(-p));
        return Value::number(std::nearbyint(x / scale) * scale);
    }
    const double scale = std::pow(10.0, static_cast<double>(p));
    const double x = in.as_float() * scale;
    return Value::number((method == "ceil" ? std::ceil(x) : std::floor(x)) / scale);
}

Value f_default(Evaluator&, const Value& in, const CallArgs& args) {
    Bound b(args, "default", {"default_value", "boolean"});
    if (in.is_undefined() || (b.get(1, Value::boolean(false)).truthy() && !in.truthy()))
        return b.get(0, Value::string(""));
    return in;
}

Value f_attr(Evaluator&, const Value& in, const CallArgs& args) {
    Bound b(args, "attr", {"name"}, 1);
    const std::string name = py_str(b[0]);
    if (in.is_undefined()) undefined_error(in);
    Value out;
    if (python_attribute(in, name, &out)) return out;
    return missing_attribute(in, name);
}

const FilterEntry kTextFilters[] = {
    {"trim", f_trim},          {"upper", f_upper},       {"lower", f_lower},       {"capitalize", f_capitalize},
    {"title", f_title},        {"replace", f_replace},   {"indent", f_indent},     {"center", f_center},
    {"truncate", f_truncate},  {"wordcount", f_wordcount}, {"string", f_string},   {"safe", f_safe},
    {"escape", f_escape},      {"e", f_escape},          {"forceescape", f_forceescape}, {"striptags", f_striptags},
    {"format", f_format},      {"tojson", f_tojson},     {"int", f_int},           {"float", f_float},
    {"abs", f_abs},            {"round", f_round},       {"default", f_default},   {"d", f_default},
    {"attr", f_attr},
};

}  // namespace

FilterFn find_text_filter(const std::string& name) {
    for (const auto& f : kTextFilters)
        if (name == f.name) return f.fn;
    return nullptr;
}

}  // namespace lugh::chat
