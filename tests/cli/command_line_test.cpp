// The `lugh` program run in-process (run_command_line is all of main()):
// every failure, out of memory in any allocation of any command included,
// is one line on stderr and exit status 1; quantize never destroys its input
// or an existing output; gguf-info never prints a file's control characters.
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"
#include "lugh/gguf.hpp"
#include "support/temp_dir.hpp"
#include "lugh/lugh.hpp"

namespace lg = lugh::gguf;
using lugh::test::TempDir;

// ---- allocation failure on demand -------------------------------------------
// When armed with k, the k-th allocation through operator new from then on
// throws std::bad_alloc (and disarms). This binary's operator new is this one.
namespace {
std::atomic<long> g_allocations_left{-1};   // -1: never fail
std::atomic<bool> g_failed{false};           // an allocation was made to fail

void* allocate(size_t n) {
    if (g_allocations_left.load(std::memory_order_relaxed) >= 0 && g_allocations_left.fetch_sub(1) == 0) {
        g_allocations_left = -1;
        g_failed = true;
        throw std::bad_alloc();
    }
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
}  // namespace

void* operator new(size_t n) { return allocate(n); }
void* operator new[](size_t n) { return allocate(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
// The nothrow forms too: the standard library allocates through them
// (std::stable_sort's buffer) and frees through the plain delete above, so
// all of them must come from the same allocator.
void* operator new(size_t n, const std::nothrow_t&) noexcept {
    try {
        return allocate(n);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](size_t n, const std::nothrow_t& tag) noexcept { return operator new(n, tag); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

struct Result {
    int status;
    std::string out, err;
    bool allocation_failed;
};

// Runs `lugh ARGS...`; with fail_at >= 0 the fail_at-th allocation fails.
Result lugh_run(std::vector<std::string> args, long fail_at = -1) {
    args.insert(args.begin(), "lugh");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    g_failed = false;
    g_allocations_left = fail_at;
    const int status = lugh::tool::run_command_line(static_cast<int>(args.size()), argv.data());
    g_allocations_left = -1;
    const bool failed = g_failed;
    std::string out = testing::internal::GetCapturedStdout();
    return Result{status, std::move(out), testing::internal::GetCapturedStderr(), failed};
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void spew(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

// A model with a matrix quantize converts, a vector it copies and an empty tensor.
std::string write_model(const std::string& path) {
    std::vector<float> w(64 * 3), norm(64, 1.0f);
    for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i % 17) - 8.0f;
    lg::Writer out;
    out.set_string("general.name", "tiny");
    out.add_tensor("w.weight", lugh::Type::F32, {64, 3}, w.data());
    out.add_tensor("norm", lugh::Type::F32, {64}, norm.data());
    out.add_tensor("empty", lugh::Type::F32, {0, 5}, nullptr);
    out.write(path);
    return path;
}

bool one_line(const std::string& err) { return !err.empty() && err.find('\n') == err.size() - 1; }

}  // namespace

TEST(CommandLine, QuantizeRefusesToWriteOverItsInput) {
    TempDir dir;
    const std::string in = write_model(dir / "m.gguf");
    const std::string before = slurp(in);
    ASSERT_EQ(symlink("m.gguf", (dir / "alias.gguf").c_str()), 0);
    ASSERT_EQ(link(in.c_str(), (dir / "hard.gguf").c_str()), 0);
    for (const std::string& out : {in, dir / "alias.gguf", dir / "hard.gguf", dir / "./m.gguf"}) {
        SCOPED_TRACE(out);
        const Result r = lugh_run({"quantize", in, out, "q8_0"});
        EXPECT_EQ(r.status, 1);
        EXPECT_NE(r.err.find("is the input file"), std::string::npos) << r.err;
        EXPECT_TRUE(one_line(r.err)) << r.err;
        EXPECT_EQ(slurp(in), before);
    }
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"alias.gguf", "hard.gguf", "m.gguf"}));
}

TEST(CommandLine, QuantizeCopiesEmptyTensorsAndConvertsTheRest) {
    TempDir dir;
    const std::string in = write_model(dir / "m.gguf");
    const Result r = lugh_run({"quantize", in, dir / "q.gguf", "q8_0"});
    ASSERT_EQ(r.status, 0) << r.err;
    lg::File q(dir / "q.gguf");
    EXPECT_EQ(q.tensor("w.weight").type, lugh::Type::Q8_0);
    EXPECT_EQ(q.tensor("norm").type, lugh::Type::F32);
    EXPECT_EQ(q.tensor("empty").type, lugh::Type::F32);
    EXPECT_EQ(q.tensor("empty").shape, (std::vector<int64_t>{0, 5}));
    EXPECT_EQ(q.tensor("empty").nbytes, 0u);
}

TEST(CommandLine, AFailedQuantizeLeavesTheOldOutputAndNoTemporary) {
    TempDir dir;
    const std::string in = write_model(dir / "m.gguf");
    spew(dir / "out.gguf", "old output");
    // A bad input: nothing is written.
    Result r = lugh_run({"quantize", LUGH_SOURCE_DIR "/tests/gguf/corpus/bad_offset_wrap.gguf", dir / "out.gguf", "q8_0"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("lies beyond any file"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(dir / "out.gguf"), "old output");
    // The disk fills up while writing (a file size limit makes it so).
    {
        const sighandler_t old = signal(SIGXFSZ, SIG_IGN);
        rlimit saved{};
        getrlimit(RLIMIT_FSIZE, &saved);
        rlimit lim = saved;
        lim.rlim_cur = 256;
        setrlimit(RLIMIT_FSIZE, &lim);
        r = lugh_run({"quantize", in, dir / "out.gguf", "q8_0"});
        setrlimit(RLIMIT_FSIZE, &saved);
        signal(SIGXFSZ, old);
    }
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(dir / "out.gguf"), "old output");
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"m.gguf", "out.gguf"}));
}

TEST(CommandLine, QuantizeIntoADeviceNeverRemovesIt) {
    TempDir dir;
    const std::string in = write_model(dir / "m.gguf");
    const std::string full = dir / "full";   // like /dev/full: every write fails
    if (mknod(full.c_str(), S_IFCHR | 0666, makedev(1, 7)) != 0) GTEST_SKIP() << "cannot make a device node here";
    const Result r = lugh_run({"quantize", in, full, "q8_0"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("No space left"), std::string::npos) << r.err;
    struct stat st;
    ASSERT_EQ(stat(full.c_str(), &st), 0) << "the device node was removed";
    EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(CommandLine, GgufInfoEscapesControlCharactersFromTheFile) {
    TempDir dir;
    lg::Writer w;
    w.set_string("evil\x1b[2J", "ring\x07 \x1b]0;title\x07 \xc2\x9b" "31m");
    float one = 1.0f;
    w.add_tensor("t\x1b[1m", lugh::Type::F32, {1}, &one);
    w.write(dir / "evil.gguf");
    const Result r = lugh_run({"gguf-info", dir / "evil.gguf"});
    ASSERT_EQ(r.status, 0) << r.err;
    for (unsigned char c : r.out) EXPECT_TRUE(c >= 0x20 || c == '\n') << "raw control byte " << int(c);
    EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos);
    EXPECT_NE(r.out.find("evil\\x1b[2J"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ring\\x07"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\\u009b31m"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("t\\x1b[1m"), std::string::npos) << r.out;
}

TEST(CommandLine, ErrorsAreOneLineWithControlCharactersEscaped) {
    Result r = lugh_run({"no\x1b[2Jsuch"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("unknown command 'no\\x1b[2Jsuch'"), std::string::npos) << r.err;
    r = lugh_run({"gguf-info", "/nonexistent/\x07.gguf"});
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find("/nonexistent/\\x07.gguf"), std::string::npos) << r.err;
}

// Every allocation of every command path fails in turn (the k-th, for k = 0,
// 1, 2, ... until the command gets through): each time the program says so
// in one line and exits 1, leaks no context, leaves no temporary file and
// never a partial output.
TEST(CommandLine, EveryAllocationFailureEndsCleanly) {
    TempDir dir;
    const std::string in = write_model(dir / "m.gguf");
    const std::vector<std::vector<std::string>> paths = {
        {"gguf-info", in},
        {"quantize", in, dir / "out.gguf", "q8_0"},
        {"quantize", in, dir / "out.gguf", "f16"},
        {"quantize", "--help"},
        {"quantize", in},   // a usage error
    };
    for (const auto& args : paths) {
        SCOPED_TRACE(testing::PrintToString(args));
        const size_t contexts = lugh::Context::live_count();
        const bool failed_before = HasFailure();
        const Result normal = lugh_run(args);   // what the path does when memory is plenty
        long k = 0;
        for (;; ++k) {
            spew(dir / "out.gguf", "old output");
            const Result r = lugh_run(args, k);
            if (!r.allocation_failed) {   // k is past the path's last allocation
                EXPECT_EQ(r.status, normal.status);
                break;
            }
            if (r.status == normal.status && r.err == normal.err) continue;   // absorbed, with no harm
            EXPECT_EQ(r.status, 1) << "allocation " << k << ": " << r.err;
            EXPECT_TRUE(one_line(r.err)) << "allocation " << k << ": " << r.err;
            EXPECT_NE(r.err.find("out of memory"), std::string::npos) << "allocation " << k << ": " << r.err;
            EXPECT_EQ(lugh::Context::live_count(), contexts) << "allocation " << k;
            EXPECT_EQ(dir.entries(), (std::vector<std::string>{"m.gguf", "out.gguf"})) << "allocation " << k;
            EXPECT_EQ(slurp(dir / "out.gguf"), "old output") << "allocation " << k;
            if (HasFailure() && !failed_before) break;   // one report per path is enough
        }
        EXPECT_GT(k, 0) << "no allocation was made at all";
        std::printf("%s: %ld allocations, each failed once\n", args[0].c_str(), k);
    }
}
