// Python's operators on template values: arithmetic with int/float rules
// (true division, floor division and modulo rounding toward -inf, int
// overflow as an error), sequence repetition and concatenation, ordering,
// `in`, iteration, and Markup's escaping `+`.
#pragma once

#include <string>

#include "chat/ast.hpp"
#include "chat/value.hpp"

namespace lugh::chat {

class Evaluator;

Value binary_op(Evaluator& ev, BinOp op, const Value& a, const Value& b);
Value negate(const Value& v);
Value unary_plus(const Value& v);
// Python ordering a < b etc.; throws TypeError for unorderable values.
bool compare(CmpOp op, const Value& a, const Value& b);
// Sign of a - b for orderable values (used by sort, min, max); throws TypeError otherwise.
int order(const Value& a, const Value& b, const char* op = "<");
// Python `item in container`.
bool contains(const Value& container, const Value& item);
// Python iteration: list/tuple items, dict keys, string characters; Undefined is empty.
ValueList iterate(const Value& v);
// Fails with the message an Undefined value raises when used.
[[noreturn]] void undefined_error(const Value& undefined);
// HTML-escape as markupsafe does (& < > ' ").
std::string html_escape(const std::string& s);

}  // namespace lugh::chat
