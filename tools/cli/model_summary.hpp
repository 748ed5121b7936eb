// What `lugh gguf-info` adds for a model file: its architecture and
// hyper-parameters as the engine reads them (or why it cannot run it).
#pragma once

#include <cstdio>

#include "lugh/gguf.hpp"

namespace lugh::tool {

// Prints a "model:" section when the file names an architecture; nothing otherwise.
void print_model_summary(const gguf::File& file, std::FILE* out = stdout);

}  // namespace lugh::tool
