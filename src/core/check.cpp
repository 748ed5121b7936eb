#include "core/check.hpp"

#include <cstdarg>
#include <cstdio>

namespace lugh::core {

void fail(const char* fmt, ...) {
    char buf[768];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    throw Error(buf);
}

}  // namespace lugh::core
