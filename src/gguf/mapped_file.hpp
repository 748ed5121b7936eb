// A read-only, shared memory mapping of a whole regular file.
//
// The parser reads headers straight from the mapping (touching only the pages
// it needs, so opening costs the same for any file size), and mmap-loaded
// tensors point into it. PROT_READ + MAP_SHARED: pages come from the page
// cache and are shared with every other process mapping the same file.
// If another process truncates the file while it is mapped, reads past the
// new end fault (SIGBUS): weights must not be rewritten in place while in use.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace lugh::gguf {

class MappedFile {
public:
    // Throws lugh::Error naming the path when it is empty or holds a NUL byte,
    // cannot be opened, is not a regular file, or cannot be mapped. An empty file maps to zero bytes.
    static std::shared_ptr<const MappedFile> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const unsigned char* data() const { return data_; }
    size_t size() const { return size_; }
    const std::string& path() const { return path_; }

private:
    MappedFile() = default;
    const unsigned char* data_ = nullptr;
    size_t size_ = 0;
    std::string path_;
};

}  // namespace lugh::gguf
