// Python's printf-style `%` formatting ("%s", "%05.2f", "%(name)s" ...) for
// the `%` operator on strings and the `format` filter, and str.format()'s
// "{}" fields for the format method.
#pragma once

#include <string>

#include "chat/value.hpp"

namespace lugh::chat {

class Evaluator;
struct CallArgs;

// fmt % args, args being a tuple (positional), a dict (named) or one value.
std::string percent_format(Evaluator& ev, const std::string& fmt, const Value& args);
// fmt.format(*args, **kwargs) for "{}", "{0}", "{name}", "{x.attr}", "{x[0]}" with a format spec.
std::string brace_format(Evaluator& ev, const std::string& fmt, const CallArgs& args);

}  // namespace lugh::chat
