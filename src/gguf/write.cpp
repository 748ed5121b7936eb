#include "gguf/write.hpp"

#include <vector>

#include "core/output_file.hpp"

namespace lugh::gguf {

void write_file(const Metadata& in, const std::string& path, bool only_meta, const char* caller) {
    // A parsed file may place its tensors in any aligned order; the copy is
    // packed in info order, which is what writing needs.
    Metadata meta = in;
    meta.layout(caller);
    const std::vector<unsigned char> head = meta.serialize_meta();
    core::OutputFile out(path, caller);   // the destination changes only at commit()
    out.write(head.data(), head.size());
    if (!only_meta) {
        size_t at = 0;   // position in the data section
        for (const auto& t : meta.tensors) {
            out.write_zeros(static_cast<size_t>(t.offset) - at);
            if (t.data) out.write(t.data, t.nbytes);
            else out.write_zeros(t.nbytes);
            at = static_cast<size_t>(t.offset) + t.nbytes;
        }
        out.write_zeros(meta.data_size - at);
    }
    out.commit();
}

}  // namespace lugh::gguf
