// Where a tensor's bytes lie in its file: the one checked computation that
// every reader uses (the C loader, lugh::gguf::File::tensor_data, loading by
// copy, by mapping and metadata-only, and so Perl and the tools).
//
// A tensor's bytes are [data_offset + offset, data_offset + offset + nbytes)
// of the file. The parser refuses a file where that sum overflows; a reader
// refuses a tensor whose end lies past the end of the file it has, before it
// sizes an arena or forms a pointer.
#pragma once

#include <cstddef>
#include <string>

#include "gguf/metadata.hpp"

namespace lugh::gguf {

struct FileRange {
    size_t begin;   // file offset of the tensor's first byte
    size_t size;    // its nbytes
};

// The range of t, a tensor of meta (parsed: data_offset is set); false when
// the sum overflows size_t.
bool tensor_file_range(const Metadata& meta, const TensorRecord& t, FileRange* out);

// The range of t, which must lie inside a file of file_size bytes: otherwise
// throws lugh::Error ("lugh: gguf: <source>: tensor '<name>' needs bytes A..B
// of the file, but the file has N bytes").
FileRange tensor_bytes_in_file(const Metadata& meta, const TensorRecord& t, size_t file_size,
                               const std::string& source);

// Throws (as above, for the first tensor that does not fit) unless every
// tensor's bytes lie inside a file of file_size bytes. A file written with
// only_meta has no data section: it can be parsed, but not loaded in any mode.
void require_data_present(const Metadata& meta, size_t file_size, const std::string& source);

}  // namespace lugh::gguf
