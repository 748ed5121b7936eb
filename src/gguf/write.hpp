// Writing a GGUF file from Metadata whose tensor infos point at their bytes.
#pragma once

#include <string>

#include "gguf/metadata.hpp"

namespace lugh::gguf {

// Header, keys, infos, padding and (unless only_meta) every tensor's bytes,
// each padded to the alignment; a tensor with data == nullptr is written as
// zeros. Written through core::OutputFile: a temporary file renamed into
// place when whole, so on any error (lugh::Error naming caller and path) the
// destination is as it was, and a device is written in place, never removed.
void write_file(const Metadata& meta, const std::string& path, bool only_meta, const char* caller);

}  // namespace lugh::gguf
