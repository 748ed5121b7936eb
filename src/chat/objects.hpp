// The callable and stateful objects a render creates: macros (and the
// caller of a call block), builtin functions, bound methods ("a".upper), and
// the `loop` variable of a for loop.
#pragma once

#include <memory>
#include <string>

#include "chat/evaluator.hpp"

namespace lugh::chat {

// A {% macro %} (or the body of a {% call %} block, as `caller`).
class Macro : public Callable {
public:
    Macro(const Stmt* def, std::shared_ptr<Scope> closure, std::string name)
        : def_(def), closure_(std::move(closure)), name_(std::move(name)) {}
    const char* type_name() const override { return "Macro"; }
    std::string text(int) const override { return "<Macro '" + name_ + "'>"; }
    Value call(Evaluator& ev, const CallArgs& args) override;
    void release() override { closure_.reset(); }
    const std::string& name() const { return name_; }
    // macro.name, .arguments, .catch_kwargs, .catch_varargs, .caller; false for other names.
    bool attribute(const std::string& name, Value* out) const;

private:
    const Stmt* def_;
    std::shared_ptr<Scope> closure_;
    std::string name_;
};

using BuiltinFn = Value (*)(Evaluator& ev, const CallArgs& args);

// A global function (range, namespace, raise_exception, strftime_now ...).
class Builtin : public Callable {
public:
    Builtin(const char* name, BuiltinFn fn) : name_(name), fn_(fn) {}
    const char* type_name() const override { return "function"; }
    std::string text(int) const override { return std::string("<function ") + name_ + ">"; }
    Value call(Evaluator& ev, const CallArgs& args) override { return fn_(ev, args); }

private:
    const char* name_;
    BuiltinFn fn_;
};

// obj.name before it is called: "abc".upper, d.items, loop.cycle.
class BoundMethod : public Callable {
public:
    BoundMethod(Value self, std::string name) : self_(std::move(self)), name_(std::move(name)) {}
    const char* type_name() const override { return "builtin_function_or_method"; }
    std::string text(int) const override {
        return "<built-in method " + name_ + " of " + self_.type_name() + " object>";
    }
    Value call(Evaluator& ev, const CallArgs& args) override;
    void release() override { self_ = Value(); }

private:
    Value self_;
    std::string name_;
};

// The `loop` variable: position in the loop, neighbours, cycle(), changed(),
// and loop(items) for recursive loops.
class LoopInfo : public Callable {
public:
    LoopInfo(std::shared_ptr<const ValueList> items, const Stmt* stmt, std::shared_ptr<Scope> outer, int depth0)
        : items_(std::move(items)), stmt_(stmt), outer_(std::move(outer)), depth0_(depth0) {}
    const char* type_name() const override { return "LoopContext"; }
    std::string text(int) const override {
        return "<LoopContext " + std::to_string(index0_ + 1) + "/" + std::to_string(items_ ? items_->size() : 0) + ">";
    }
    bool callable() const override { return true; }
    Value call(Evaluator& ev, const CallArgs& args) override;
    void release() override { outer_.reset(), items_.reset(), last_changed_ = Value(); }

    void set_index(size_t index0) { index0_ = index0; }
    // loop.<name>; Undefined for unknown names.
    Value attribute(const std::string& name, const Value& self) const;
    Value cycle(const CallArgs& args) const;
    Value changed(const CallArgs& args);

private:
    std::shared_ptr<const ValueList> items_;
    const Stmt* stmt_;
    std::shared_ptr<Scope> outer_;
    int depth0_;
    size_t index0_ = 0;
    bool has_changed_ = false;
    Value last_changed_;
};

// What map, select, selectattr, unique, batch, items and reverse return in
// jinja2: a one-shot iterator. It is always true, prints as a generator,
// cannot be indexed or reversed, and is empty once consumed.
class Generator : public Object {
public:
    Generator(ValueList items, const char* type = "generator") : items_(std::move(items)), type_(type) {}
    const char* type_name() const override { return type_; }
    std::string text(int) const override { return std::string("<") + type_ + " object>"; }
    // The remaining items; the generator is exhausted afterwards.
    ValueList take() {
        ValueList out = std::move(items_);
        items_.clear();
        return out;
    }
    void release() override { items_.clear(); }

private:
    ValueList items_;
    const char* type_;
};

// A new generator, tracked by the render (released when it ends).
Value make_generator(Evaluator& ev, ValueList items, const char* type = "generator");

// The global functions a template sees (range, dict, namespace, joiner,
// raise_exception, strftime_now), looked up by name.
Value find_builtin(const std::string& name);

}  // namespace lugh::chat
