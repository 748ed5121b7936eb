// Values as Python prints them: str() for output and string conversion,
// repr() inside containers ("['a', 1, None]", "{'k': True}", "(1,)").
#pragma once

#include <string>

#include "chat/value.hpp"

namespace lugh::chat {

// Python str(v); Undefined gives "". Nested containers deeper than max_depth are an error.
std::string py_str(const Value& v, int max_depth = 200);
// Python repr(v).
std::string py_repr(const Value& v, int max_depth = 200);
// repr() of a str alone: quotes chosen and characters escaped as Python does.
std::string repr_string(const std::string& s);

}  // namespace lugh::chat
