#include "output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "lugh/error.hpp"

namespace lugh::tool {

namespace {

[[noreturn]] void fail_errno(const std::string& what, const std::string& path) {
    throw Error("lugh: " + what + " '" + path + "': " + std::strerror(errno));
}

std::string directory_of(const std::string& path) {
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

OutputFile::OutputFile(const std::string& path) : path_(path), target_(path) {
    if (path.empty()) throw Error("lugh: output path is empty");
    struct stat st;
    if (lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
        char resolved[PATH_MAX];
        if (realpath(path.c_str(), resolved)) target_ = resolved;
    }
    const bool exists = stat(target_.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) throw Error("lugh: cannot write '" + path + "': it is a directory");
    if (exists && !S_ISREG(st.st_mode)) {
        // A device or FIFO: write straight into it; there is nothing to replace atomically.
        fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd_ < 0) fail_errno("cannot open", path);
        return;
    }
    std::string temp = directory_of(target_) + "/." + base_of(target_) + ".lugh-XXXXXX";
    fd_ = mkstemp(temp.data());
    if (fd_ < 0) fail_errno("cannot create a temporary file beside", path);
    temp_ = temp;
    // mkstemp makes 0600; give the file what a plain create would (or what it had).
    mode_t mode;
    if (exists) {
        mode = st.st_mode & 07777;
    } else {
        const mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    fchmod(fd_, mode);
}

OutputFile::~OutputFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::write(const void* data, size_t n) {
    if (fd_ < 0) throw Error("lugh: '" + path_ + "' is already closed");
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
        const ssize_t w = ::write(fd_, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            fail_errno("cannot write", path_);
        }
        p += w;
        n -= static_cast<size_t>(w);
    }
}

void OutputFile::commit() {
    if (committed_) return;
    if (!temp_.empty() && fsync(fd_) != 0) fail_errno("cannot write", path_);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail_errno("cannot write", path_);
    if (!temp_.empty() && ::rename(temp_.c_str(), target_.c_str()) != 0) fail_errno("cannot replace", path_);
    committed_ = true;
}

void refuse_same_file(const std::string& input, const std::string& output) {
    struct stat a, b;
    if (stat(input.c_str(), &a) != 0 || stat(output.c_str(), &b) != 0) return;
    if (a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        throw Error("lugh: the output '" + output + "' is the input file '" + input +
                    "'; writing it would destroy the input");
}

}  // namespace lugh::tool
