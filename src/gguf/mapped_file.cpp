#include "gguf/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/check.hpp"
#include "core/output_file.hpp"

namespace lugh::gguf {

std::shared_ptr<const MappedFile> MappedFile::open(const std::string& path) {
    core::require_file_path(path, "gguf");   // a NUL would make open() read another file
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) core::fail("lugh: gguf: cannot open '%s': %s", path.c_str(), std::strerror(errno));
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        core::fail("lugh: gguf: '%s' is not a regular file", path.c_str());
    }
    std::shared_ptr<MappedFile> f(new MappedFile());
    f->path_ = path;
    f->size_ = static_cast<size_t>(st.st_size);
    if (f->size_ > 0) {
        void* p = mmap(nullptr, f->size_, PROT_READ, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            f->size_ = 0;
            core::fail("lugh: gguf: cannot map '%s' (%zu bytes): %s", path.c_str(), static_cast<size_t>(st.st_size),
                       std::strerror(err));
        }
        f->data_ = static_cast<const unsigned char*>(p);
    }
    ::close(fd);   // the mapping keeps the file's pages reachable
    return f;
}

MappedFile::~MappedFile() {
    if (data_) munmap(const_cast<unsigned char*>(data_), size_);
}

}  // namespace lugh::gguf
