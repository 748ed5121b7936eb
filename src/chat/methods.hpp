// The methods templates call on values: str (strip, split, startswith,
// replace, format ...), list (count, index, copy), dict (get, items, keys,
// values, copy) and loop (cycle, changed). The sandbox refuses mutating
// methods (append, pop, update ...) as jinja2's immutable sandbox does.
#pragma once

#include <string>

#include "chat/evaluator.hpp"

namespace lugh::chat {

enum class MethodKind { None, Safe, Unsafe };

// Whether obj has a Python attribute called name that is a method, and whether the sandbox allows it.
MethodKind method_kind(const Value& obj, const std::string& name);
// Calls obj.name(args).
Value call_method(Evaluator& ev, const Value& obj, const std::string& name, const CallArgs& args);

}  // namespace lugh::chat
