#include "chat/printf_format.hpp"

#include <cmath>
#include <cstdio>

#include "chat/evaluator.hpp"
#include "chat/operators.hpp"
#include "chat/value_text.hpp"
#include "util/utf8.hpp"

namespace lugh::chat {

namespace {

struct Spec {
    bool left = false, plus = false, space = false, alt = false, zero = false;
    int width = -1, precision = -1;
    char type = 's';
};

std::string pad(std::string body, const Spec& sp, bool numeric) {
    const size_t len = utf8::length(body);
    if (sp.width < 0 || len >= static_cast<size_t>(sp.width)) return body;
    const size_t n = static_cast<size_t>(sp.width) - len;
    if (sp.left) return body + std::string(n, ' ');
    if (sp.zero && numeric) {
        size_t sign = (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
        if (body.compare(sign, 2, "0x") == 0 || body.compare(sign, 2, "0X") == 0 || body.compare(sign, 2, "0o") == 0)
            sign += 2;
        return body.substr(0, sign) + std::string(n, '0') + body.substr(sign);
    }
    return std::string(n, ' ') + body;
}

std::string c_format(const Spec& sp, double v) {
    std::string f = "%";
    if (sp.plus) f += '+';
    if (sp.space) f += ' ';
    if (sp.alt) f += '#';
    if (sp.precision >= 0) f += "." + std::to_string(sp.precision > 300 ? 300 : sp.precision);
    f += sp.type;
    char buf[512];
    std::snprintf(buf, sizeof buf, f.c_str(), v);
    return buf;
}

std::string int_text(const Spec& sp, int64_t v) {
    const bool neg = v < 0;
    uint64_t u = neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    std::string digits;
    const int base = (sp.type == 'x' || sp.type == 'X') ? 16 : sp.type == 'o' ? 8 : 10;
    const char* set = sp.type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        digits.insert(digits.begin(), set[u % base]);
        u /= base;
    } while (u);
    if (sp.precision > 0 && digits.size() < static_cast<size_t>(sp.precision))
        digits.insert(0, static_cast<size_t>(sp.precision) - digits.size(), '0');
    if (sp.alt && base == 16) digits.insert(0, sp.type == 'X' ? "0X" : "0x");
    if (sp.alt && base == 8) digits.insert(0, "0o");
    return (neg ? "-" : sp.plus ? "+" : sp.space ? " " : "") + digits;
}

std::string convert(const Spec& sp, const Value& v) {
    switch (sp.type) {
        case 's':
        case 'r':
        case 'a': {
            std::string s = sp.type == 's' ? py_str(v) : py_repr(v);
            if (sp.precision >= 0) s = utf8::encode(utf8::decode(s).substr(0, static_cast<size_t>(sp.precision)));
            return pad(s, sp, false);
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            if (v.is_undefined()) undefined_error(v);
            if (!v.is_number())
                type_error(std::string("%") + sp.type + " format: " +
                           (sp.type == 'd' || sp.type == 'i' || sp.type == 'u' ? "a real number" : "an integer") +
                           " is required, not " + v.type_name());
            if (v.is_float() && (sp.type == 'x' || sp.type == 'X' || sp.type == 'o'))
                type_error(std::string("%") + sp.type + " format: an integer is required, not float");
            const double f = v.as_float();
            if (v.is_float() && (!std::isfinite(f) || std::fabs(f) >= 9.2e18))
                type_error("cannot convert float to a 64-bit integer");
            const int64_t i = v.is_float() ? static_cast<int64_t>(f) : v.as_int();
            return pad(int_text(sp, i), sp, true);
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G': {
            if (v.is_undefined()) undefined_error(v);
            if (!v.is_number()) type_error(std::string("must be real number, not ") + v.type_name());
            Spec s2 = sp;
            if (s2.precision < 0) s2.precision = 6;
            return pad(c_format(s2, v.as_float()), sp, true);
        }
        case 'c': {
            if (v.is_string() && utf8::length(v.str()) == 1) return pad(v.str(), sp, false);
            if (v.is_integral() && v.as_int() >= 0 && v.as_int() <= 0x10FFFF) {
                std::string s;
                utf8::append(s, static_cast<char32_t>(v.as_int()));
                return pad(s, sp, false);
            }
            type_error("%c requires int or char");
        }
        default: break;
    }
    type_error(std::string("unsupported format character '") + sp.type + "'");
}

}  // namespace

std::string percent_format(Evaluator& ev, const std::string& fmt, const Value& args) {
    ValueList positional;
    const Dict* named = nullptr;
    if (args.is_tuple()) {
        positional = args.items();
    } else if (args.is_dict()) {
        named = &args.dict();
        positional.push_back(args);
    } else {
        positional.push_back(args);
    }
    size_t next_arg = 0;
    bool used_named = false;
    auto take = [&]() -> const Value& {
        if (next_arg >= positional.size()) type_error("not enough arguments for format string");
        return positional[next_arg++];
    };
    std::string out;
    for (size_t i = 0; i < fmt.size(); ++i) {
        ev.budget().step();
        if (fmt[i] != '%') {
            out += fmt[i];
            continue;
        }
        if (++i >= fmt.size()) type_error("incomplete format");
        Spec sp;
        const Value* value = nullptr;
        if (fmt[i] == '(') {
            const size_t close = fmt.find(')', i);
            if (close == std::string::npos) type_error("incomplete format key");
            if (!named) type_error("format requires a mapping");
            const Value* v = named->find(fmt.substr(i + 1, close - i - 1));
            if (!v) type_error("KeyError: '" + fmt.substr(i + 1, close - i - 1) + "'");
            value = v;
            used_named = true;
            i = close + 1;
        }
        for (; i < fmt.size(); ++i) {
            const char c = fmt[i];
            if (c == '-') sp.left = true;
            else if (c == '+') sp.plus = true;
            else if (c == ' ') sp.space = true;
            else if (c == '#') sp.alt = true;
            else if (c == '0') sp.zero = true;
            else break;
        }
        auto number = [&](int* target) {
            if (i < fmt.size() && fmt[i] == '*') {
                const Value& w = take();
                if (!w.is_integral()) type_error("* wants int");
                *target = static_cast<int>(std::min<int64_t>(std::max<int64_t>(w.as_int(), -1000000), 1000000));
                ++i;
                return;
            }
            int n = -1;
            while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') {
                n = (n < 0 ? 0 : n) * 10 + (fmt[i++] - '0');
                if (n > 1000000) fail(ErrorKind::Limit, "format width too large");
            }
            if (n >= 0) *target = n;
        };
        number(&sp.width);
        if (sp.width < -1) sp.left = true, sp.width = -sp.width;
        if (i < fmt.size() && fmt[i] == '.') {
            ++i;
            sp.precision = 0;
            number(&sp.precision);
        }
        while (i < fmt.size() && (fmt[i] == 'l' || fmt[i] == 'h' || fmt[i] == 'L')) ++i;
        if (i >= fmt.size()) type_error("incomplete format");
        sp.type = fmt[i];
        if (sp.type == '%') {
            out += '%';
            continue;
        }
        const std::string piece = convert(sp, value ? *value : take());
        ev.check_size(out.size() + piece.size());
        out += piece;
    }
    if (!used_named && next_arg < positional.size() && !(named && positional.size() == 1))
        type_error("not all arguments converted during string formatting");
    return out;
}

std::string brace_format(Evaluator& ev, const std::string& fmt, const CallArgs& args) {
    std::string out;
    size_t auto_index = 0;
    for (size_t i = 0; i < fmt.size(); ++i) {
        ev.budget().step();
        const char c = fmt[i];
        if (c == '}') {
            if (i + 1 < fmt.size() && fmt[i + 1] == '}') ++i;
            else fail(ErrorKind::Type, "Single '}' encountered in format string");
            out += '}';
            continue;
        }
        if (c != '{') {
            out += c;
            continue;
        }
        if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
            out += '{';
            ++i;
            continue;
        }
        const size_t close = fmt.find('}', i);
        if (close == std::string::npos) fail(ErrorKind::Type, "Single '{' encountered in format string");
        std::string field = fmt.substr(i + 1, close - i - 1);
        i = close;
        std::string spec;
        const size_t colon = field.find(':');
        if (colon != std::string::npos) spec = field.substr(colon + 1), field.resize(colon);
        char conversion = 0;
        const size_t bang = field.find('!');
        if (bang != std::string::npos) {
            conversion = bang + 1 < field.size() ? field[bang + 1] : 0;
            field.resize(bang);
        }
        size_t name_end = field.find_first_of(".[");
        const std::string head = field.substr(0, name_end);
        Value v;
        if (head.empty() || (head.find_first_not_of("0123456789") == std::string::npos)) {
            const size_t index = head.empty() ? auto_index++ : std::stoul(head.substr(0, 9));
            if (index >= args.positional.size())
                fail(ErrorKind::Type, "Replacement index " + std::to_string(index) + " out of range for positional args tuple");
            v = args.positional[index];
        } else {
            const Value* k = args.keyword(head);
            if (!k) fail(ErrorKind::Type, "KeyError: '" + head + "'");
            v = *k;
        }
        while (name_end != std::string::npos && name_end < field.size()) {
            if (field[name_end] == '.') {
                const size_t e = field.find_first_of(".[", name_end + 1);
                v = ev.get_attr(v, field.substr(name_end + 1, e - name_end - 1));
                name_end = e;
            } else {
                const size_t e = field.find(']', name_end);
                if (e == std::string::npos) fail(ErrorKind::Type, "Missing ']' in format string");
                const std::string key = field.substr(name_end + 1, e - name_end - 1);
                const bool numeric = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
                v = ev.get_item(v, numeric ? Value::integer(std::stoll(key.substr(0, 18))) : Value::string(key));
                name_end = e + 1;
            }
        }
        std::string text;
        if (conversion == 'r' || conversion == 'a') {
            v = Value::string(py_repr(v));
        } else if (conversion == 's') {
            v = Value::string(py_str(v));
        }
        if (spec.empty()) {
            text = py_str(v);
        } else {
            // [[fill]align][sign][0][width][.precision][type]
            Spec sp;
            size_t k = 0;
            char fill = ' ', align = 0;
            if (spec.size() >= 2 && std::string("<>^=").find(spec[1]) != std::string::npos) {
                fill = spec[0], align = spec[1], k = 2;
            } else if (!spec.empty() && std::string("<>^=").find(spec[0]) != std::string::npos) {
                align = spec[0], k = 1;
            }
            if (k < spec.size() && (spec[k] == '+' || spec[k] == '-' || spec[k] == ' ')) {
                sp.plus = spec[k] == '+', sp.space = spec[k] == ' ';
                ++k;
            }
            if (k < spec.size() && spec[k] == '0') fill = '0', align = align ? align : '=', ++k;
            int width = 0;
            while (k < spec.size() && spec[k] >= '0' && spec[k] <= '9' && width < 1000000) width = width * 10 + (spec[k++] - '0');
            if (k < spec.size() && spec[k] == '.') {
                ++k;
                sp.precision = 0;
                while (k < spec.size() && spec[k] >= '0' && spec[k] <= '9' && sp.precision < 1000)
                    sp.precision = sp.precision * 10 + (spec[k++] - '0');
            }
            sp.type = k < spec.size() ? spec[k] : (v.is_string() ? 's' : v.is_float() ? 'g' : v.is_integral() ? 'd' : 's');
            if (v.is_float() && k >= spec.size() && sp.precision < 0) {
                text = py_str(v);
            } else {
                text = convert(sp, v);
            }
            const size_t len = utf8::length(text);
            if (static_cast<size_t>(width) > len) {
                const size_t n = static_cast<size_t>(width) - len;
                if (!align) align = (v.is_number() && !v.is_bool()) ? '>' : '<';
                std::string f;
                for (size_t j = 0; j < n; ++j) f += fill;
                if (align == '<') text += f;
                else if (align == '>') text = f + text;
                else if (align == '^') text = f.substr(0, n / 2) + text + f.substr(0, n - n / 2);
                else {
                    const size_t sign = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
                    text = text.substr(0, sign) + f + text.substr(sign);
                }
            }
        }
        ev.check_size(out.size() + text.size());
        out += text;
    }
    return out;
}

}  // namespace lugh::chat
