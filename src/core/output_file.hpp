// Writing a file so that a failure never destroys anything. The one
// implementation behind lugh::gguf::Writer::write, gguf_write_to_file, the
// Perl Writer and every file the `lugh` tool writes (tools/cli/output_file.hpp).
//
//     refuse_same_file(in_path, out_path, "lugh quantize");   // the input must survive
//     OutputFile out(out_path, "Writer::write");   // a temporary file beside out_path
//     out.write(bytes, n);                          // buffered: it or commit() throws (disk full)
//     out.commit();                                 // renamed into place, whole
//
// Until commit() the destination is untouched; destroying an uncommitted
// OutputFile removes only the temporary file this object created. A
// destination that exists and is not a regular file (a device such as
// /dev/null, a FIFO) is written in place and never removed or replaced; a
// symbolic link keeps pointing where it did and its target is replaced. A
// replaced file keeps its permission bits. Reading a file while another
// process replaces it is safe: readers (and mappings) keep the old contents.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lugh::core {

// Throws lugh::Error unless path can name a file: not empty and without a NUL
// byte (which would silently cut the name short in every system call).
// caller names the operation in the message.
void require_file_path(const std::string& path, const char* caller);

class OutputFile {
public:
    // caller names the operation in messages ("Writer::write"); nullptr for none.
    explicit OutputFile(const std::string& path, const char* caller = nullptr);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // Buffered; throws lugh::Error naming the path on a write error.
    void write(const void* data, size_t n);
    void write(const std::string& s) { write(s.data(), s.size()); }
    void write_zeros(size_t n);
    // Flush, then move the temporary file over the destination.
    void commit();
    const std::string& path() const { return path_; }

private:
    void flush();
    void write_through(const char* p, size_t n);
    [[noreturn]] void fail_errno(const char* what) const;

    std::string path_;      // as given, for messages
    std::string target_;    // what commit() replaces (a symbolic link resolved)
    std::string temp_;      // empty when writing in place
    std::string prefix_;    // "lugh: " or "lugh: <caller>: "
    int fd_ = -1;
    bool committed_ = false;
    std::vector<char> buffer_;
};

// Throws lugh::Error when output names the same file as input (same device
// and inode, through any path, symbolic or hard link), which writing would
// destroy. Paths that do not exist (yet) are never the same file.
void refuse_same_file(const std::string& input, const std::string& output, const char* caller = nullptr);

}  // namespace lugh::core
