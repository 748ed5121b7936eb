// Writing a command's output file so that a failure never destroys anything.
//
//     refuse_same_file(in_path, out_path);   // `lugh quantize a.gguf a.gguf` is an error
//     OutputFile out(out_path);              // a temporary file beside out_path
//     out.write(bytes, n);                   // throws lugh::Error (disk full, ...)
//     out.commit();                          // renamed into place, whole
//
// Until commit() the destination is untouched; destroying an uncommitted
// OutputFile removes only the temporary file this run created. A destination
// that exists and is not a regular file (a device such as /dev/null, a FIFO)
// is written in place and never removed or replaced; a symbolic link keeps
// pointing where it did and its target is replaced.
#pragma once

#include <cstddef>
#include <string>

namespace lugh::tool {

class OutputFile {
public:
    explicit OutputFile(const std::string& path);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(const void* data, size_t n);
    void write(const std::string& s) { write(s.data(), s.size()); }
    // Flush, then move the temporary file over the destination.
    void commit();
    const std::string& path() const { return path_; }

private:
    std::string path_;      // as given, for messages
    std::string target_;    // what commit() replaces (a symlink resolved)
    std::string temp_;      // empty when writing in place
    int fd_ = -1;
    bool committed_ = false;
};

// Throws lugh::Error when output names the same file as input (same device
// and inode, through any path or link).
void refuse_same_file(const std::string& input, const std::string& output);

}  // namespace lugh::tool
