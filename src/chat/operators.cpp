#include "chat/operators.hpp"

#include <cmath>

#include "chat/evaluator.hpp"
#include "chat/objects.hpp"
#include "chat/printf_format.hpp"
#include "util/utf8.hpp"

namespace lugh::chat {

namespace {

const char* symbol(BinOp op) {
    switch (op) {
        case BinOp::Add: return "+";
        case BinOp::Sub: return "-";
        case BinOp::Mul: return "*";
        case BinOp::Div: return "/";
        case BinOp::FloorDiv: return "//";
        case BinOp::Mod: return "%";
        case BinOp::Pow: return "** or pow()";
    }
    return "?";
}

[[noreturn]] void unsupported(BinOp op, const Value& a, const Value& b) {
    type_error(std::string("unsupported operand type(s) for ") + symbol(op) + ": '" + a.type_name() + "' and '" +
               b.type_name() + "'");
}

[[noreturn]] void overflow() { fail(ErrorKind::Type, "integer overflow (Lugh's template integers are 64-bit)"); }

Value int_op(BinOp op, int64_t a, int64_t b) {
    int64_t r;
    switch (op) {
        case BinOp::Add:
            if (__builtin_add_overflow(a, b, &r)) overflow();
            return Value::integer(r);
        case BinOp::Sub:
            if (__builtin_sub_overflow(a, b, &r)) overflow();
            return Value::integer(r);
        case BinOp::Mul:
            if (__builtin_mul_overflow(a, b, &r)) overflow();
            return Value::integer(r);
        case BinOp::Div:
            if (b == 0) fail(ErrorKind::Type, "division by zero");
            return Value::number(static_cast<double>(a) / static_cast<double>(b));
        case BinOp::FloorDiv: {
            if (b == 0) fail(ErrorKind::Type, "integer division or modulo by zero");
            if (a == INT64_MIN && b == -1) overflow();
            int64_t q = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
            return Value::integer(q);
        }
        case BinOp::Mod: {
            if (b == 0) fail(ErrorKind::Type, "integer modulo by zero");
            if (b == -1) return Value::integer(0);
            int64_t m = a % b;
            if (m != 0 && ((m < 0) != (b < 0))) m += b;
            return Value::integer(m);
        }
        case BinOp::Pow: {
            if (b < 0) return Value::number(std::pow(static_cast<double>(a), static_cast<double>(b)));
            int64_t result = 1, base = a;
            uint64_t e = static_cast<uint64_t>(b);
            while (e) {
                if (e & 1)
                    if (__builtin_mul_overflow(result, base, &result)) overflow();
                e >>= 1;
                if (e && __builtin_mul_overflow(base, base, &base)) overflow();
            }
            return Value::integer(result);
        }
    }
    return Value();
}

Value float_op(BinOp op, double a, double b) {
    switch (op) {
        case BinOp::Add: return Value::number(a + b);
        case BinOp::Sub: return Value::number(a - b);
        case BinOp::Mul: return Value::number(a * b);
        case BinOp::Div:
            if (b == 0) fail(ErrorKind::Type, "float division by zero");
            return Value::number(a / b);
        case BinOp::FloorDiv:
        case BinOp::Mod: {
            if (b == 0) fail(ErrorKind::Type, op == BinOp::Mod ? "float modulo" : "float floor division by zero");
            double mod = std::fmod(a, b);
            double div = (a - mod) / b;
            if (mod != 0) {
                if ((b < 0) != (mod < 0)) {
                    mod += b;
                    div -= 1.0;
                }
            } else {
                mod = std::copysign(0.0, b);
            }
            if (op == BinOp::Mod) return Value::number(mod);
            double floordiv;
            if (div != 0) {
                floordiv = std::floor(div);
                if (div - floordiv > 0.5) floordiv += 1.0;
            } else {
                floordiv = std::copysign(0.0, a / b);
            }
            return Value::number(floordiv);
        }
        case BinOp::Pow:
            if (a == 0 && b < 0) fail(ErrorKind::Type, "0.0 cannot be raised to a negative power");
            if (a < 0 && b != std::floor(b)) type_error("complex numbers are not supported");
            return Value::number(std::pow(a, b));
    }
    return Value();
}

Value repeat(Evaluator& ev, const Value& seq, int64_t n) {
    if (n < 0) n = 0;
    if (seq.is_string()) {
        const size_t bytes = seq.str().size();
        if (bytes && static_cast<uint64_t>(n) > ev.budget().limits().max_allocated_bytes / bytes)
            fail(ErrorKind::Limit, "string repetition exceeds the render's memory limit");
        ev.check_size(bytes * static_cast<size_t>(n));
        std::string out;
        out.reserve(bytes * static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) out += seq.str();
        return Value::string(std::move(out), seq.is_safe());
    }
    const size_t count = seq.items().size();
    if (count && static_cast<uint64_t>(n) > ev.budget().limits().max_allocated_bytes / (count * sizeof(Value)))
        fail(ErrorKind::Limit, "list repetition exceeds the render's memory limit");
    ev.budget().allocate(count * static_cast<size_t>(n) * sizeof(Value));
    ev.budget().step(count * static_cast<size_t>(n));
    ValueList out;
    out.reserve(count * static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) out.insert(out.end(), seq.items().begin(), seq.items().end());
    return seq.is_tuple() ? Value::tuple(std::move(out)) : Value::list(std::move(out));
}

}  // namespace

std::string html_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '\'': out += "&#39;"; break;
            case '"': out += "&#34;"; break;
            default: out += c;
        }
    }
    return out;
}

void undefined_error(const Value& v) {
    const std::string& msg = v.str();
    fail(msg.rfind("access to attribute", 0) == 0 ? ErrorKind::Security : ErrorKind::Undefined, msg);
}

Value binary_op(Evaluator& ev, BinOp op, const Value& a, const Value& b) {
    if (a.is_undefined()) undefined_error(a);
    if (b.is_undefined()) undefined_error(b);
    if (a.is_number() && b.is_number()) {
        if (a.is_integral() && b.is_integral()) return int_op(op, a.as_int(), b.as_int());
        return float_op(op, a.as_float(), b.as_float());
    }
    switch (op) {
        case BinOp::Add:
            if (a.is_string() && b.is_string()) {
                const bool safe = a.is_safe() || b.is_safe();
                const std::string left = (safe && !a.is_safe()) ? html_escape(a.str()) : a.str();
                const std::string right = (safe && !b.is_safe()) ? html_escape(b.str()) : b.str();
                ev.check_size(left.size() + right.size());
                return Value::string(left + right, safe);
            }
            if (a.is_list() && b.is_list() && a.is_tuple() == b.is_tuple()) {
                ev.budget().allocate((a.items().size() + b.items().size()) * sizeof(Value));
                ev.budget().step(a.items().size() + b.items().size());
                ValueList out = a.items();
                out.insert(out.end(), b.items().begin(), b.items().end());
                return a.is_tuple() ? Value::tuple(std::move(out)) : Value::list(std::move(out));
            }
            if (a.is_string() || a.is_list())
                type_error(std::string("can only concatenate ") + a.type_name() + " (not \"" + b.type_name() +
                           "\") to " + a.type_name());
            break;
        case BinOp::Mul:
            if ((a.is_string() || a.is_list()) && b.is_integral()) return repeat(ev, a, b.as_int());
            if ((b.is_string() || b.is_list()) && a.is_integral()) return repeat(ev, b, a.as_int());
            if (a.is_string() || a.is_list() || b.is_string() || b.is_list())
                type_error(std::string("can't multiply sequence by non-int of type '") +
                           ((a.is_string() || a.is_list()) ? b.type_name() : a.type_name()) + "'");
            break;
        case BinOp::Mod:
            if (a.is_string()) {
                std::string s = percent_format(ev, a.str(), b);
                ev.check_size(s.size());
                return Value::string(std::move(s), a.is_safe());
            }
            break;
        default: break;
    }
    unsupported(op, a, b);
}

Value negate(const Value& v) {
    if (v.is_undefined()) undefined_error(v);
    if (v.is_integral()) {
        if (v.as_int() == INT64_MIN) overflow();
        return Value::integer(-v.as_int());
    }
    if (v.is_float()) return Value::number(-v.as_float());
    type_error(std::string("bad operand type for unary -: '") + v.type_name() + "'");
}

Value unary_plus(const Value& v) {
    if (v.is_undefined()) undefined_error(v);
    if (v.is_integral()) return Value::integer(v.as_int());
    if (v.is_float()) return v;
    type_error(std::string("bad operand type for unary +: '") + v.type_name() + "'");
}

int order(const Value& a, const Value& b, const char* op) {
    if (a.is_undefined()) undefined_error(a);
    if (b.is_undefined()) undefined_error(b);
    if (a.is_number() && b.is_number()) {
        if (a.is_integral() && b.is_integral()) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int();
        const double x = a.as_float(), y = b.as_float();
        return x < y ? -1 : x > y ? 1 : 0;   // NaN compares as "equal": neither < nor >
    }
    if (a.is_string() && b.is_string()) {
        const int c = a.str().compare(b.str());   // UTF-8 byte order is code point order
        return c < 0 ? -1 : c > 0;
    }
    if (a.is_list() && b.is_list() && a.is_tuple() == b.is_tuple()) {
        const auto& x = a.items();
        const auto& y = b.items();
        for (size_t i = 0; i < x.size() && i < y.size(); ++i)
            if (!equal(x[i], y[i])) return order(x[i], y[i], op);
        return x.size() < y.size() ? -1 : x.size() > y.size();
    }
    type_error(std::string("'") + op + "' not supported between instances of '" + a.type_name() + "' and '" +
               b.type_name() + "'");
}

bool compare(CmpOp op, const Value& a, const Value& b) {
    switch (op) {
        case CmpOp::Eq: return equal(a, b);
        case CmpOp::Ne: return !equal(a, b);
        case CmpOp::In: return contains(b, a);
        case CmpOp::NotIn: return !contains(b, a);
        default: break;
    }
    const char* sym = op == CmpOp::Lt ? "<" : op == CmpOp::Le ? "<=" : op == CmpOp::Gt ? ">" : ">=";
    // NaN: every ordering is false.
    if (a.is_number() && b.is_number() && (std::isnan(a.as_float()) || std::isnan(b.as_float())) &&
        !(a.is_integral() && b.is_integral()))
        return false;
    const int c = order(a, b, sym);
    switch (op) {
        case CmpOp::Lt: return c < 0;
        case CmpOp::Le: return c <= 0;
        case CmpOp::Gt: return c > 0;
        default: return c >= 0;
    }
}

bool contains(const Value& container, const Value& item) {
    switch (container.kind()) {
        case Kind::String:
            if (!item.is_string())
                type_error(std::string("'in <string>' requires string as left operand, not ") + item.type_name());
            return container.str().find(item.str()) != std::string::npos;
        case Kind::List:
            for (const auto& v : container.items())
                if (equal(v, item)) return true;
            return false;
        case Kind::Dict:
            if (!hashable(item)) type_error(std::string("unhashable type: '") + item.type_name() + "'");
            return container.dict().find(item) != nullptr;
        case Kind::Undefined: return false;
        case Kind::Object:
            if (dynamic_cast<Generator*>(container.obj())) {
                for (const auto& v : iterate(container))
                    if (equal(v, item)) return true;
                return false;
            }
            [[fallthrough]];
        default:
            type_error(std::string("argument of type '") + container.type_name() + "' is not iterable");
    }
}

ValueList iterate(const Value& v) {
    switch (v.kind()) {
        case Kind::List: return v.items();
        case Kind::Dict: {
            ValueList keys;
            keys.reserve(v.dict().size());
            for (const auto& [k, item] : v.dict().entries) keys.push_back(k);
            return keys;
        }
        case Kind::String: {
            ValueList chars;
            std::string one;
            for (char32_t c : utf8::decode(v.str())) {
                one.clear();
                utf8::append(one, c);
                chars.push_back(Value::string(one));
            }
            return chars;
        }
        case Kind::Undefined: return {};
        case Kind::Object:
            if (auto* g = dynamic_cast<Generator*>(v.obj())) return g->take();
            [[fallthrough]];
        default: type_error(std::string("'") + v.type_name() + "' object is not iterable");
    }
}

}  // namespace lugh::chat
