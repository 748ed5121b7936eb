// Crafted bad files: each corrupts one field of a small valid file and must be
// refused with a clear message (lugh::Error from the parser, NULL plus a line
// on stderr from the C API), never a crash or a large allocation.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <cstdlib>
#include <new>

#include "gguf/load.hpp"
#include "gguf/parse.hpp"
#include "gguf_test_util.hpp"
#include "hostile_file.hpp"
#include "lugh/ggml/gguf.h"
#include "lugh/gguf.hpp"

using gguf_test::HandFile;

// The largest single allocation while tracking is on: a hostile file must
// not make the parser ask for much more memory than the file's own size.
namespace {
std::atomic<bool> g_tracking{false};
std::atomic<size_t> g_largest{0};
}  // namespace

void* operator new(size_t n) {
    if (g_tracking.load(std::memory_order_relaxed) && n > g_largest.load(std::memory_order_relaxed)) g_largest = n;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace {

// Parse and (when the parse succeeds) load with copied data, as the C API does.
std::string refusal(const std::vector<unsigned char>& bytes) {
    try {
        const auto meta = lugh::gguf::parse(bytes.data(), bytes.size(), "crafted");
        lugh::gguf::require_data_present(meta, bytes.size(), "crafted");
        return "";
    } catch (const lugh::Error& e) {
        return e.what();
    }
}

struct Case {
    const char* name;
    void (*corrupt)(HandFile&);
    const char* message;   // a fragment the refusal must contain
};

const Case kCases[] = {
    {"bad magic", [](HandFile& f) { f.bytes[0] = 'X'; }, "no \"GGUF\" magic"},
    {"version 1", [](HandFile& f) { f.patch<uint32_t>("version", 1); }, "version 1 is not supported"},
    {"big-endian version", [](HandFile& f) { f.patch<uint32_t>("version", 0x03000000); }, "big-endian"},
    {"huge tensor count", [](HandFile& f) { f.patch<uint64_t>("n_tensors", UINT64_MAX); }, "tensor count"},
    {"huge kv count", [](HandFile& f) { f.patch<uint64_t>("n_kv", 1ull << 40); }, "key-value count"},
    {"kv count past the end", [](HandFile& f) { f.patch<uint64_t>("n_kv", 4); }, "remain"},
    {"huge key length", [](HandFile& f) { f.patch<uint64_t>("k0.len", UINT64_MAX); }, "claims"},
    {"empty key", [](HandFile& f) { f.patch<uint64_t>("k0.len", 0); }, "empty key"},
    {"unknown value type", [](HandFile& f) { f.patch<uint32_t>("k0.type", 13); }, "unknown value type 13"},
    {"huge string", [](HandFile& f) { f.patch<uint64_t>("k0.val.len", 1ull << 62); }, "claims"},
    {"nested array", [](HandFile& f) { f.patch<uint32_t>("k1.elem", 9); }, "nested arrays"},
    {"unknown array type", [](HandFile& f) { f.patch<uint32_t>("k1.elem", 77); }, "unknown value type 77"},
    {"huge array", [](HandFile& f) { f.patch<uint64_t>("k1.n", 1ull << 61); }, "array's length"},
    {"array overflowing size_t", [](HandFile& f) { f.patch<uint64_t>("k1.n", UINT64_MAX / 2); }, "array's length"},
    {"huge string array", [](HandFile& f) { f.patch<uint64_t>("k2.n", 1ull << 40); }, "string array's length"},
    {"duplicate key", [](HandFile& f) { std::memcpy(&f.bytes[f.at["k1"]], "genera", 6); f.patch<uint64_t>("k1.len", 6);
                                         f.bytes.insert(f.bytes.begin() + f.at["k1"] + 6, {'l', '.', 'n', 'a', 'm', 'e'});
                                         f.patch<uint64_t>("k1.len", 12); }, "duplicate key 'general.name'"},
    {"n_dims 5", [](HandFile& f) { f.patch<uint32_t>("t0.n_dims", 5); }, "n_dims 5"},
    {"n_dims 0", [](HandFile& f) { f.patch<uint32_t>("t0.n_dims", 0); }, "n_dims 0"},
    {"reserved tensor type", [](HandFile& f) { f.patch<uint32_t>("t0.type", 4); }, "unknown type 4"},
    {"unknown tensor type", [](HandFile& f) { f.patch<uint32_t>("t1.type", 1000); }, "unknown type 1000"},
    {"partial block", [](HandFile& f) { f.patch<uint64_t>("t1.ne0", 31); }, "not a multiple of 32"},
    {"negative dimension", [](HandFile& f) { f.patch<uint64_t>("t0.ne1", 1ull << 63); }, "does not fit in int64"},
    {"element count overflow", [](HandFile& f) { f.patch<uint64_t>("t0.ne0", 1ull << 40); f.patch<uint64_t>("t0.ne1", 1ull << 40); }, "too many elements"},
    {"byte size overflow", [](HandFile& f) { f.patch<uint64_t>("t0.ne0", 1ull << 62); f.patch<uint64_t>("t0.ne1", 1); }, "too large"},
    // No bytes, but a row of 2^64 bytes: no context could hold it (found by fuzz_gguf_file).
    {"empty tensor with an overflowing row", [](HandFile& f) { f.patch<uint64_t>("t0.ne0", 1ull << 62); f.patch<uint64_t>("t0.ne1", 0); }, "too large"},
    {"misaligned offset", [](HandFile& f) { f.patch<uint64_t>("t1.offset", 65); }, "not a multiple of the alignment 32"},
    {"overlapping tensors", [](HandFile& f) { f.patch<uint64_t>("t1.offset", 32); }, "overlap"},
    {"offset end overflow", [](HandFile& f) { f.patch<uint64_t>("t1.offset", UINT64_MAX - 31); }, "overflows"},
    {"tensor past the end", [](HandFile& f) { f.patch<uint64_t>("t1.offset", 1ull << 40); }, "but the file has"},
    {"huge tensor past the end", [](HandFile& f) { f.patch<uint64_t>("t1.ne0", 1ull << 47); }, "but the file has"},
    {"offset wrap", [](HandFile& f) { f.patch<uint64_t>("t1.offset", 0ull - 64); }, "lies beyond any file"},
    {"duplicate tensor name", [](HandFile& f) { f.bytes[f.at["t1.name"]] = 'w'; }, "duplicate tensor name 'w'"},
    {"empty tensor name", [](HandFile& f) { f.patch<uint64_t>("t1.name.len", 0); }, "tensor name of 0 bytes"},
    {"huge tensor name", [](HandFile& f) { f.patch<uint64_t>("t1.name.len", 1ull << 50); }, "claims"},
    {"truncated data", [](HandFile& f) { f.bytes.resize(f.bytes.size() - 1); }, "but the file has"},
    {"no data section", [](HandFile& f) { f.bytes.resize(f.at["data"]); }, "but the file has"},
    {"key with a NUL byte", [](HandFile& f) { f.bytes[f.at["k1"] + 1] = '\0'; }, "contains a NUL byte"},
    {"tensor name with a NUL byte", [](HandFile& f) { f.patch<uint64_t>("t0.name.len", 2); f.bytes.insert(f.bytes.begin() + f.at["t0.name"] + 1, '\0'); }, "no NUL bytes"},
};

}  // namespace

TEST(GgufHostile, TheValidBaseFileParses) {
    const HandFile f = HandFile::valid();
    EXPECT_EQ(refusal(f.bytes), "");
    const auto meta = lugh::gguf::parse(f.bytes.data(), f.bytes.size(), "valid");
    EXPECT_EQ(meta.data_offset, f.at.at("data"));
    ASSERT_EQ(meta.tensors.size(), 2u);
    EXPECT_EQ(meta.tensors[1].nbytes, 34u);
}

TEST(GgufHostile, EveryCorruptionIsRefusedWithItsMessage) {
    for (const Case& c : kCases) {
        SCOPED_TRACE(c.name);
        HandFile f = HandFile::valid();
        c.corrupt(f);
        g_largest = 0;
        g_tracking = true;
        const std::string why = refusal(f.bytes);
        g_tracking = false;
        EXPECT_NE(why.find(c.message), std::string::npos) << "got: " << why;
        EXPECT_EQ(why.rfind("lugh: gguf: crafted: ", 0), 0u) << why;
        EXPECT_LE(g_largest.load(), 4 * f.bytes.size() + 1024);
    }
}

// Every load mode of every face refuses every case: by copy, by mapping and
// metadata-only (a mapping loader fills those tensors later, so a file that
// does not hold their bytes is as bad there).
TEST(GgufHostile, EveryModeOfEveryFaceRefuses) {
    const struct { const char* name; bool no_alloc; bool mmap; } kModes[] = {
        {"copy", false, false}, {"metadata only", true, false}, {"mmap", false, true}};
    for (const Case& c : kCases) {
        SCOPED_TRACE(c.name);
        HandFile f = HandFile::valid();
        c.corrupt(f);
        gguf_test::TempPath path("hostile");
        gguf_test::write_all(path.str(), f.bytes);
        for (const auto& mode : kModes) {
            SCOPED_TRACE(mode.name);
            ggml_context* ctx = nullptr;
            testing::internal::CaptureStderr();
            gguf_context* g = mode.mmap ? lugh_gguf_init_from_file_mmap(path.c_str(), &ctx)
                                        : gguf_init_from_file(path.c_str(), {mode.no_alloc, &ctx});
            const std::string err = testing::internal::GetCapturedStderr();
            EXPECT_EQ(g, nullptr);
            EXPECT_EQ(ctx, nullptr);
            EXPECT_NE(err.find(c.message), std::string::npos) << err;
            EXPECT_EQ(err.find('\n'), err.size() - 1) << "one line: " << err;
        }
        // C++: refused when opened, or else by every load and size query and
        // by reading any tensor's bytes.
        std::unique_ptr<lugh::gguf::File> file;
        try {
            file = std::make_unique<lugh::gguf::File>(path.str());
        } catch (const lugh::Error& e) {
            EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
            continue;
        }
        for (auto m : {lugh::gguf::Load::Copy, lugh::gguf::Load::Mmap, lugh::gguf::Load::MetadataOnly}) {
            EXPECT_THROW(file->load(m), lugh::Error);
            EXPECT_THROW(file->context_size(m), lugh::Error);
            lugh::Context ctx(1 << 16);
            if (m == lugh::gguf::Load::Copy) EXPECT_THROW(file->load_into(ctx, m), lugh::Error);
            EXPECT_EQ(ctx.n_tensors(), 0u);
        }
        size_t unreadable = 0;
        for (const auto& t : file->tensors()) {
            try {
                file->tensor_data(t.name);
            } catch (const lugh::Error& e) {
                EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
                ++unreadable;
            }
        }
        EXPECT_GT(unreadable, 0u) << "every tensor's data was handed out";
    }
}

TEST(GgufHostile, EveryTruncationIsRefusedCleanly) {
    const HandFile f = HandFile::valid();
    for (size_t n = 0; n < f.bytes.size(); ++n) {
        const std::vector<unsigned char> cut(f.bytes.begin(), f.bytes.begin() + n);
        EXPECT_NE(refusal(cut), "") << "a file cut to " << n << " bytes was accepted";
    }
}

TEST(GgufHostile, EveryByteFlipIsHandledWithoutCrashing) {
    // Not every flip is an error (a changed data byte is fine); none may crash.
    const HandFile base = HandFile::valid();
    size_t refused = 0;
    for (size_t i = 0; i < base.at.at("data"); ++i) {
        for (unsigned char x : {0x01, 0x80, 0xff}) {
            std::vector<unsigned char> b = base.bytes;
            b[i] ^= x;
            if (!refusal(b).empty()) ++refused;
        }
    }
    EXPECT_GT(refused, 0u);
}

TEST(GgufHostile, BadAlignmentValuesAreRefused) {
    for (uint32_t a : {0u, 3u, 48u, 1u << 21}) {
        HandFile f = HandFile::valid();
        // Replace key 0 ("general.name" = "tiny") by general.alignment: a u32.
        HandFile g;
        g.bytes.assign(f.bytes.begin(), f.bytes.begin() + f.at["k0.len"]);
        g.put_str("key", "general.alignment");
        g.put<uint32_t>("type", 4);
        g.put<uint32_t>("value", a);
        g.bytes.insert(g.bytes.end(), f.bytes.begin() + f.at["k1.len"], f.bytes.end());
        const std::string why = refusal(g.bytes);
        EXPECT_NE(why.find("general.alignment is " + std::to_string(a)), std::string::npos) << why;
    }
    HandFile f = HandFile::valid();
    HandFile g;
    g.bytes.assign(f.bytes.begin(), f.bytes.begin() + f.at["k0.len"]);
    g.put_str("key", "general.alignment");
    g.put<uint32_t>("type", 8);   // a string
    g.put_str("v", "32");
    g.bytes.insert(g.bytes.end(), f.bytes.begin() + f.at["k1.len"], f.bytes.end());
    EXPECT_NE(refusal(g.bytes).find("must be a u32"), std::string::npos) << refusal(g.bytes);
}

namespace {
std::string corpus_dir() {
    const std::string here = __FILE__;
    return here.substr(0, here.rfind('/')) + "/corpus";
}
std::string file_name_of(const char* case_name) {
    std::string s = case_name;
    for (char& c : s)
        if (c == ' ' || c == '-') c = '_';
    return s;
}
}  // namespace

// Regenerates tests/gguf/corpus (also the fuzzer's seeds):
//   lugh_gguf_tests --gtest_also_run_disabled_tests --gtest_filter='*WriteCorpus'
TEST(GgufHostile, DISABLED_WriteCorpus) {
    gguf_test::write_all(corpus_dir() + "/good_hand.gguf", HandFile::valid().bytes);
    for (const Case& c : kCases) {
        HandFile f = HandFile::valid();
        c.corrupt(f);
        gguf_test::write_all(corpus_dir() + "/bad_" + file_name_of(c.name) + ".gguf", f.bytes);
    }
}

// The committed corpus: good_* files load, bad_* files are refused.
TEST(GgufHostile, CommittedCorpus) {
    size_t good = 0, bad = 0;
    for (const Case& c : kCases) {
        const std::string path = corpus_dir() + "/bad_" + file_name_of(c.name) + ".gguf";
        const auto bytes = gguf_test::read_all(path);
        ASSERT_FALSE(bytes.empty()) << path << " is missing: regenerate the corpus";
        EXPECT_NE(refusal(bytes).find(c.message), std::string::npos) << path;
        ++bad;
    }
    const std::string ok = corpus_dir() + "/good_hand.gguf";
    lugh::gguf::File file(ok);
    lugh::Context ctx = file.load(lugh::gguf::Load::Copy);
    EXPECT_EQ(ctx.get_tensor("w").get_f32_1d(3), 3.0f);
    EXPECT_EQ(static_cast<const int8_t*>(ctx.get_tensor("q").raw()->data)[2], -16);
    ++good;
    EXPECT_EQ(good + bad, 1 + sizeof kCases / sizeof kCases[0]);
}
