// Writing a GGUF file from Metadata whose tensor infos point at their bytes.
#pragma once

#include <string>

#include "gguf/metadata.hpp"

namespace lugh::gguf {

// Header, keys, infos, padding and (unless only_meta) every tensor's bytes,
// each padded to the alignment; a tensor with data == nullptr is written as
// zeros. Throws lugh::Error naming caller and path on any I/O error (the
// partial file is removed).
void write_file(const Metadata& meta, const std::string& path, bool only_meta, const char* caller);

}  // namespace lugh::gguf
