#include "gguf/write.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/check.hpp"

namespace lugh::gguf {

namespace {

class OutFile {
public:
    OutFile(const std::string& path, const char* caller) : path_(path), caller_(caller) {
        f_ = std::fopen(path.c_str(), "wb");
        if (!f_) core::fail("lugh: %s: cannot create '%s': %s", caller, path.c_str(), std::strerror(errno));
    }
    ~OutFile() {
        if (f_) {   // only on an error path: drop the partial file
            std::fclose(f_);
            std::remove(path_.c_str());
        }
    }
    void write(const void* p, size_t n) {
        if (n > 0 && std::fwrite(p, 1, n, f_) != n) fail();
    }
    void zeros(size_t n) {
        static const unsigned char kZeros[4096] = {};
        while (n > 0) {
            const size_t k = n < sizeof kZeros ? n : sizeof kZeros;
            write(kZeros, k);
            n -= k;
        }
    }
    void close() {
        const int rc = std::fclose(f_);
        f_ = nullptr;
        if (rc != 0) {
            std::remove(path_.c_str());
            core::fail("lugh: %s: writing '%s' failed: %s", caller_, path_.c_str(), std::strerror(errno));
        }
    }

private:
    [[noreturn]] void fail() {
        core::fail("lugh: %s: writing '%s' failed: %s", caller_, path_.c_str(), std::strerror(errno));
    }
    std::FILE* f_ = nullptr;
    std::string path_;
    const char* caller_;
};

}  // namespace

void write_file(const Metadata& in, const std::string& path, bool only_meta, const char* caller) {
    // A parsed file may place its tensors in any aligned order; the copy is
    // packed in info order, which is what writing needs.
    Metadata meta = in;
    meta.layout(caller);
    const std::vector<unsigned char> head = meta.serialize_meta();
    OutFile out(path, caller);
    out.write(head.data(), head.size());
    if (!only_meta) {
        size_t at = 0;   // position in the data section
        for (const auto& t : meta.tensors) {
            out.zeros(static_cast<size_t>(t.offset) - at);
            if (t.data) out.write(t.data, t.nbytes);
            else out.zeros(t.nbytes);
            at = static_cast<size_t>(t.offset) + t.nbytes;
        }
        out.zeros(meta.data_size - at);
    }
    out.close();
}

}  // namespace lugh::gguf
