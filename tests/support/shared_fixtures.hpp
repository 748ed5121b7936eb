// The fixtures shared beside the project (models, vocabularies, chat
// templates with their reference outputs): found at $LUGH_SHARED_DIR, or at
// ../shared next to the source tree. Tests that need them skip, with a
// message, when they are absent; they never fail for that.
//
//     TEST(Vocab, MatchesReference) {
//         LUGH_SHARED_OR_SKIP(dir, "vocab");       // const std::string dir, or the test skips
//         ...
//     }
#pragma once

#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

namespace lugh::test {

// The shared folder (no trailing slash), whether or not it exists.
inline std::string shared_dir() {
    const char* env = std::getenv("LUGH_SHARED_DIR");
    if (env && *env) return env;
#ifdef LUGH_SOURCE_DIR
    return std::string(LUGH_SOURCE_DIR) + "/../shared";
#else
    return "../shared";
#endif
}

// shared_dir()/sub if it exists, else "".
inline std::string shared_path(const std::string& sub) {
    const std::string path = shared_dir() + "/" + sub;
    struct stat st;
    return stat(path.c_str(), &st) == 0 ? path : std::string();
}

}  // namespace lugh::test

// Declares `const std::string var` = shared_dir()/sub, or skips the current test.
#define LUGH_SHARED_OR_SKIP(var, sub)                                                              \
    const std::string var = ::lugh::test::shared_path(sub);                                        \
    if (var.empty())                                                                               \
    GTEST_SKIP() << "shared fixture " << (sub) << " not found under " << ::lugh::test::shared_dir() \
                 << " (set LUGH_SHARED_DIR to point elsewhere)"
