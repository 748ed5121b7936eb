#include "core/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "lugh/error.hpp"

namespace lugh::core {

namespace {

constexpr size_t kBufferBytes = size_t(1) << 20;
constexpr int kMaxLinkDepth = 40;   // as the kernel's own limit on links followed

std::string prefix_of(const char* caller) {
    return caller ? std::string("lugh: ") + caller + ": " : std::string("lugh: ");
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

// The file a path finally names, following symbolic links even when the last
// one dangles (writing through it then creates its target, as open() would).
std::string resolve_links(const std::string& path) {
    std::string at = path;
    for (int depth = 0; depth < kMaxLinkDepth; ++depth) {
        struct stat st;
        if (lstat(at.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return at;
        char link[PATH_MAX];
        const ssize_t n = readlink(at.c_str(), link, sizeof link - 1);
        if (n <= 0) return at;
        const std::string to(link, static_cast<size_t>(n));
        at = to[0] == '/' ? to : directory_of(at) + "/" + to;
    }
    return at;   // a loop: the open below reports it
}

}  // namespace

void require_file_path(const std::string& path, const char* caller) {
    if (path.empty()) throw Error(prefix_of(caller) + "the file name is empty");
    if (path.find('\0') != std::string::npos)
        throw Error(prefix_of(caller) + "the file name '" + path.substr(0, path.find('\0')) +
                    "\\0...' contains a NUL byte");
}

OutputFile::OutputFile(const std::string& path, const char* caller)
    : path_(path), target_(path), prefix_(prefix_of(caller)) {
    require_file_path(path, caller);
    target_ = resolve_links(path);
    struct stat st;
    const bool exists = stat(target_.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) throw Error(prefix_ + "cannot write '" + path + "': it is a directory");
    if (exists && !S_ISREG(st.st_mode)) {
        // A device or FIFO: write straight into it; there is nothing to replace atomically.
        fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd_ < 0) fail_errno("cannot open");
        return;
    }
    // Replacing a file must not bypass its permissions (rename would).
    if (exists && access(target_.c_str(), W_OK) != 0) fail_errno("cannot write");
    // Everything that allocates happens before the temporary file exists: a
    // constructor that throws runs no destructor, so nothing may be left then.
    std::string base = base_of(target_);
    if (base.size() > 200) base.resize(200);   // room for the suffix within NAME_MAX
    temp_ = directory_of(target_) + "/." + base + ".lugh-XXXXXX";
    buffer_.reserve(kBufferBytes);
    fd_ = mkostemp(temp_.data(), O_CLOEXEC);
    if (fd_ < 0) {
        temp_.clear();
        fail_errno("cannot create a temporary file beside");
    }
    // mkstemp makes 0600; give the file what a plain create would (or what it had).
    mode_t mode;
    if (exists) {
        mode = st.st_mode & 07777;
        if (fchown(fd_, st.st_uid, st.st_gid) != 0) { /* not permitted unless root: keep ours */ }
    } else {
        const mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    if (fchmod(fd_, mode) != 0) {
        const int err = errno;
        ::close(fd_);
        ::unlink(temp_.c_str());
        errno = err;
        fail_errno("cannot set the permissions of the file for");
    }
}

OutputFile::~OutputFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::fail_errno(const char* what) const {
    throw Error(prefix_ + what + " '" + path_ + "': " + std::strerror(errno));
}

void OutputFile::write_through(const char* p, size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd_, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            fail_errno("cannot write");
        }
        p += w;
        n -= static_cast<size_t>(w);
    }
}

void OutputFile::flush() {
    write_through(buffer_.data(), buffer_.size());
    buffer_.clear();
}

void OutputFile::write(const void* data, size_t n) {
    if (fd_ < 0) throw Error(prefix_ + "'" + path_ + "' is already closed");
    const char* p = static_cast<const char*>(data);
    if (n >= kBufferBytes) {   // large blocks skip the copy
        flush();
        write_through(p, n);
        return;
    }
    if (buffer_.size() + n > kBufferBytes) flush();
    buffer_.insert(buffer_.end(), p, p + n);
}

void OutputFile::write_zeros(size_t n) {
    static const char kZeros[4096] = {};
    while (n > 0) {
        const size_t k = n < sizeof kZeros ? n : sizeof kZeros;
        write(kZeros, k);
        n -= k;
    }
}

void OutputFile::commit() {
    if (committed_) return;
    if (fd_ < 0) throw Error(prefix_ + "'" + path_ + "' is already closed");
    flush();
    if (!temp_.empty() && fsync(fd_) != 0) fail_errno("cannot write");
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail_errno("cannot write");
    if (!temp_.empty() && ::rename(temp_.c_str(), target_.c_str()) != 0) fail_errno("cannot replace");
    committed_ = true;
}

void refuse_same_file(const std::string& input, const std::string& output, const char* caller) {
    struct stat a, b;
    if (stat(input.c_str(), &a) != 0 || stat(output.c_str(), &b) != 0) return;
    if (a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        throw Error(prefix_of(caller) + "the output '" + output + "' is the input file '" + input +
                    "'; writing it would destroy the input");
}

}  // namespace lugh::core
