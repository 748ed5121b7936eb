// The GGUF parser. Every file is hostile input: each count and length is
// checked against the bytes that remain before anything is allocated for it,
// so memory use stays within a small multiple of the file's size, and every
// size and offset is computed with overflow checks.
#pragma once

#include <cstddef>
#include <string>

#include "gguf/file_range.hpp"   // require_data_present: what loading checks besides
#include "gguf/metadata.hpp"

namespace lugh::gguf {

// Parse a whole file held in memory. `source` names it in messages. Throws
// lugh::Error ("lugh: gguf: <source>: ...") on: a bad magic or version, a
// count or length larger than the file can hold, an unknown value or tensor
// type, a nested array, an empty or duplicate key or one with a NUL byte, a
// bad general.alignment, a duplicate, empty or too long tensor name or one
// with a NUL byte, n_dims outside 1..4, a size that overflows, a misaligned
// offset, a tensor whose place in the file overflows, or overlapping tensors.
// Whether the file holds the tensors' bytes is checked by whoever loads them
// (file_range.hpp).
Metadata parse(const unsigned char* bytes, size_t size, const std::string& source);

}  // namespace lugh::gguf
