// Writing a GGUF file (C++ Writer, C gguf_write_to_file) never destroys what
// was there: the file appears whole or not at all, a failed write leaves the
// old file and no temporary behind, a device is written in place and never
// removed, and a file mapped for reading survives being replaced.
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "gguf_test_util.hpp"
#include "lugh/ggml/gguf.h"
#include "lugh/gguf.hpp"
#include "support/temp_dir.hpp"

namespace lg = lugh::gguf;
using lugh::test::TempDir;

namespace {

std::string text_of(const std::string& path) {
    const auto b = gguf_test::read_all(path);
    return std::string(b.begin(), b.end());
}

// A writer holding `bytes` bytes of tensor data.
lg::Writer big_writer(const std::vector<float>& data) {
    lg::Writer w;
    w.set_string("general.name", "big");
    w.add_tensor("t", lugh::Type::F32, {static_cast<int64_t>(data.size())}, data.data());
    return w;
}

// Files may grow to at most `bytes` while alive; writing past that fails
// with EFBIG (SIGXFSZ ignored) instead of succeeding.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        old_handler_ = signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &saved_);
        rlimit lim = saved_;
        lim.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &lim);
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &saved_);
        signal(SIGXFSZ, old_handler_);
    }

private:
    rlimit saved_{};
    sighandler_t old_handler_;
};

}  // namespace

TEST(GgufAtomicWrite, AFailedWriteLeavesTheOldFileAndNoTemporary) {
    TempDir dir;
    const std::string path = dir / "model.gguf";
    gguf_test::write_all(path, std::vector<unsigned char>{'k', 'e', 'e', 'p'});
    const std::vector<float> data(1 << 16, 1.0f);   // 256 KiB
    {
        FileSizeLimit limit(64 * 1024);
        EXPECT_THROW(big_writer(data).write(path), lugh::Error);
        gguf_context* g = gguf_init_empty();
        std::vector<unsigned char> bytes(256 * 1024);
        gguf_set_val_str(g, "general.name", "big");
        gguf_set_arr_data(g, "blob", GGUF_TYPE_UINT8, bytes.data(), bytes.size());
        testing::internal::CaptureStderr();
        EXPECT_FALSE(gguf_write_to_file(g, path.c_str(), false));
        EXPECT_NE(testing::internal::GetCapturedStderr().find("model.gguf"), std::string::npos);
        gguf_free(g);
    }
    EXPECT_EQ(text_of(path), "keep");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"model.gguf"});
    // Without the limit the same write replaces the file whole.
    big_writer(data).write(path);
    EXPECT_EQ(lg::File(path).tensor("t").nbytes, data.size() * 4);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"model.gguf"});
}

TEST(GgufAtomicWrite, ADeviceIsWrittenInPlaceAndNeverRemoved) {
    TempDir dir;
    const std::string full = dir / "full";   // a node for the device that refuses every write, like /dev/full
    if (mknod(full.c_str(), S_IFCHR | 0666, makedev(1, 7)) != 0) GTEST_SKIP() << "cannot make a device node here";
    const std::vector<float> data(1 << 12, 1.0f);
    EXPECT_THROW(big_writer(data).write(full), lugh::Error);
    gguf_context* g = gguf_init_empty();
    gguf_set_val_str(g, "general.name", "x");
    testing::internal::CaptureStderr();
    EXPECT_FALSE(gguf_write_to_file(g, full.c_str(), false));
    EXPECT_NE(testing::internal::GetCapturedStderr().find("No space left"), std::string::npos);
    gguf_free(g);
    struct stat st;
    ASSERT_EQ(stat(full.c_str(), &st), 0) << "the device node was removed";
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"full"});
    // A device that takes the bytes is written: /dev/null.
    EXPECT_NO_THROW(big_writer(data).write("/dev/null"));
    ASSERT_EQ(stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(GgufAtomicWrite, ASymlinkKeepsPointingAtItsReplacedTarget) {
    TempDir dir;
    gguf_test::write_all(dir / "target.gguf", {'o', 'l', 'd'});
    ASSERT_EQ(symlink("target.gguf", (dir / "link.gguf").c_str()), 0);
    big_writer({1, 2, 3}).write(dir / "link.gguf");
    struct stat st;
    ASSERT_EQ(lstat((dir / "link.gguf").c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
    EXPECT_EQ(lg::File(dir / "target.gguf").tensor("t").nbytes, 12u);
}

TEST(GgufAtomicWrite, AReplacedFileKeepsItsPermissions) {
    TempDir dir;
    const std::string path = dir / "m.gguf";
    gguf_test::write_all(path, {'o', 'l', 'd'});
    ASSERT_EQ(chmod(path.c_str(), 0640), 0);
    big_writer({1}).write(path);
    struct stat st;
    ASSERT_EQ(stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
}

// Writing over the file a File is reading from (what `lugh quantize a a` did
// through the library): the reader keeps the old bytes, the new file is whole.
TEST(GgufAtomicWrite, ReplacingAMappedFileKeepsTheReaderIntact) {
    TempDir dir;
    const std::string path = dir / "m.gguf";
    std::vector<float> data(4096);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(i);
    big_writer(data).write(path);
    lg::File in(path);
    lugh::Context mapped = in.load(lg::Load::Mmap);
    lg::Writer out;
    out.copy_keys(in);
    out.set_string("general.name", "rewritten");
    // The new file's tensor is the old one's bytes, read from the mapping while writing.
    out.add_tensor("t", lugh::Type::F32, {4096}, in.tensor_data("t"));
    out.write(path);
    EXPECT_EQ(mapped.get_tensor("t").get_f32_1d(4095), 4095.0f);   // no SIGBUS, old contents
    lg::File again(path);
    EXPECT_EQ(again.get_string("general.name"), "rewritten");
    EXPECT_EQ(again.load().get_tensor("t").get_f32_1d(4095), 4095.0f);
}

TEST(GgufAtomicWrite, NamesWithANulByteAreRefused) {
    TempDir dir;
    const std::string good = dir / "good.gguf";
    big_writer({1}).write(good);
    const std::string with_nul = good + std::string("\0junk", 5);
    EXPECT_THROW(lg::File{with_nul}, lugh::Error);
    try {
        big_writer({1}).write(dir / std::string("new.gguf\0junk", 13));
        ADD_FAILURE() << "a path with a NUL byte was written";
    } catch (const lugh::Error& e) {
        EXPECT_NE(std::string(e.what()).find("NUL"), std::string::npos) << e.what();
    }
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"good.gguf"});
}
