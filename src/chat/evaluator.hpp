// Rendering a parsed template: scopes, the render budget, expression
// evaluation (eval_expr.cpp), statements (exec_stmt.cpp) and calls
// (macros, builtins, methods; call.cpp).
//
// Scoping follows jinja2: the template's top level, every loop iteration,
// every macro call, `with` and call blocks have their own scope; `if` has
// none. A name is looked up through the chain of enclosing scopes at the
// time it is used, so a macro sees variables its defining scope sets later.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chat/ast.hpp"
#include "chat/error.hpp"
#include "chat/value.hpp"

namespace lugh::chat {

struct CallArgs {
    ValueList positional;
    std::vector<std::pair<std::string, Value>> keywords;
    const Value* keyword(const std::string& name) const;
};

struct Scope {
    std::shared_ptr<Scope> parent;
    std::vector<std::pair<std::string, Value>> vars;
    const Value* find(const std::string& name) const;
    void set(const std::string& name, Value value);
};

// Counts the work of one render against Limits.
class Budget {
public:
    explicit Budget(const Limits& limits) : limits_(limits) {}
    void step(uint64_t n = 1) {
        steps_ += n;
        if (steps_ > limits_.max_steps) exceeded_steps();
    }
    // A new string or list of this many bytes was built.
    void allocate(size_t bytes) {
        allocated_ += bytes;
        if (allocated_ > limits_.max_allocated_bytes) exceeded_memory();
    }
    const Limits& limits() const { return limits_; }

private:
    [[noreturn]] void exceeded_steps() const;
    [[noreturn]] void exceeded_memory() const;
    Limits limits_;
    uint64_t steps_ = 0;
    size_t allocated_ = 0;
};

// A callable value: macros, builtins, bound methods, caller().
class Callable : public Object {
public:
    bool callable() const override { return true; }
    virtual Value call(class Evaluator& ev, const CallArgs& args) = 0;
};

// namespace(): the one mutable object templates have.
class Namespace : public Object {
public:
    Dict attrs;
    const char* type_name() const override { return "Namespace"; }
    std::string text(int depth) const override;
    void release() override { attrs.entries.clear(); }
};

enum class Flow { Normal, Break, Continue };

class Evaluator {
public:
    Evaluator(const Template& tmpl, const Limits& limits, std::time_t now);
    ~Evaluator();

    // Render the template with these top-level variables.
    std::string render(const Dict& variables);

    // Expressions (eval_expr.cpp).
    Value eval(const Expr& e);
    Value lookup(const std::string& name) const;
    Value get_attr(const Value& obj, const std::string& name);
    Value get_item(const Value& obj, const Value& key);

    // Calls (call.cpp).
    Value call(const Value& callee, const CallArgs& args);
    Value filter(const std::string& name, const Value& input, const CallArgs& args);
    bool test(const std::string& name, const Value& input, const CallArgs& args);
    bool has_test(const std::string& name) const;

    // Statements (exec_stmt.cpp).
    Flow exec(const Body& body);
    // Render a body into a string in the given scope.
    std::string capture(const Body& body, std::shared_ptr<Scope> scope);
    void emit(const std::string& text);

    Budget& budget() { return budget_; }
    std::time_t now() const { return now_; }
    const std::string& template_name() const { return tmpl_.name; }
    // Objects that may hold references to themselves: released after the render.
    void track(std::shared_ptr<Object> o) { tracked_.push_back(std::move(o)); }
    // Macro and recursive-loop depth.
    void enter_call();
    void leave_call() { --depth_; }
    std::shared_ptr<Scope>& scope() { return scope_; }
    void set_position(int line, int column) { line_ = line, column_ = column; }
    int line() const { return line_; }
    int column() const { return column_; }
    // A string result of this many bytes is about to be built: check it against the limits.
    void check_size(size_t bytes);
    // Renders a for loop over iterable into a string (recursive loop(...) calls).
    std::string capture_loop(const Stmt& s, const Value& iterable, int depth0);

private:
    const Template& tmpl_;
    Budget budget_;
    std::time_t now_;
    std::shared_ptr<Scope> globals_, scope_;
    std::string* out_ = nullptr;
    int depth_ = 0;
    int line_ = 0, column_ = 0;
    std::vector<std::shared_ptr<Object>> tracked_;
    // C++ recursion depth of eval/exec, bounded so that no template can exhaust the stack.
    int nesting_ = 0;
    friend class NestingGuard;

    // Runs render() with the output going to a new string, and returns it.
    template <class Render>
    std::string capture_output(Render render);
    Value eval_call(const Expr& e);
    CallArgs eval_args(const Expr& e);
    Value eval_compare(const Expr& e);
    Value eval_slice(const Expr& e);
    void assign(const Target& target, const Value& value);
    Flow exec_stmt(const Stmt& s);
    Flow exec_if(const Stmt& s);
    Flow exec_for(const Stmt& s);
    void run_loop(const Stmt& s, const Value& iterable, int depth0);
    void exec_macro(const Stmt& s);
    void exec_call_block(const Stmt& s);
    void exec_set_block(const Stmt& s);
    void exec_filter_block(const Stmt& s);
    Flow exec_with(const Stmt& s);
    Value apply_filter_chain(const Expr& chain, Value input);
};

// Bound on eval/exec recursion: deep enough for any real template, shallow
// enough for the stack of any thread (and of sanitizer builds).
constexpr int kMaxNesting = 1500;

class NestingGuard {
public:
    explicit NestingGuard(Evaluator& ev) : ev_(ev) {
        if (++ev_.nesting_ > kMaxNesting) {
            --ev_.nesting_;
            fail(ErrorKind::Limit, "the template nests too deeply (more than " + std::to_string(kMaxNesting) +
                                       " levels of statements, expressions and calls)");
        }
    }
    ~NestingGuard() { --ev_.nesting_; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

private:
    Evaluator& ev_;
};

// Scope guard: runs with a new scope, restores the previous one.
class ScopeGuard {
public:
    ScopeGuard(Evaluator& ev, std::shared_ptr<Scope> scope) : ev_(ev), saved_(std::move(ev.scope())) {
        ev.scope() = std::move(scope);
    }
    ~ScopeGuard() { ev_.scope() = std::move(saved_); }
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;

private:
    Evaluator& ev_;
    std::shared_ptr<Scope> saved_;
};

inline std::shared_ptr<Scope> child_scope(const std::shared_ptr<Scope>& parent) {
    auto s = std::make_shared<Scope>();
    s->parent = parent;
    return s;
}

}  // namespace lugh::chat
