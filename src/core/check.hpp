// Building and throwing lugh::Error messages, and overflow-checked size math.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "lugh/error.hpp"

namespace lugh::core {

// printf-style message, thrown as lugh::Error. Messages start with "lugh: ".
[[noreturn]] void fail(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// a*b and a+b, false when the result would not fit in size_t.
inline bool mul_overflows(size_t a, size_t b, size_t* out) { return __builtin_mul_overflow(a, b, out); }
inline bool add_overflows(size_t a, size_t b, size_t* out) { return __builtin_add_overflow(a, b, out); }

}  // namespace lugh::core
