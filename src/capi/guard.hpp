// How the C API reports errors and checks its arguments.
//
// The core throws lugh::Error; each C entry point runs its work through
// guarded(), which turns the exception into the C contract: one line on
// stderr (or the user's abort callback), then abort(). The message is copied
// out and the catch block left before the callback runs, so a callback that
// longjmps away leaks nothing.
//
// Arguments are checked before the core sees them: pointers with
// need(ptr, fn, "tensor"), enums with enum_number() (see below).
#pragma once

#include <cstdio>
#include <cstring>
#include <exception>

#include "core/check.hpp"

namespace lugh::capi {

[[noreturn]] void abort_with(const char* message);

template <typename F>
auto guarded(F&& work) -> decltype(work()) {
    char message[1024];
    try {
        return work();
    } catch (const std::exception& e) {
        std::snprintf(message, sizeof message, "%s", e.what());
    } catch (...) {
        std::snprintf(message, sizeof message, "lugh: internal error (unknown exception)");
    }
    abort_with(message);
}

// p, or lugh::Error "lugh: <fn>: <what> is NULL". Call inside guarded().
template <typename T>
T* need(T* p, const char* fn, const char* what) {
    if (!p) core::fail("lugh: %s: %s is NULL", fn, what);
    return p;
}

// The number a C caller passed for an enum. C code may pass any int where
// an enum is expected, and loading an out-of-range value through the C++
// enum type is undefined, so entry points read it as the integer it is,
// check it, and only then convert.
template <typename E>
int enum_number(const E& value) {
    static_assert(sizeof(E) == sizeof(int), "C enums are int-sized");
    int n;
    std::memcpy(&n, &value, sizeof n);
    return n;
}

// The enum value for `number`, or lugh::Error naming fn, what and the range.
template <typename E>
E checked_enum(int number, int count, const char* fn, const char* what) {
    if (number < 0 || number >= count) core::fail("lugh: %s: %s %d is not one of 0..%d", fn, what, number, count - 1);
    return static_cast<E>(number);
}

}  // namespace lugh::capi
