// A fresh directory under /tmp for one test, removed with whatever is left in
// it; entries() lists what is there (hidden files too), to check that a
// failed write left no temporary file behind.
//
//     lugh::test::TempDir dir;
//     write_something(dir / "out.gguf");
//     EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.gguf"});
#pragma once

#include <dirent.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lugh::test {

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/lugh-test-XXXXXX";
        const char* made = mkdtemp(tmpl);
        EXPECT_NE(made, nullptr) << "cannot create a temporary directory";
        path_ = made ? made : "/tmp";
    }
    ~TempDir() {
        if (path_ != "/tmp") std::system(("rm -rf '" + path_ + "'").c_str());
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }
    // The names in the directory, sorted ("." and ".." left out).
    std::vector<std::string> entries() const {
        std::vector<std::string> out;
        if (DIR* d = opendir(path_.c_str())) {
            while (const dirent* e = readdir(d)) {
                const std::string name = e->d_name;
                if (name != "." && name != "..") out.push_back(name);
            }
            closedir(d);
        }
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    std::string path_;
};

}  // namespace lugh::test
