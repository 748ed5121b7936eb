// Binding call arguments to a Python-style parameter list, for filters,
// tests, methods and builtins: positional then keyword, with Python's errors
// for too many, unknown, repeated or missing arguments.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "chat/evaluator.hpp"

namespace lugh::chat {

class Bound {
public:
    Bound(const CallArgs& args, const std::string& what, std::initializer_list<const char*> names, size_t required = 0);
    bool has(size_t i) const { return given_[i]; }
    const Value& operator[](size_t i) const { return values_[i]; }
    // The argument, or fallback when absent.
    Value get(size_t i, Value fallback) const { return given_[i] ? values_[i] : fallback; }
    const std::string& what() const { return what_; }

private:
    std::string what_;
    std::vector<Value> values_;
    std::vector<bool> given_;
};

// Requires no arguments at all.
void no_arguments(const CallArgs& args, const std::string& what);

}  // namespace lugh::chat
