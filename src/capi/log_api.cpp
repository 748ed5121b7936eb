// ggml_log_set / ggml_log_get and the one place Lugh's messages leave it.
//
// The callback and its user_data change together, so they are kept as one
// pair under a mutex; a message copies the pair out and calls the callback
// with the lock released (a callback may log, or set another callback).
#include <cstdarg>
#include <cstdio>
#include <mutex>

#include "capi/log.hpp"

namespace {

void log_to_stderr(ggml_log_level level, const char* text, void* user_data) {
    (void)level;
    (void)user_data;
    std::fputs(text, stderr);
    std::fflush(stderr);
}

struct Logger {
    std::mutex mutex;
    ggml_log_callback callback = log_to_stderr;
    void* user_data = nullptr;
};

Logger& logger() {
    static Logger instance;
    return instance;
}

}  // namespace

namespace lugh::capi {

void log_text(ggml_log_level level, const char* text) {
    ggml_log_callback callback;
    void* user_data;
    {
        std::lock_guard<std::mutex> lock(logger().mutex);
        callback = logger().callback;
        user_data = logger().user_data;
    }
    char line[1024];
    std::snprintf(line, sizeof line, "%s\n", text);
    callback(level, line, user_data);
}

void log_message(ggml_log_level level, const char* fmt, ...) {
    char text[1000];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    log_text(level, text);
}

}  // namespace lugh::capi

extern "C" {

void ggml_log_set(ggml_log_callback log_callback, void* user_data) {
    std::lock_guard<std::mutex> lock(logger().mutex);
    logger().callback = log_callback ? log_callback : log_to_stderr;
    logger().user_data = log_callback ? user_data : nullptr;
}

void ggml_log_get(ggml_log_callback* log_callback, void** user_data) {
    std::lock_guard<std::mutex> lock(logger().mutex);
    if (log_callback) *log_callback = logger().callback;
    if (user_data) *user_data = logger().user_data;
}

}  // extern "C"
