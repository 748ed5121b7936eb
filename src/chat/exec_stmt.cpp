// Statements: output, if, for (loop variable, filter, else, recursion,
// break/continue), set (names, tuples, namespace attributes, blocks), macro,
// call blocks, filter blocks, with; and the render entry point.
#include "chat/evaluator.hpp"
#include "chat/objects.hpp"
#include "chat/operators.hpp"
#include "chat/value_text.hpp"

namespace lugh::chat {

const Value* Scope::find(const std::string& name) const {
    for (const auto& [k, v] : vars)
        if (k == name) return &v;
    return nullptr;
}

void Scope::set(const std::string& name, Value value) {
    for (auto& [k, v] : vars) {
        if (k == name) {
            v = std::move(value);
            return;
        }
    }
    vars.emplace_back(name, std::move(value));
}

void Budget::exceeded_steps() const {
    fail(ErrorKind::Limit, "the template ran for more than " + std::to_string(limits_.max_steps) + " steps");
}

void Budget::exceeded_memory() const {
    fail(ErrorKind::Limit, "the template built more than " + std::to_string(limits_.max_allocated_bytes) +
                               " bytes of strings and lists");
}

Evaluator::Evaluator(const Template& tmpl, const Limits& limits, std::time_t now)
    : tmpl_(tmpl), budget_(limits), now_(now) {}

Evaluator::~Evaluator() {
    // Macros close over scopes that hold them, namespaces may hold themselves:
    // drop every such reference so the render leaves nothing behind.
    for (auto& o : tracked_) o->release();
}

void Evaluator::enter_call() {
    if (++depth_ > budget_.limits().max_depth) {
        --depth_;
        fail(ErrorKind::Limit, "recursion deeper than " + std::to_string(budget_.limits().max_depth) +
                                   " macro or loop calls");
    }
}

void Evaluator::check_size(size_t bytes) {
    if (bytes > budget_.limits().max_output_bytes)
        fail(ErrorKind::Limit, "a string of " + std::to_string(bytes) + " bytes exceeds the output limit of " +
                                   std::to_string(budget_.limits().max_output_bytes) + " bytes");
    budget_.allocate(bytes);
}

void Evaluator::emit(const std::string& text) {
    budget_.step();
    if (out_->size() + text.size() > budget_.limits().max_output_bytes)
        fail(ErrorKind::Limit, "the output exceeds the limit of " + std::to_string(budget_.limits().max_output_bytes) +
                                   " bytes");
    out_->append(text);
}

std::string Evaluator::render(const Dict& variables) {
    globals_ = std::make_shared<Scope>();
    for (const auto& [k, v] : variables.entries) globals_->set(k.str(), v);
    scope_ = child_scope(globals_);
    std::string out;
    out_ = &out;
    exec(tmpl_.body);
    out_ = nullptr;
    return out;
}

template <class Render>
std::string Evaluator::capture_output(Render render) {
    std::string buf;
    std::string* saved = out_;
    out_ = &buf;
    try {
        render();
    } catch (...) {
        out_ = saved;
        throw;
    }
    out_ = saved;
    budget_.allocate(buf.size());
    return buf;
}

std::string Evaluator::capture(const Body& body, std::shared_ptr<Scope> scope) {
    return capture_output([&] {
        if (scope) {
            ScopeGuard guard(*this, std::move(scope));
            exec(body);
        } else {
            exec(body);
        }
    });
}

Flow Evaluator::exec(const Body& body) {
    for (const auto& s : body) {
        const Flow f = exec_stmt(*s);
        if (f != Flow::Normal) return f;
    }
    return Flow::Normal;
}

void Evaluator::assign(const Target& t, const Value& value) {
    switch (t.kind) {
        case Target::Kind::Name: scope_->set(t.name, value); return;
        case Target::Kind::NamespaceAttr: {
            const Value ns = lookup(t.name);
            auto* n = ns.is_object() ? dynamic_cast<Namespace*>(ns.obj()) : nullptr;
            if (!n) type_error("cannot assign attribute on non-namespace object");
            n->attrs.set(t.attr, value);
            return;
        }
        case Target::Kind::Tuple: {
            const ValueList items = iterate(value);
            if (items.size() < t.items.size())
                fail(ErrorKind::Type, "not enough values to unpack (expected " + std::to_string(t.items.size()) +
                                          ", got " + std::to_string(items.size()) + ")");
            if (items.size() > t.items.size())
                fail(ErrorKind::Type, "too many values to unpack (expected " + std::to_string(t.items.size()) + ")");
            for (size_t i = 0; i < items.size(); ++i) assign(t.items[i], items[i]);
            return;
        }
    }
}

Flow Evaluator::exec_stmt(const Stmt& s) {
    NestingGuard nest(*this);
    budget_.step();
    set_position(s.line, s.column);
    switch (s.kind) {
        case StmtKind::Text: emit(s.text); return Flow::Normal;
        case StmtKind::Print: {
            if (s.expr) emit(py_str(eval(*s.expr), budget_.limits().max_depth));
            for (const auto& e : s.values) emit(py_str(eval(*e), budget_.limits().max_depth));
            return Flow::Normal;
        }
        case StmtKind::If: return exec_if(s);
        case StmtKind::For: return exec_for(s);
        case StmtKind::Set: {
            const Value v = eval(*s.expr);
            set_position(s.line, s.column);
            assign(s.target, v);
            return Flow::Normal;
        }
        case StmtKind::SetBlock: exec_set_block(s); return Flow::Normal;
        case StmtKind::Macro: exec_macro(s); return Flow::Normal;
        case StmtKind::CallBlock: exec_call_block(s); return Flow::Normal;
        case StmtKind::FilterBlock: exec_filter_block(s); return Flow::Normal;
        case StmtKind::With: return exec_with(s);
        case StmtKind::Scope: {
            ScopeGuard guard(*this, child_scope(scope_));
            return exec(s.body);
        }
        case StmtKind::Break: return Flow::Break;
        case StmtKind::Continue: return Flow::Continue;
    }
    return Flow::Normal;
}

Flow Evaluator::exec_if(const Stmt& s) {
    for (size_t i = 0; i < s.conditions.size(); ++i)
        if (eval(*s.conditions[i]).truthy()) return exec(s.bodies[i]);
    return exec(s.else_body);
}

Flow Evaluator::exec_for(const Stmt& s) {
    const Value iterable = eval(*s.expr);
    set_position(s.line, s.column);
    run_loop(s, iterable, 0);
    return Flow::Normal;
}

void Evaluator::run_loop(const Stmt& s, const Value& iterable, int depth0) {
    ValueList all = iterate(iterable);
    budget_.step(all.size());
    budget_.allocate(all.size() * sizeof(Value));
    if (s.filter) {
        ValueList kept;
        for (auto& item : all) {
            ScopeGuard guard(*this, child_scope(scope_));
            assign(s.target, item);
            if (eval(*s.filter).truthy()) kept.push_back(std::move(item));
        }
        all = std::move(kept);
    }
    const auto items = std::make_shared<const ValueList>(std::move(all));
    if (items->empty()) {
        ScopeGuard guard(*this, child_scope(scope_));
        exec(s.else_body);
        return;
    }
    auto info = std::make_shared<LoopInfo>(items, &s, scope_, depth0);
    track(info);
    const Value loop_value = Value::object(info);
    for (size_t i = 0; i < items->size(); ++i) {
        info->set_index(i);
        ScopeGuard guard(*this, child_scope(scope_));
        scope_->set("loop", loop_value);
        assign(s.target, (*items)[i]);
        if (exec(s.body) == Flow::Break) break;
    }
}

std::string Evaluator::capture_loop(const Stmt& s, const Value& iterable, int depth0) {
    return capture_output([&] { run_loop(s, iterable, depth0); });
}

void Evaluator::exec_macro(const Stmt& s) {
    auto m = std::make_shared<Macro>(&s, scope_, s.name);
    track(m);
    scope_->set(s.name, Value::object(std::move(m)));
}

void Evaluator::exec_call_block(const Stmt& s) {
    auto caller = std::make_shared<Macro>(&s, scope_, "caller");
    track(caller);
    const Expr& call_expr = *s.expr;
    const Value callee = eval(*call_expr.items[0]);
    CallArgs args = eval_args(call_expr);
    args.keywords.emplace_back("caller", Value::object(std::move(caller)));
    set_position(s.line, s.column);
    emit(py_str(call(callee, args), budget_.limits().max_depth));
}

Value Evaluator::apply_filter_chain(const Expr& chain, Value input) {
    // The chain is Filter(Filter(null, f1), f2)...: apply from the innermost.
    if (chain.items[0]) input = apply_filter_chain(*chain.items[0], std::move(input));
    const CallArgs args = eval_args(chain);
    set_position(chain.line, chain.column);
    return filter(chain.name, input, args);
}

void Evaluator::exec_set_block(const Stmt& s) {
    Value v = Value::string(capture(s.body, child_scope(scope_)));
    if (s.expr) v = apply_filter_chain(*s.expr, v);
    set_position(s.line, s.column);
    assign(s.target, v);
}

void Evaluator::exec_filter_block(const Stmt& s) {
    const Value body = Value::string(capture(s.body, child_scope(scope_)));
    emit(py_str(apply_filter_chain(*s.expr, body), budget_.limits().max_depth));
}

Flow Evaluator::exec_with(const Stmt& s) {
    ValueList values;
    for (const auto& v : s.values) values.push_back(eval(*v));
    ScopeGuard guard(*this, child_scope(scope_));
    for (size_t i = 0; i < s.targets.size(); ++i) assign(s.targets[i], values[i]);
    return exec(s.body);
}

}  // namespace lugh::chat
