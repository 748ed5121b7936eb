// jinja2's tests (`x is defined`, `x is divisibleby 3`, `x is sameas none` ...).
#include <cmath>

#include "chat/filters.hpp"
#include "chat/objects.hpp"
#include "chat/operators.hpp"
#include "chat/py_string.hpp"
#include "chat/signature.hpp"
#include "chat/value_text.hpp"
#include "util/utf8.hpp"

namespace lugh::chat {

namespace {

bool is_generator(const Value& v) { return v.is_object() && dynamic_cast<Generator*>(v.obj()); }

const Value& one_arg(const CallArgs& args, const char* what) {
    if (args.positional.size() + args.keywords.size() != 1)
        type_error(std::string(what) + "() takes exactly one argument");
    return args.positional.empty() ? args.keywords[0].second : args.positional[0];
}

Value mod2(Evaluator& ev, const Value& v) {
    if (!v.is_number()) {
        if (v.is_undefined()) undefined_error(v);
        if (v.is_string()) type_error("not all arguments converted during string formatting");
        type_error(std::string("unsupported operand type(s) for %: '") + v.type_name() + "' and 'int'");
    }
    return binary_op(ev, BinOp::Mod, v, Value::integer(2));
}

bool t_defined(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "defined"), !v.is_undefined(); }
bool t_undefined(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "undefined"), v.is_undefined(); }
bool t_none(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "none"), v.is_none(); }
bool t_boolean(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "boolean"), v.is_bool(); }
bool t_true(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "true"), v.is_bool() && v.as_bool(); }
bool t_false(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "false"), v.is_bool() && !v.as_bool(); }
bool t_integer(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "integer"), v.is_int(); }
bool t_float(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "float"), v.is_float(); }
bool t_number(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "number"), v.is_number(); }
bool t_string(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "string"), v.is_string(); }
bool t_mapping(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "mapping"), v.is_dict(); }
bool t_escaped(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "escaped"), v.is_safe(); }

bool t_iterable(Evaluator&, const Value& v, const CallArgs& a) {
    no_arguments(a, "iterable");
    return v.is_string() || v.is_list() || v.is_dict() || v.is_undefined() || is_generator(v);
}

bool t_sequence(Evaluator&, const Value& v, const CallArgs& a) {
    no_arguments(a, "sequence");
    return v.is_string() || v.is_list() || v.is_dict() || v.is_undefined();
}

bool t_callable(Evaluator&, const Value& v, const CallArgs& a) {
    no_arguments(a, "callable");
    return v.is_undefined() || (v.is_object() && v.obj()->callable());
}

bool t_odd(Evaluator& ev, const Value& v, const CallArgs& a) {
    no_arguments(a, "odd");
    return equal(mod2(ev, v), Value::integer(1));
}

bool t_even(Evaluator& ev, const Value& v, const CallArgs& a) {
    no_arguments(a, "even");
    return equal(mod2(ev, v), Value::integer(0));
}

bool t_divisibleby(Evaluator& ev, const Value& v, const CallArgs& a) {
    Bound b(a, "divisibleby", {"num"}, 1);
    return equal(binary_op(ev, BinOp::Mod, v, b[0]), Value::integer(0));
}

bool t_lower(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "lower"), py_cased_as(py_str(v), true); }
bool t_upper(Evaluator&, const Value& v, const CallArgs& a) { return no_arguments(a, "upper"), py_cased_as(py_str(v), false); }

// Python's `is`: singletons and small ints by value, containers and objects by identity.
bool t_sameas(Evaluator&, const Value& v, const CallArgs& a) {
    const Value& o = one_arg(a, "sameas");
    if (v.kind() != o.kind()) return false;
    switch (v.kind()) {
        case Kind::None: return true;
        case Kind::Bool: return v.as_bool() == o.as_bool();
        case Kind::Int: return v.as_int() == o.as_int() && v.as_int() >= -5 && v.as_int() <= 256;
        case Kind::String: return v.str() == o.str();
        case Kind::List: return &v.items() == &o.items();
        case Kind::Dict: return &v.dict() == &o.dict();
        case Kind::Object: return v.obj() == o.obj();
        default: return false;
    }
}

bool t_in(Evaluator&, const Value& v, const CallArgs& a) { return contains(one_arg(a, "in"), v); }
bool t_eq(Evaluator&, const Value& v, const CallArgs& a) { return equal(v, one_arg(a, "eq")); }
bool t_ne(Evaluator&, const Value& v, const CallArgs& a) { return !equal(v, one_arg(a, "ne")); }
bool t_lt(Evaluator&, const Value& v, const CallArgs& a) { return compare(CmpOp::Lt, v, one_arg(a, "lt")); }
bool t_le(Evaluator&, const Value& v, const CallArgs& a) { return compare(CmpOp::Le, v, one_arg(a, "le")); }
bool t_gt(Evaluator&, const Value& v, const CallArgs& a) { return compare(CmpOp::Gt, v, one_arg(a, "gt")); }
bool t_ge(Evaluator&, const Value& v, const CallArgs& a) { return compare(CmpOp::Ge, v, one_arg(a, "ge")); }

bool t_filter(Evaluator&, const Value& v, const CallArgs& a) {
    no_arguments(a, "filter");
    return v.is_string() && (find_text_filter(v.str()) || find_seq_filter(v.str()));
}

bool t_test(Evaluator&, const Value& v, const CallArgs& a) {
    no_arguments(a, "test");
    return v.is_string() && find_test(v.str());
}

const TestEntry kTests[] = {
    {"defined", t_defined},   {"undefined", t_undefined}, {"none", t_none},         {"boolean", t_boolean},
    {"true", t_true},         {"false", t_false},         {"integer", t_integer},   {"float", t_float},
    {"number", t_number},     {"string", t_string},       {"mapping", t_mapping},   {"iterable", t_iterable},
    {"sequence", t_sequence}, {"callable", t_callable},   {"escaped", t_escaped},   {"odd", t_odd},
    {"even", t_even},         {"divisibleby", t_divisibleby}, {"lower", t_lower},   {"upper", t_upper},
    {"sameas", t_sameas},     {"in", t_in},               {"eq", t_eq},             {"equalto", t_eq},
    {"==", t_eq},             {"ne", t_ne},               {"!=", t_ne},             {"lt", t_lt},
    {"lessthan", t_lt},       {"<", t_lt},                {"le", t_le},             {"<=", t_le},
    {"gt", t_gt},             {"greaterthan", t_gt},      {">", t_gt},              {"ge", t_ge},
    {">=", t_ge},             {"filter", t_filter},       {"test", t_test},
};

}  // namespace

TestFn find_test(const std::string& name) {
    for (const auto& t : kTests)
        if (name == t.name) return t.fn;
    return nullptr;
}

}  // namespace lugh::chat
