#include "gguf/file_range.hpp"

#include <cinttypes>

#include "core/check.hpp"

namespace lugh::gguf {

static_assert(sizeof(size_t) >= sizeof(uint64_t), "file offsets are 64-bit");

bool tensor_file_range(const Metadata& meta, const TensorRecord& t, FileRange* out) {
    size_t begin = 0, end = 0;
    if (core::add_overflows(meta.data_offset, static_cast<size_t>(t.offset), &begin) ||
        core::add_overflows(begin, t.nbytes, &end))
        return false;
    *out = FileRange{begin, t.nbytes};
    return true;
}

FileRange tensor_bytes_in_file(const Metadata& meta, const TensorRecord& t, size_t file_size,
                               const std::string& source) {
    FileRange r{};
    if (!tensor_file_range(meta, t, &r))
        core::fail("lugh: gguf: %s: tensor '%s' at offset %" PRIu64 " of the data section (from byte %zu) lies "
                   "beyond any file",
                   source.c_str(), t.name.c_str(), t.offset, meta.data_offset);
    if (r.begin > file_size || r.size > file_size - r.begin)
        core::fail("lugh: gguf: %s: tensor '%s' needs bytes %zu..%zu of the file, but the file has %zu bytes "
                   "(its data is truncated or missing)",
                   source.c_str(), t.name.c_str(), r.begin, r.begin + r.size, file_size);
    return r;
}

void require_data_present(const Metadata& meta, size_t file_size, const std::string& source) {
    for (const auto& t : meta.tensors) tensor_bytes_in_file(meta, t, file_size, source);
}

}  // namespace lugh::gguf
