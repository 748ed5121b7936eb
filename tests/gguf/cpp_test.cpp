// lugh::gguf::File and Writer: typed keys, the three load modes, lifetimes,
// and errors as lugh::Error with the objects left usable.
#include <gtest/gtest.h>

#include <cstring>

#include "gguf_test_util.hpp"
#include "lugh/gguf.hpp"
#include "lugh/ggml/ggml.h"
#include "lugh/lugh.hpp"
#include "lugh/quant.hpp"

using gguf_test::TempPath;
namespace lg = lugh::gguf;

namespace {

// A file with a few keys and three tensors, written through the C++ Writer.
std::string write_sample(const TempPath& path) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::new_f32(ctx, {64, 3});
    a.set_name("a");
    std::vector<float> v(64 * 3);
    for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i) * 0.25f - 7.0f;
    a.set_f32(v);
    auto h = lugh::Tensor::create(ctx, lugh::Type::F16, {5});
    h.set_name("h");
    h.set_f32({1, 2, 3, 4, 5});
    const auto q = lugh::quant::quantize(lugh::Type::Q4_0, v, 64);

    lg::Writer w;
    w.set_string("general.architecture", "test");
    w.set_u32("test.layers", 12);
    w.set_i64("test.big", -5);
    w.set_u64("test.huge", UINT64_MAX);
    w.set_f32("test.eps", 1e-5f);
    w.set_bool("test.flag", true);
    const float scores[3] = {0.5f, 1.5f, -2.0f};
    w.set_array("test.scores", lg::ValueType::F32, scores, 3);
    const uint16_t ids[4] = {1, 2, 65535, 4};
    w.set_array("test.ids", lg::ValueType::U16, ids, 4);
    w.set_string_array("tokenizer.tokens", {"<s>", "</s>", "hello"});
    w.add_tensor(a);
    w.add_tensor(h);
    w.add_tensor("q", lugh::Type::Q4_0, {64, 3}, q.data());
    w.write(path.str());
    return path.str();
}

}  // namespace

TEST(GgufCpp, TypedKeys) {
    TempPath path("cpp_keys");
    lg::File f(write_sample(path));
    EXPECT_EQ(f.version(), 3u);
    EXPECT_EQ(f.keys().size(), 9u);
    EXPECT_EQ(f.get_string("general.architecture"), "test");
    EXPECT_EQ(f.get_int("test.layers"), 12);
    EXPECT_EQ(f.get_uint("test.layers"), 12u);
    EXPECT_EQ(f.get_int("test.big"), -5);
    EXPECT_EQ(f.get_uint("test.huge"), UINT64_MAX);
    EXPECT_THROW(f.get_int("test.huge"), lugh::Error);
    EXPECT_THROW(f.get_uint("test.big"), lugh::Error);
    EXPECT_FLOAT_EQ(static_cast<float>(f.get_float("test.eps")), 1e-5f);
    EXPECT_TRUE(f.get_bool("test.flag"));
    EXPECT_EQ(f.type("test.scores"), lg::ValueType::Array);
    EXPECT_EQ(f.array_type("test.scores"), lg::ValueType::F32);
    EXPECT_EQ(f.get_float_array("test.scores"), (std::vector<double>{0.5, 1.5, -2.0}));
    EXPECT_EQ(f.get_int_array("test.ids"), (std::vector<int64_t>{1, 2, 65535, 4}));
    EXPECT_EQ(f.get_string_array("tokenizer.tokens"), (std::vector<std::string>{"<s>", "</s>", "hello"}));
    EXPECT_EQ(f.array_size("tokenizer.tokens"), 3u);
    EXPECT_EQ(f.value_string("tokenizer.tokens", 2), "[\"<s>\", \"</s>\", ... (3 items)]");
    EXPECT_THROW(f.get_string("test.layers"), lugh::Error);
    EXPECT_THROW(f.get_int("no.such.key"), lugh::Error);
    EXPECT_THROW(f.array_size("test.layers"), lugh::Error);
    EXPECT_FALSE(f.has_key("no.such.key"));
}

TEST(GgufCpp, TensorsLoadInEveryMode) {
    TempPath path("cpp_load");
    lg::File f(write_sample(path));
    ASSERT_EQ(f.tensors().size(), 3u);
    EXPECT_EQ(f.tensor("q").type, lugh::Type::Q4_0);
    EXPECT_EQ(f.tensor("q").shape, (std::vector<int64_t>{64, 3}));
    EXPECT_EQ(f.tensor("h").nbytes, 10u);
    EXPECT_THROW(f.tensor("nope"), lugh::Error);

    lugh::Context copy = f.load(lg::Load::Copy);
    lugh::Context mapped = f.load(lg::Load::Mmap);
    lugh::Context shapes = f.load(lg::Load::MetadataOnly);
    EXPECT_LT(mapped.mem_size(), copy.mem_size());
    for (const auto& info : f.tensors()) {
        SCOPED_TRACE(info.name);
        auto c = copy.get_tensor(info.name);
        auto m = mapped.get_tensor(info.name);
        EXPECT_EQ(c.shape(), info.shape);
        EXPECT_EQ(c.get_data(), m.get_data());
        EXPECT_EQ(std::memcmp(c.raw()->data, f.tensor_data(info.name), info.nbytes), 0);
        EXPECT_EQ(m.raw()->data, f.tensor_data(info.name));   // no copy: the very bytes of the mapping
        EXPECT_FALSE(shapes.get_tensor(info.name).has_data());
    }
    EXPECT_EQ(copy.get_tensor("h").get_f32(), (std::vector<float>{1, 2, 3, 4, 5}));
    EXPECT_EQ(copy.get_tensor("a").get_f32_1d(5), 5 * 0.25f - 7.0f);
}

TEST(GgufCpp, MmapOutlivesTheFileObject) {
    TempPath path("cpp_mmap");
    write_sample(path);
    lugh::Context ctx(1 << 16);
    std::vector<lugh::Tensor> tensors;
    {
        lg::File f(path.str());
        tensors = f.load_into(ctx, lg::Load::Mmap);
    }
    lg::File f(path.str());
    // The File is gone; the context still holds the mapping.
    EXPECT_EQ(tensors[1].get_f32(), (std::vector<float>{1, 2, 3, 4, 5}));
    // Two files' mappings can live in one context.
    TempPath path2("cpp_mmap2");
    write_sample(path2);
    lg::File f2(path2.str());
    lugh::Context ctx2(1 << 16);
    f2.load_into(ctx2, lg::Load::Mmap);
    f.load_into(ctx2, lg::Load::Mmap);
    EXPECT_EQ(ctx2.n_tensors(), 6u);
}

TEST(GgufCpp, LoadIntoChecksBeforeChanging) {
    TempPath path("cpp_check");
    lg::File f(write_sample(path));
    lugh::Context small(1024);
    EXPECT_THROW(f.load_into(small, lg::Load::Copy), lugh::Error);
    EXPECT_EQ(small.n_tensors(), 0u);
    lugh::ContextParams p;
    p.mem_size = 1 << 20;
    p.no_alloc = true;
    lugh::Context no_alloc(p);
    EXPECT_THROW(f.load_into(no_alloc, lg::Load::Copy), lugh::Error);
    EXPECT_EQ(no_alloc.n_tensors(), 0u);
    EXPECT_EQ(f.load_into(no_alloc, lg::Load::MetadataOnly).size(), 3u);
}

TEST(GgufCpp, WriterErrorsLeaveItUsable) {
    lg::Writer w;
    EXPECT_THROW(w.set_alignment(3), lugh::Error);
    EXPECT_THROW(w.set_string("", "x"), lugh::Error);
    EXPECT_THROW(w.add_tensor("bad", lugh::Type::Q8_0, {31}, nullptr), lugh::Error);
    EXPECT_THROW(w.add_tensor(std::string(64, 'n'), lugh::Type::F32, {1}, nullptr), lugh::Error);
    EXPECT_THROW(w.set_array("x", lg::ValueType::String, nullptr, 1), lugh::Error);
    w.set_alignment(64);
    float one = 1.0f;
    w.add_tensor("one", lugh::Type::F32, {1}, &one);
    EXPECT_THROW(w.add_tensor("one", lugh::Type::F32, {1}, &one), lugh::Error);
    lugh::Tensor dead;
    {
        lugh::Context ctx(1 << 16);
        dead = lugh::Tensor::new_f32(ctx, {4});
        dead.set_name("dead");
        w.add_tensor(dead);
    }
    TempPath path("cpp_dead");
    EXPECT_THROW(w.write(path.str()), lugh::Error);   // its context is gone
    EXPECT_THROW(w.write("/nonexistent/dir/x.gguf", true), lugh::Error);
    w.write(path.str(), true);                          // metadata needs no data
    lg::File f(path.str());
    EXPECT_EQ(f.alignment(), 64u);
    EXPECT_EQ(f.tensors().size(), 2u);
}

TEST(GgufCpp, CopyKeysKeepsEveryValue) {
    TempPath path("cpp_src"), path2("cpp_dst");
    lg::File src(write_sample(path));
    lg::Writer w;
    w.copy_keys(src);
    w.write(path2.str());
    lg::File dst(path2.str());
    ASSERT_EQ(dst.keys(), src.keys());
    for (const auto& k : src.keys()) EXPECT_EQ(dst.value_string(k, 100), src.value_string(k, 100)) << k;
}

TEST(GgufCpp, OpenErrorsThrow) {
    EXPECT_THROW(lg::File("/nonexistent.gguf"), lugh::Error);
    TempPath empty("cpp_empty");
    gguf_test::write_all(empty.str(), {});
    try {
        lg::File f(empty.str());
        FAIL() << "an empty file was accepted";
    } catch (const lugh::Error& e) {
        EXPECT_NE(std::string(e.what()).find("no \"GGUF\" magic"), std::string::npos) << e.what();
    }
}

// A NUL byte in a key or tensor name: the reader refuses such files, so the
// writer must not make them (before, "a\0b" was written and read back as "a").
TEST(GgufCpp, WriterRefusesNulInKeysAndNames) {
    lg::Writer w;
    w.set_u8("a", 1);
    const std::string with_nul("a\0b", 3);
    EXPECT_THROW(w.set_u8(with_nul, 2), lugh::Error);
    EXPECT_THROW(w.set_string(with_nul, "x"), lugh::Error);
    EXPECT_THROW(w.set_string_array(with_nul, {"x"}), lugh::Error);
    float one = 1.0f;
    try {
        w.add_tensor(with_nul, lugh::Type::F32, {1}, &one);
        ADD_FAILURE() << "a tensor name with a NUL byte was accepted";
    } catch (const lugh::Error& e) {
        EXPECT_NE(std::string(e.what()).find("no NUL byte"), std::string::npos) << e.what();
    }
    lugh::Context ctx(1 << 16);
    auto t = lugh::Tensor::new_f32(ctx, {1});
    t.set_name("t");
    w.add_tensor(t);
    TempPath path("cpp_nul");
    w.write(path.str());   // what was refused changed nothing
    lg::File f(path.str());
    EXPECT_EQ(f.keys(), std::vector<std::string>{"a"});
    EXPECT_EQ(f.get_int("a"), 1);
    ASSERT_EQ(f.tensors().size(), 1u);
    EXPECT_EQ(f.tensors()[0].name, "t");
}
