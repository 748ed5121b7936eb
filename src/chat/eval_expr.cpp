// Expression evaluation: names, literals, attribute and item access with the
// sandbox's rules, slices, operators, and short-circuit logic.
#include <cmath>

#include "chat/evaluator.hpp"
#include "chat/filters.hpp"
#include "chat/methods.hpp"
#include "chat/objects.hpp"
#include "chat/operators.hpp"
#include "chat/value_text.hpp"
#include "util/utf8.hpp"

namespace lugh::chat {

namespace {

// Python's type as jinja2 names it in "has no attribute" messages.
std::string object_type_repr(const Value& v) {
    if (v.is_none()) return "None";
    if (v.is_object()) {
        const std::string t = v.type_name();
        if (t == "Namespace") return "jinja2.utils.Namespace object";
        if (t == "LoopContext") return "jinja2.runtime.LoopContext object";
        if (t == "Macro") return "jinja2.runtime.Macro object";
        return t + " object";
    }
    if (v.is_safe()) return "markupsafe.Markup object";
    return std::string(v.type_name()) + " object";
}

Value missing_element(const Value& obj, const Value& key) {
    if (key.is_string()) return missing_attribute(obj, key.str());
    return Value::undefined(object_type_repr(obj) + " has no element " + py_repr(key));
}

Value unsafe(const Value& obj, const std::string& name) {
    return Value::undefined("access to attribute '" + name + "' of '" + obj.type_name() + "' object is unsafe.");
}

}  // namespace

Value missing_attribute(const Value& obj, const std::string& name) {
    return Value::undefined("'" + object_type_repr(obj) + "' has no attribute '" + name + "'");
}

// Python's attribute lookup on a value: methods, namespace and loop attributes.
bool python_attribute(const Value& obj, const std::string& name, Value* out) {
    if (name.size() >= 2 && name[0] == '_' && name[1] == '_') {
        *out = unsafe(obj, name);
        return true;
    }
    switch (method_kind(obj, name)) {
        case MethodKind::Safe: *out = Value::object(std::make_shared<BoundMethod>(obj, name)); return true;
        case MethodKind::Unsafe: *out = unsafe(obj, name); return true;
        case MethodKind::None: break;
    }
    if (obj.is_number() && (name == "real" || name == "imag")) {
        *out = name == "real" ? (obj.is_float() ? obj : Value::integer(obj.as_int()))
                              : (obj.is_float() ? Value::number(0.0) : Value::integer(0));
        return true;
    }
    if (obj.is_object()) {
        if (obj.obj()->attribute(name, obj, out)) return true;
        if (auto* m = dynamic_cast<Macro*>(obj.obj())) {
            if (m->attribute(name, out)) return true;
        }
        if (auto* ns = dynamic_cast<Namespace*>(obj.obj())) {
            if (const Value* v = ns->attrs.find(name)) {
                *out = *v;
                return true;
            }
        } else if (auto* loop = dynamic_cast<LoopInfo*>(obj.obj())) {
            Value v = loop->attribute(name, obj);
            if (!v.is_undefined() || name == "previtem" || name == "nextitem") {
                *out = v;
                return true;
            }
        }
    }
    return false;
}

namespace {

// Python slice bounds for a sequence of length n.
void slice_bounds(int64_t n, const Value& start_v, const Value& stop_v, const Value& step_v, int64_t* start,
                  int64_t* stop, int64_t* step) {
    auto index = [](const Value& v) {
        if (v.is_undefined()) undefined_error(v);
        if (!v.is_integral())
            type_error("slice indices must be integers or None or have an __index__ method");
        return v.as_int();
    };
    *step = step_v.is_none() ? 1 : index(step_v);
    if (*step == 0) fail(ErrorKind::Type, "slice step cannot be zero");
    if (*step == INT64_MIN) *step = -INT64_MAX;
    auto adjust = [&](const Value& v, int64_t dflt, bool is_start) {
        if (v.is_none()) return dflt;
        int64_t i = index(v);
        if (i < 0) {
            i = i < -n ? (*step < 0 ? -1 : 0) : i + n;
        } else if (i >= n) {
            i = *step < 0 ? n - 1 : n;
        }
        (void)is_start;
        return i;
    };
    *start = adjust(start_v, *step < 0 ? n - 1 : 0, true);
    *stop = adjust(stop_v, *step < 0 ? -1 : n, false);
}

}  // namespace

Value Evaluator::lookup(const std::string& name) const {
    for (const Scope* s = scope_.get(); s; s = s->parent.get())
        if (const Value* v = s->find(name)) return *v;
    Value b = find_builtin(name);
    if (!b.is_undefined()) return b;
    return Value::undefined("'" + name + "' is undefined");
}

Value Evaluator::get_attr(const Value& obj, const std::string& name) {
    if (obj.is_undefined()) undefined_error(obj);
    Value out;
    if (python_attribute(obj, name, &out)) return out;
    if (obj.is_dict()) {
        if (const Value* v = obj.dict().find(name)) return *v;
    }
    return missing_attribute(obj, name);
}

Value Evaluator::get_item(const Value& obj, const Value& key) {
    if (obj.is_undefined()) undefined_error(obj);
    switch (obj.kind()) {
        case Kind::Dict:
            if (hashable(key)) {
                if (const Value* v = obj.dict().find(key)) return *v;
            }
            break;
        case Kind::List:
            if (key.is_integral()) {
                const auto n = static_cast<int64_t>(obj.items().size());
                int64_t i = key.as_int();
                if (i < 0) i += n;
                if (i >= 0 && i < n) return obj.items()[static_cast<size_t>(i)];
                return missing_element(obj, key);
            }
            break;
        case Kind::String:
            if (key.is_integral()) {
                const std::u32string cps = utf8::decode(obj.str());
                const auto n = static_cast<int64_t>(cps.size());
                int64_t i = key.as_int();
                if (i < 0) i += n;
                if (i >= 0 && i < n) return Value::string(utf8::encode(cps.substr(static_cast<size_t>(i), 1)));
                return missing_element(obj, key);
            }
            break;
        default: break;
    }
    if (key.is_string()) {
        Value out;
        if (python_attribute(obj, key.str(), &out)) return out;
    }
    return missing_element(obj, key);
}

// Python's slice object, as a tuple subscript holds it (a[1:2, 3]); no sequence accepts it.
class SliceObject : public Object {
public:
    explicit SliceObject(std::string text) : text_(std::move(text)) {}
    const char* type_name() const override { return "slice"; }
    std::string text(int) const override { return text_; }

private:
    std::string text_;
};

Value Evaluator::eval_slice(const Expr& e) {
    Value parts[3];
    if (!e.items[0]) {
        std::string text = "slice(";
        for (int i = 0; i < 3; ++i)
            text += (i ? ", " : "") + py_repr(e.items[i + 1] ? eval(*e.items[i + 1]) : Value::none());
        return Value::object(std::make_shared<SliceObject>(text + ")"));
    }
    const Value obj = eval(*e.items[0]);
    for (int i = 0; i < 3; ++i) parts[i] = e.items[i + 1] ? eval(*e.items[i + 1]) : Value::none();
    set_position(e.line, e.column);
    if (obj.is_undefined()) undefined_error(obj);
    // jinja2's getitem turns Python's TypeError for a bad slice into an Undefined.
    auto bad_index = [](const Value& v) { return !v.is_none() && !v.is_integral(); };
    if ((!obj.is_list() && !obj.is_string()) || bad_index(parts[0]) || bad_index(parts[1]) || bad_index(parts[2])) {
        std::string text = "slice(";
        for (int i = 0; i < 3; ++i) text += (i ? ", " : "") + py_repr(parts[i]);
        return Value::undefined(object_type_repr(obj) + " has no element " + text + ")");
    }
    const std::u32string cps = obj.is_string() ? utf8::decode(obj.str()) : std::u32string();
    const auto n = static_cast<int64_t>(obj.is_string() ? cps.size() : obj.items().size());
    int64_t start, stop, step;
    slice_bounds(n, parts[0], parts[1], parts[2], &start, &stop, &step);
    std::vector<size_t> picked;
    if (step > 0) {
        for (int64_t i = start; i < stop; i += step) {
            picked.push_back(static_cast<size_t>(i));
            if (i > INT64_MAX - step) break;
        }
    } else {
        for (int64_t i = start; i > stop; i += step) {
            picked.push_back(static_cast<size_t>(i));
            if (i < INT64_MIN - step) break;
        }
    }
    budget_.step(picked.size());
    if (obj.is_string()) {
        std::u32string out;
        for (size_t i : picked) out.push_back(cps[i]);
        std::string s = utf8::encode(out);
        check_size(s.size());
        return Value::string(std::move(s), obj.is_safe());
    }
    budget_.allocate(picked.size() * sizeof(Value));
    ValueList out;
    out.reserve(picked.size());
    for (size_t i : picked) out.push_back(obj.items()[i]);
    return obj.is_tuple() ? Value::tuple(std::move(out)) : Value::list(std::move(out));
}

Value Evaluator::eval_compare(const Expr& e) {
    Value left = eval(*e.items[0]);
    for (size_t i = 0; i < e.ops.size(); ++i) {
        Value right = eval(*e.items[i + 1]);
        set_position(e.line, e.column);
        if (!compare(e.ops[i], left, right)) return Value::boolean(false);
        left = std::move(right);
    }
    return Value::boolean(true);
}

Value Evaluator::eval(const Expr& e) {
    NestingGuard nest(*this);
    budget_.step();
    set_position(e.line, e.column);
    switch (e.kind) {
        case ExprKind::Literal: return e.literal;
        case ExprKind::Name: return lookup(e.name);
        case ExprKind::List:
        case ExprKind::Tuple: {
            ValueList items;
            items.reserve(e.items.size());
            for (const auto& item : e.items) items.push_back(eval(*item));
            budget_.allocate(items.size() * sizeof(Value));
            return e.kind == ExprKind::List ? Value::list(std::move(items)) : Value::tuple(std::move(items));
        }
        case ExprKind::DictLit: {
            Dict d;
            for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
                Value key = eval(*e.items[i]);
                Value value = eval(*e.items[i + 1]);
                set_position(e.items[i]->line, e.items[i]->column);
                d.set(key, std::move(value));
            }
            budget_.allocate(d.size() * 2 * sizeof(Value));
            return Value::dict(std::move(d));
        }
        case ExprKind::Attr: {
            const Value obj = eval(*e.items[0]);
            set_position(e.line, e.column);
            return get_attr(obj, e.name);
        }
        case ExprKind::Item: {
            const Value obj = eval(*e.items[0]);
            const Value key = eval(*e.items[1]);
            set_position(e.line, e.column);
            return get_item(obj, key);
        }
        case ExprKind::Slice: return eval_slice(e);
        case ExprKind::Call: return eval_call(e);
        case ExprKind::Filter: {
            const Value input = eval(*e.items[0]);
            const CallArgs args = eval_args(e);
            set_position(e.line, e.column);
            return filter(e.name, input, args);
        }
        case ExprKind::Test: {
            const Value input = eval(*e.items[0]);
            const CallArgs args = eval_args(e);
            set_position(e.line, e.column);
            return Value::boolean(test(e.name, input, args));
        }
        case ExprKind::Neg: {
            const Value v = eval(*e.items[0]);
            set_position(e.line, e.column);
            return negate(v);
        }
        case ExprKind::Pos: {
            const Value v = eval(*e.items[0]);
            set_position(e.line, e.column);
            return unary_plus(v);
        }
        case ExprKind::Not: return Value::boolean(!eval(*e.items[0]).truthy());
        case ExprKind::Binary: {
            const Value a = eval(*e.items[0]);
            const Value b = eval(*e.items[1]);
            set_position(e.line, e.column);
            return binary_op(*this, e.op, a, b);
        }
        case ExprKind::And: {
            Value a = eval(*e.items[0]);
            return a.truthy() ? eval(*e.items[1]) : a;
        }
        case ExprKind::Or: {
            Value a = eval(*e.items[0]);
            return a.truthy() ? a : eval(*e.items[1]);
        }
        case ExprKind::Concat: {
            std::string s;
            for (const auto& item : e.items) {
                s += py_str(eval(*item), budget_.limits().max_depth);
                check_size(s.size());
            }
            return Value::string(std::move(s));
        }
        case ExprKind::Compare: return eval_compare(e);
        case ExprKind::Cond: {
            if (eval(*e.items[0]).truthy()) return eval(*e.items[1]);
            if (e.items[2]) return eval(*e.items[2]);
            return Value::undefined("the inline if-expression on line " + std::to_string(e.line) +
                                    " evaluated to false and no else section was defined.");
        }
    }
    return Value();
}

}  // namespace lugh::chat
