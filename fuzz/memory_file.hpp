// One in-memory file for a whole fuzzing run, refilled with each input, for
// targets whose code under test opens a path (the GGUF reader, the model
// loader): /proc/self/fd/N of a memfd, so no disk is touched.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace lugh_fuzz {

// The path of the file, which now holds exactly data[0 .. size).
inline const std::string& file_holding(const uint8_t* data, size_t size) {
    static const int fd = memfd_create("lugh-fuzz.gguf", 0);
    static const std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (fd < 0 || ftruncate(fd, 0) != 0) std::abort();
    for (size_t done = 0; done < size;) {
        const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
        if (n <= 0) std::abort();
        done += static_cast<size_t>(n);
    }
    return path;
}

}  // namespace lugh_fuzz
