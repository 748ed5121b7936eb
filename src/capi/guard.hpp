// How the C API reports errors: the core throws lugh::Error; each C entry
// point runs its work through guarded(), which turns the exception into the
// C contract: one line on stderr (or the user's abort callback), then abort().
//
// The message is copied out and the catch block left before the callback
// runs, so a callback that longjmps away leaks nothing.
#pragma once

#include <cstdio>
#include <exception>

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

}  // namespace lugh::capi
