#include "input_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "lugh/error.hpp"

namespace lugh::tool {

std::string read_input_file(const std::string& path) {
    const bool stdin_ = path == "-";
    std::FILE* f = stdin_ ? stdin : std::fopen(path.c_str(), "rb");
    if (!f) throw Error("cannot open " + path + ": " + std::strerror(errno));
    std::string text;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    const bool failed = std::ferror(f);
    if (!stdin_) std::fclose(f);
    if (failed) throw Error("cannot read " + path);
    return text;
}

}  // namespace lugh::tool
