// jinja2's filters and tests, by name. Text and number filters are in
// filters_text.cpp, sequence filters in filters_seq.cpp, tests in
// jinja_tests.cpp.
#pragma once

#include <string>

#include "chat/evaluator.hpp"

namespace lugh::chat {

using FilterFn = Value (*)(Evaluator& ev, const Value& input, const CallArgs& args);
using TestFn = bool (*)(Evaluator& ev, const Value& input, const CallArgs& args);

struct FilterEntry {
    const char* name;
    FilterFn fn;
};
struct TestEntry {
    const char* name;
    TestFn fn;
};

// nullptr when there is no such filter / test.
FilterFn find_text_filter(const std::string& name);
FilterFn find_seq_filter(const std::string& name);
TestFn find_test(const std::string& name);

// Shared helpers.
// Python str() keeping Markup (jinja2's soft_str).
Value soft_str(const Value& v);
// item.attribute for map/select/sort: dotted parts, integer parts index, as jinja2's make_attrgetter.
Value get_attribute_path(Evaluator& ev, const Value& item, const Value& attribute);
// Python's attribute lookup (methods, namespace/loop attributes), no dict keys; false when absent.
bool python_attribute(const Value& obj, const std::string& name, Value* out);
// The Undefined a missing attribute gives: "'dict object' has no attribute 'x'".
Value missing_attribute(const Value& obj, const std::string& name);

}  // namespace lugh::chat
