// Calls: argument evaluation (*args, **kwargs), macros with jinja2's binding
// rules (defaults, varargs, kwargs, caller), bound methods, the loop object.
#include "chat/evaluator.hpp"
#include "chat/filters.hpp"
#include "chat/methods.hpp"
#include "chat/objects.hpp"
#include "chat/operators.hpp"
#include "chat/value_text.hpp"

namespace lugh::chat {

const Value* CallArgs::keyword(const std::string& name) const {
    for (const auto& [k, v] : keywords)
        if (k == name) return &v;
    return nullptr;
}

CallArgs Evaluator::eval_args(const Expr& e) {
    CallArgs args;
    for (const auto& a : e.args) {
        if (a.name.empty()) {
            args.positional.push_back(eval(*a.value));
        } else {
            args.keywords.emplace_back(a.name, eval(*a.value));
        }
    }
    if (e.star_args) {
        const Value extra = eval(*e.star_args);
        for (const auto& v : iterate(extra)) args.positional.push_back(v);
    }
    if (e.star_kwargs) {
        const Value extra = eval(*e.star_kwargs);
        if (!extra.is_dict()) type_error(std::string("argument after ** must be a mapping, not ") + extra.type_name());
        for (const auto& [k, v] : extra.dict().entries) {
            if (!k.is_string()) type_error("keywords must be strings");
            args.keywords.emplace_back(k.str(), v);
        }
    }
    budget_.step(args.positional.size() + args.keywords.size());
    return args;
}

Value Evaluator::eval_call(const Expr& e) {
    const Value callee = eval(*e.items[0]);
    const CallArgs args = eval_args(e);
    set_position(e.line, e.column);
    return call(callee, args);
}

Value Evaluator::call(const Value& callee, const CallArgs& args) {
    if (callee.is_undefined()) undefined_error(callee);
    if (!callee.is_object() || !callee.obj()->callable())
        type_error(std::string("'") + callee.type_name() + "' object is not callable");
    return static_cast<Callable*>(callee.obj())->call(*this, args);
}

Value Evaluator::filter(const std::string& name, const Value& input, const CallArgs& args) {
    if (FilterFn f = find_text_filter(name)) return f(*this, input, args);
    if (FilterFn f = find_seq_filter(name)) return f(*this, input, args);
    static const char* const unsupported[] = {"filesizeformat", "groupby", "pprint", "random", "slice",
                                              "urlencode", "urlize", "wordwrap", "xmlattr"};
    for (const char* u : unsupported)
        if (name == u) fail(ErrorKind::Unsupported, "the filter '" + name + "' is not supported");
    fail(ErrorKind::Syntax, "No filter named '" + name + "'.");
}

bool Evaluator::test(const std::string& name, const Value& input, const CallArgs& args) {
    if (TestFn t = find_test(name)) return t(*this, input, args);
    fail(ErrorKind::Syntax, "No test named '" + name + "'.");
}

bool Evaluator::has_test(const std::string& name) const { return find_test(name) != nullptr; }

Value BoundMethod::call(Evaluator& ev, const CallArgs& args) { return call_method(ev, self_, name_, args); }

Value Macro::call(Evaluator& ev, const CallArgs& args) {
    const bool is_caller = def_->kind == StmtKind::CallBlock;
    const auto& params = def_->params;
    auto scope = child_scope(closure_);
    // Positional arguments first, then keywords for the parameters left.
    std::vector<bool> bound(params.size(), false);
    for (size_t i = 0; i < params.size() && i < args.positional.size(); ++i) {
        scope->set(params[i].name, args.positional[i]);
        bound[i] = true;
    }
    std::vector<std::pair<std::string, Value>> extra_kw;
    Value caller;
    bool has_caller = false;
    for (const auto& [k, v] : args.keywords) {
        size_t i = 0;
        while (i < params.size() && params[i].name != k) ++i;
        if (i < params.size() && !bound[i] && args.positional.size() < params.size()) {
            scope->set(k, v);
            bound[i] = true;
        } else if (k == "caller" && def_->uses_caller && !has_caller) {
            caller = v;
            has_caller = true;
        } else {
            extra_kw.emplace_back(k, v);
        }
    }
    if (!def_->uses_kwargs && !extra_kw.empty()) {
        if (extra_kw[0].first == "caller")
            type_error("macro '" + name_ + "' was invoked with two values for the special caller argument. This is "
                       "most likely a bug.");
        type_error("macro '" + name_ + "' takes no keyword argument '" + extra_kw[0].first + "'");
    }
    if (!def_->uses_varargs && args.positional.size() > params.size())
        type_error("macro '" + name_ + "' takes not more than " + std::to_string(params.size()) + " argument(s)");
    ev.enter_call();
    struct Leave {
        Evaluator& ev;
        ~Leave() { ev.leave_call(); }
    } leave{ev};
    if (def_->uses_caller && !is_caller)
        scope->set("caller", has_caller ? caller : Value::undefined("No caller defined"));
    if (def_->uses_kwargs) {
        Dict kw;
        for (auto& [k, v] : extra_kw) kw.set(k, v);
        scope->set("kwargs", Value::dict(std::move(kw)));
    }
    if (def_->uses_varargs) {
        ValueList rest;
        for (size_t i = params.size(); i < args.positional.size(); ++i) rest.push_back(args.positional[i]);
        scope->set("varargs", Value::tuple(std::move(rest)));
    }
    // Defaults are evaluated in the macro's scope, so they may use earlier parameters.
    {
        ScopeGuard guard(ev, scope);
        for (size_t i = 0; i < params.size(); ++i) {
            if (bound[i]) continue;
            scope->set(params[i].name, params[i].default_value
                                           ? ev.eval(*params[i].default_value)
                                           : Value::undefined("parameter '" + params[i].name + "' was not provided"));
        }
    }
    return Value::string(ev.capture(def_->body, scope));
}

bool Macro::attribute(const std::string& name, Value* out) const {
    if (name == "name") {
        *out = Value::string(name_);
    } else if (name == "arguments") {
        ValueList names;
        for (const auto& p : def_->params) names.push_back(Value::string(p.name));
        *out = Value::tuple(std::move(names));
    } else if (name == "catch_kwargs") {
        *out = Value::boolean(def_->uses_kwargs);
    } else if (name == "catch_varargs") {
        *out = Value::boolean(def_->uses_varargs);
    } else if (name == "caller") {
        *out = Value::boolean(def_->uses_caller);
    } else {
        return false;
    }
    return true;
}

Value LoopInfo::attribute(const std::string& name, const Value& self) const {
    (void)self;
    const auto n = static_cast<int64_t>(items_ ? items_->size() : 0);
    const auto i = static_cast<int64_t>(index0_);
    if (name == "index") return Value::integer(i + 1);
    if (name == "index0") return Value::integer(i);
    if (name == "revindex") return Value::integer(n - i);
    if (name == "revindex0") return Value::integer(n - i - 1);
    if (name == "first") return Value::boolean(i == 0);
    if (name == "last") return Value::boolean(i == n - 1);
    if (name == "length") return Value::integer(n);
    if (name == "depth") return Value::integer(depth0_ + 1);
    if (name == "depth0") return Value::integer(depth0_);
    if (name == "previtem") {
        if (i > 0 && items_) return (*items_)[static_cast<size_t>(i - 1)];
        return Value::undefined("there is no previous item");
    }
    if (name == "nextitem") {
        if (i + 1 < n && items_) return (*items_)[static_cast<size_t>(i + 1)];
        return Value::undefined("there is no next item");
    }
    return Value::undefined("'jinja2.runtime.LoopContext object' has no attribute '" + name + "'");
}

Value LoopInfo::cycle(const CallArgs& args) const {
    if (args.positional.empty()) type_error("no items for cycling given");
    return args.positional[index0_ % args.positional.size()];
}

Value LoopInfo::changed(const CallArgs& args) {
    const Value now = Value::tuple(args.positional);
    if (has_changed_ && equal(now, last_changed_)) return Value::boolean(false);
    has_changed_ = true;
    last_changed_ = now;
    return Value::boolean(true);
}

Value LoopInfo::call(Evaluator& ev, const CallArgs& args) {
    if (!stmt_->recursive)
        type_error("The loop must have the 'recursive' marker to be called recursively.");
    if (args.positional.size() != 1 || !args.keywords.empty()) type_error("loop() takes exactly one argument");
    ev.enter_call();
    struct Leave {
        Evaluator& ev;
        ~Leave() { ev.leave_call(); }
    } leave{ev};
    // The recursive call renders the loop body again, in the scope around the loop.
    ScopeGuard guard(ev, outer_);
    return Value::string(ev.capture_loop(*stmt_, args.positional[0], depth0_ + 1));
}

std::string Namespace::text(int depth) const {
    Dict copy = attrs;
    return "<Namespace " + py_str(Value::dict(std::move(copy)), depth) + ">";
}

}  // namespace lugh::chat
