// Helpers shared by the GGUF tests: temporary files and whole-file reads.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace gguf_test {

// A unique path under the test's temporary directory, removed on destruction.
class TempPath {
public:
    explicit TempPath(const std::string& stem) {
        const char* dir = std::getenv("TMPDIR");
        static int counter = 0;
        path_ = std::string(dir ? dir : "/tmp") + "/lugh_" + stem + "_" + std::to_string(getpid()) + "_" +
                std::to_string(counter++) + ".gguf";
    }
    ~TempPath() { std::remove(path_.c_str()); }
    const char* c_str() const { return path_.c_str(); }
    const std::string& str() const { return path_; }

private:
    std::string path_;
};

inline std::vector<unsigned char> read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_all(const std::string& path, const std::vector<unsigned char>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace gguf_test
