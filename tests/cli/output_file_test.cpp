// Output files are written whole or not at all, and never destroy what they
// did not create.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "lugh/error.hpp"
#include "output_file.hpp"

using lugh::tool::OutputFile;

namespace {

std::string temp_dir() {
    char dir[] = "/tmp/lugh-output-XXXXXX";
    const char* made = mkdtemp(dir);
    EXPECT_NE(made, nullptr);
    return made ? made : "";
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

size_t entries(const std::string& dir) {
    size_t n = 0;
    if (FILE* p = popen(("ls -A " + dir + " | wc -l").c_str(), "r")) {
        if (std::fscanf(p, "%zu", &n) != 1) n = 0;
        pclose(p);
    }
    return n;
}

}  // namespace

TEST(OutputFile, CommitReplacesWhole) {
    const std::string dir = temp_dir(), path = dir + "/out.bin";
    { std::ofstream(path) << "old contents"; }
    {
        OutputFile out(path);
        out.write("new");
        EXPECT_EQ(slurp(path), "old contents");   // untouched until commit
        out.commit();
    }
    EXPECT_EQ(slurp(path), "new");
    EXPECT_EQ(entries(dir), 1u);   // no temporary file left behind
}

TEST(OutputFile, AbandonedWriteLeavesNothing) {
    const std::string dir = temp_dir(), path = dir + "/out.bin";
    { std::ofstream(path) << "keep me"; }
    {
        OutputFile out(path);
        out.write("half");
    }   // destroyed without commit: an error happened
    EXPECT_EQ(slurp(path), "keep me");
    EXPECT_EQ(entries(dir), 1u);
    {
        OutputFile fresh(dir + "/never.bin");
        fresh.write("x");
    }
    EXPECT_EQ(entries(dir), 1u);
}

TEST(OutputFile, SymlinkKeepsPointingAtItsTarget) {
    const std::string dir = temp_dir();
    { std::ofstream(dir + "/target") << "old"; }
    ASSERT_EQ(symlink("target", (dir + "/link").c_str()), 0);
    {
        OutputFile out(dir + "/link");
        out.write("new");
        out.commit();
    }
    struct stat st;
    ASSERT_EQ(lstat((dir + "/link").c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
    EXPECT_EQ(slurp(dir + "/target"), "new");
}

TEST(OutputFile, DeviceIsWrittenInPlaceNeverRemoved) {
    {
        OutputFile out("/dev/null");
        out.write("discarded");
        out.commit();
    }
    struct stat st;
    ASSERT_EQ(stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    if (access("/dev/full", W_OK) == 0) {
        {
            OutputFile out("/dev/full");
            EXPECT_THROW({   // writes are buffered: the error comes from write or commit
                out.write(std::string(1 << 16, 'x'));
                out.commit();
            }, lugh::Error);
        }
        ASSERT_EQ(stat("/dev/full", &st), 0);
        EXPECT_TRUE(S_ISCHR(st.st_mode));
    }
}

TEST(OutputFile, RefusesADirectoryAndTheInputItself) {
    const std::string dir = temp_dir();
    EXPECT_THROW(OutputFile out(dir), lugh::Error);
    { std::ofstream(dir + "/in") << "input"; }
    ASSERT_EQ(symlink("in", (dir + "/alias").c_str()), 0);
    EXPECT_THROW(lugh::tool::refuse_same_file(dir + "/in", dir + "/in"), lugh::Error);
    EXPECT_THROW(lugh::tool::refuse_same_file(dir + "/in", dir + "/alias"), lugh::Error);
    EXPECT_NO_THROW(lugh::tool::refuse_same_file(dir + "/in", dir + "/new"));
    EXPECT_EQ(slurp(dir + "/in"), "input");
}
