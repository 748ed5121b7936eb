// Files with many keys and tensors read, look up and write in linear time:
// keys and tensor names are indexed, and adding a tensor or changing its type
// does not lay every other tensor out again. (Before: 40k one-byte keys took
// 17 s in gguf-info; 200k empty tensors never finished in quantize.)
//
// The complexity is asserted loosely and without absolute times: on 16x the
// items the work must grow about as much as a reference measured in the same
// run (a hash table of the same names, which is linear), not 16x more as a
// quadratic pass would. Times are this thread's CPU time, best of three.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "gguf_test_util.hpp"
#include "lugh/ggml/gguf.h"
#include "lugh/gguf.hpp"

namespace lg = lugh::gguf;

namespace {

// This thread's CPU time: what other processes do does not count.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Under AddressSanitizer (which checks memory, not speed, and is 10x slower
// here) the sizes are a quarter; the Release run checks the full sizes.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr size_t kShrink = 4;
#else
constexpr size_t kShrink = 1;
#endif

std::string key_name(size_t i) { return "k" + std::to_string(i); }
std::string tensor_name(size_t i) { return "t" + std::to_string(i); }

// Write n_keys keys and n_tensors empty tensors, then do what gguf-info and
// quantize do: look every key and tensor up, copy them to a new writer, and
// through the C API change every tensor's type. Returns seconds.
double read_and_rewrite(size_t n_keys, size_t n_tensors) {
    gguf_test::TempPath path("scale"), copy("scale_copy");
    {
        lg::Writer w;
        for (size_t i = 0; i < n_keys; ++i) w.set_u8(key_name(i), static_cast<uint8_t>(i));
        for (size_t i = 0; i < n_tensors; ++i) w.add_tensor(tensor_name(i), lugh::Type::F32, {0}, nullptr);
        w.write(path.str());
    }
    const double start = cpu_seconds();
    lg::File f(path.str());
    size_t checked = 0;
    for (const auto& k : f.keys()) checked += f.type(k) == lg::ValueType::U8 && !f.value_string(k).empty();
    lg::Writer out;
    out.copy_keys(f);
    for (const auto& t : f.tensors()) {
        checked += f.tensor(t.name).nbytes == 0;
        out.add_tensor(t.name, t.type, t.shape, f.tensor_data(t.name));
    }
    out.write(copy.str());
    gguf_context* g = gguf_init_from_file(copy.c_str(), {true, nullptr});
    for (size_t i = 0; i < n_keys; ++i) checked += gguf_find_key(g, key_name(i).c_str()) == static_cast<int64_t>(i);
    for (size_t i = 0; i < n_tensors; ++i) gguf_set_tensor_type(g, tensor_name(i).c_str(), GGML_TYPE_F16);
    checked += gguf_get_tensor_offset(g, static_cast<int64_t>(n_tensors) - 1) == 0;
    gguf_free(g);
    const double seconds = cpu_seconds() - start;
    EXPECT_EQ(checked, 2 * n_keys + n_tensors + 1);
    return seconds;
}

// The reference: what any linear reader of as many names pays, with the same
// cache and allocator effects (a hash table of the names, built, copied and
// searched a few times over).
double hash_the_names(size_t n_keys, size_t n_tensors) {
    std::vector<std::string> names;
    for (size_t i = 0; i < n_keys; ++i) names.push_back(key_name(i));
    for (size_t i = 0; i < n_tensors; ++i) names.push_back(tensor_name(i));
    const double start = cpu_seconds();
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < names.size(); ++i) index.emplace(names[i], i);
    size_t found = 0;
    for (int pass = 0; pass < 3; ++pass) {
        const std::unordered_map<std::string, size_t> copy = index;
        for (const auto& n : names) found += copy.count(n);
    }
    const double seconds = cpu_seconds() - start;
    EXPECT_EQ(found, 3 * names.size());
    return seconds;
}

double best_of_three(double (*work)(size_t, size_t), size_t n_keys, size_t n_tensors) {
    double best = 1e300;
    for (int run = 0; run < 3; ++run) best = std::min(best, work(n_keys, n_tensors));
    return best;
}

}  // namespace

TEST(GgufScale, ManyKeysAndTensorsTakeLinearTime) {
    const size_t keys = 40000 / kShrink, tensors = 200000 / kShrink;
    const double small = best_of_three(read_and_rewrite, keys / 16, tensors / 16);
    const double large = best_of_three(read_and_rewrite, keys, tensors);
    const double ref_small = best_of_three(hash_the_names, keys / 16, tensors / 16);
    const double ref_large = best_of_three(hash_the_names, keys, tensors);
    // 16x the items: linear code grows as the reference does (both 20-40x
    // here, from cache misses); quadratic code grows 16x more than that.
    const double growth = large / small, ref_growth = ref_large / ref_small;
    std::printf("16x the keys and tensors: %.1fx the time (%.3f -> %.3f s); a hash table of the names: %.1fx\n",
                growth, small, large, ref_growth);
    EXPECT_LT(growth / ref_growth, 4.0);
}

TEST(GgufScale, LookupsAreExactNotCStrings) {
    // "a" and "a\0b" are different std::strings; the index must not confuse them
    // (and a key holding NUL is refused anyway).
    gguf_test::TempPath path("exact");
    lg::Writer w;
    w.set_u8("a", 1);
    w.write(path.str());
    lg::File f(path.str());
    EXPECT_TRUE(f.has_key("a"));
    EXPECT_FALSE(f.has_key(std::string("a\0b", 3)));
    EXPECT_THROW(f.get_int(std::string("a\0b", 3)), lugh::Error);
}
