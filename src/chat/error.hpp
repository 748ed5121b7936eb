// Throwing template errors from inside the engine. The evaluator knows where
// it is (Position) and attaches the line when the error leaves the render.
#pragma once

#include <string>

#include "lugh/chat.hpp"

namespace lugh::chat {

// An error raised while rendering; the render fills in the line.
struct RenderError {
    ErrorKind kind;
    std::string message;
};

[[noreturn]] inline void fail(ErrorKind kind, std::string message) { throw RenderError{kind, std::move(message)}; }
[[noreturn]] inline void type_error(std::string message) { fail(ErrorKind::Type, std::move(message)); }

}  // namespace lugh::chat
