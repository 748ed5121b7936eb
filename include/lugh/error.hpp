// lugh::Error: the one exception type of the C++ API.
//
// Every failure in Lugh (arena full, bad shape, wrong number of values, use of
// a tensor whose context is gone, ...) throws lugh::Error with a message that
// names the operation, the context and the numbers involved. The object the
// failing call was made on stays usable: checks run before any state changes.
#pragma once

#include <stdexcept>
#include <string>

namespace lugh {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace lugh
