// Write a GGUF file with every value type and tensor type through the C API,
// read it back (data copied, metadata only, memory-mapped) and compare every
// key and every byte; write it again and get the same file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "gguf_test_util.hpp"
#include "lugh/ggml/ggml.h"
#include "lugh/ggml/gguf.h"

using gguf_test::TempPath;

namespace {

struct Fixture {
    ggml_context* ctx = nullptr;
    gguf_context* gguf = nullptr;
    std::vector<ggml_tensor*> tensors;

    Fixture() {
        ctx = ggml_init({8 << 20, nullptr, false});
        gguf = gguf_init_empty();
        gguf_set_val_u8(gguf, "v.u8", 200);
        gguf_set_val_i8(gguf, "v.i8", -100);
        gguf_set_val_u16(gguf, "v.u16", 60000);
        gguf_set_val_i16(gguf, "v.i16", -30000);
        gguf_set_val_u32(gguf, "v.u32", 4000000000u);
        gguf_set_val_i32(gguf, "v.i32", -2000000000);
        gguf_set_val_f32(gguf, "v.f32", 3.25f);
        gguf_set_val_u64(gguf, "v.u64", 18000000000000000000ull);
        gguf_set_val_i64(gguf, "v.i64", -9000000000000000000ll);
        gguf_set_val_f64(gguf, "v.f64", -1.0 / 3.0);
        gguf_set_val_bool(gguf, "v.bool", true);
        gguf_set_val_str(gguf, "general.name", "round trip");
        const int32_t ints[5] = {1, -2, 3, -4, 5};
        gguf_set_arr_data(gguf, "a.i32", GGUF_TYPE_INT32, ints, 5);
        const float floats[3] = {0.5f, -1.5f, 1e30f};
        gguf_set_arr_data(gguf, "a.f32", GGUF_TYPE_FLOAT32, floats, 3);
        gguf_set_arr_data(gguf, "a.empty", GGUF_TYPE_UINT8, nullptr, 0);
        const char* words[3] = {"alpha", "", "gamma delta"};
        gguf_set_arr_str(gguf, "a.str", words, 3);

        std::mt19937 rng(1);
        const ggml_type types[] = {GGML_TYPE_F32, GGML_TYPE_F16, GGML_TYPE_BF16, GGML_TYPE_Q8_0, GGML_TYPE_Q4_0, GGML_TYPE_I32};
        int i = 0;
        for (ggml_type t : types) {
            ggml_tensor* x = ggml_new_tensor_2d(ctx, t, 64, 3 + i);
            ggml_format_name(x, "tensor.%s", ggml_type_name(t));
            auto* b = static_cast<unsigned char*>(x->data);
            for (size_t k = 0; k < ggml_nbytes(x); ++k) b[k] = static_cast<unsigned char>(rng());
            gguf_add_tensor(gguf, x);
            tensors.push_back(x);
            ++i;
        }
        ggml_tensor* v = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 7);   // odd size: padding follows
        ggml_set_name(v, "odd");
        ggml_set_f32(v, 1.5f);
        gguf_add_tensor(gguf, v);
        tensors.push_back(v);
    }
    ~Fixture() {
        gguf_free(gguf);
        ggml_free(ctx);
    }
};

// Bytes of one element of a fixed-size value type (from the format's definition).
size_t value_size(gguf_type t) {
    switch (t) {
        case GGUF_TYPE_UINT8: case GGUF_TYPE_INT8: case GGUF_TYPE_BOOL: return 1;
        case GGUF_TYPE_UINT16: case GGUF_TYPE_INT16: return 2;
        case GGUF_TYPE_UINT32: case GGUF_TYPE_INT32: case GGUF_TYPE_FLOAT32: return 4;
        default: return 8;
    }
}

void expect_same_keys(const gguf_context* a, const gguf_context* b) {
    ASSERT_EQ(gguf_get_n_kv(a), gguf_get_n_kv(b));
    for (int64_t i = 0; i < gguf_get_n_kv(a); ++i) {
        SCOPED_TRACE(gguf_get_key(a, i));
        EXPECT_STREQ(gguf_get_key(a, i), gguf_get_key(b, i));
        const gguf_type t = gguf_get_kv_type(a, i);
        ASSERT_EQ(t, gguf_get_kv_type(b, i));
        if (t == GGUF_TYPE_STRING) {
            EXPECT_STREQ(gguf_get_val_str(a, i), gguf_get_val_str(b, i));
        } else if (t == GGUF_TYPE_ARRAY) {
            ASSERT_EQ(gguf_get_arr_type(a, i), gguf_get_arr_type(b, i));
            ASSERT_EQ(gguf_get_arr_n(a, i), gguf_get_arr_n(b, i));
            if (gguf_get_arr_type(a, i) == GGUF_TYPE_STRING) {
                for (size_t k = 0; k < gguf_get_arr_n(a, i); ++k)
                    EXPECT_STREQ(gguf_get_arr_str(a, i, k), gguf_get_arr_str(b, i, k));
            } else if (gguf_get_arr_n(a, i) > 0) {
                const size_t bytes = gguf_get_arr_n(a, i) * value_size(gguf_get_arr_type(a, i));
                EXPECT_EQ(std::memcmp(gguf_get_arr_data(a, i), gguf_get_arr_data(b, i), bytes), 0);
            }
        } else {
            EXPECT_EQ(std::memcmp(gguf_get_val_data(a, i), gguf_get_val_data(b, i), value_size(t)), 0);
        }
    }
}

}  // namespace

TEST(GgufRoundTrip, EveryKeyAndTensorByteComesBack) {
    Fixture f;
    TempPath path("roundtrip");
    ASSERT_TRUE(gguf_write_to_file(f.gguf, path.c_str(), false));

    ggml_context* loaded = nullptr;
    gguf_context* g = gguf_init_from_file(path.c_str(), {false, &loaded});
    ASSERT_NE(g, nullptr);
    ASSERT_NE(loaded, nullptr);
    EXPECT_EQ(gguf_get_version(g), 3u);
    EXPECT_EQ(gguf_get_alignment(g), 32u);
    EXPECT_EQ(gguf_get_data_offset(g) % 32, 0u);
    EXPECT_EQ(gguf_get_data_offset(g), gguf_get_meta_size(f.gguf));
    expect_same_keys(f.gguf, g);

    EXPECT_EQ(gguf_get_val_u8(g, gguf_find_key(g, "v.u8")), 200);
    EXPECT_EQ(gguf_get_val_i8(g, gguf_find_key(g, "v.i8")), -100);
    EXPECT_EQ(gguf_get_val_u16(g, gguf_find_key(g, "v.u16")), 60000);
    EXPECT_EQ(gguf_get_val_i16(g, gguf_find_key(g, "v.i16")), -30000);
    EXPECT_EQ(gguf_get_val_u32(g, gguf_find_key(g, "v.u32")), 4000000000u);
    EXPECT_EQ(gguf_get_val_i32(g, gguf_find_key(g, "v.i32")), -2000000000);
    EXPECT_EQ(gguf_get_val_f32(g, gguf_find_key(g, "v.f32")), 3.25f);
    EXPECT_EQ(gguf_get_val_u64(g, gguf_find_key(g, "v.u64")), 18000000000000000000ull);
    EXPECT_EQ(gguf_get_val_i64(g, gguf_find_key(g, "v.i64")), -9000000000000000000ll);
    EXPECT_EQ(gguf_get_val_f64(g, gguf_find_key(g, "v.f64")), -1.0 / 3.0);
    EXPECT_TRUE(gguf_get_val_bool(g, gguf_find_key(g, "v.bool")));
    EXPECT_STREQ(gguf_get_val_str(g, gguf_find_key(g, "general.name")), "round trip");
    const int64_t ai = gguf_find_key(g, "a.i32");
    EXPECT_EQ(gguf_get_arr_type(g, ai), GGUF_TYPE_INT32);
    EXPECT_EQ(gguf_get_arr_n(g, ai), 5u);
    EXPECT_EQ(static_cast<const int32_t*>(gguf_get_arr_data(g, ai))[3], -4);
    EXPECT_STREQ(gguf_get_arr_str(g, gguf_find_key(g, "a.str"), 2), "gamma delta");
    EXPECT_STREQ(gguf_get_arr_str(g, gguf_find_key(g, "a.str"), 1), "");
    EXPECT_EQ(gguf_get_arr_n(g, gguf_find_key(g, "a.empty")), 0u);
    EXPECT_EQ(gguf_find_key(g, "no.such.key"), -1);

    ASSERT_EQ(gguf_get_n_tensors(g), static_cast<int64_t>(f.tensors.size()));
    for (size_t i = 0; i < f.tensors.size(); ++i) {
        const ggml_tensor* src = f.tensors[i];
        SCOPED_TRACE(src->name);
        const int64_t id = gguf_find_tensor(g, src->name);
        ASSERT_EQ(id, static_cast<int64_t>(i));
        EXPECT_STREQ(gguf_get_tensor_name(g, id), src->name);
        EXPECT_EQ(gguf_get_tensor_type(g, id), src->type);
        EXPECT_EQ(gguf_get_tensor_size(g, id), ggml_nbytes(src));
        EXPECT_EQ(gguf_get_tensor_offset(g, id) % 32, 0u);
        const ggml_tensor* t = ggml_get_tensor(loaded, src->name);
        ASSERT_NE(t, nullptr);
        EXPECT_EQ(t->type, src->type);
        for (int d = 0; d < 4; ++d) EXPECT_EQ(t->ne[d], src->ne[d]);
        EXPECT_EQ(std::memcmp(t->data, src->data, ggml_nbytes(src)), 0);
    }
    EXPECT_EQ(gguf_find_tensor(g, "absent"), -1);

    // Writing what was read gives the same file, byte for byte.
    gguf_context* again = gguf_init_empty();
    gguf_set_kv(again, g);
    for (ggml_tensor* t = ggml_get_first_tensor(loaded); t; t = ggml_get_next_tensor(loaded, t)) gguf_add_tensor(again, t);
    TempPath path2("roundtrip2");
    ASSERT_TRUE(gguf_write_to_file(again, path2.c_str(), false));
    EXPECT_EQ(gguf_test::read_all(path.str()), gguf_test::read_all(path2.str()));

    gguf_free(again);
    gguf_free(g);
    ggml_free(loaded);
}

TEST(GgufRoundTrip, MetadataOnlyAndOnlyMetaFiles) {
    Fixture f;
    TempPath full("full"), meta("meta");
    ASSERT_TRUE(gguf_write_to_file(f.gguf, full.c_str(), false));
    ASSERT_TRUE(gguf_write_to_file(f.gguf, meta.c_str(), true));
    const auto meta_bytes = gguf_test::read_all(meta.str());
    EXPECT_EQ(meta_bytes.size(), gguf_get_meta_size(f.gguf));
    std::vector<unsigned char> copy(gguf_get_meta_size(f.gguf));
    gguf_get_meta_data(f.gguf, copy.data());
    EXPECT_EQ(copy, meta_bytes);
    const auto full_bytes = gguf_test::read_all(full.str());
    EXPECT_TRUE(std::equal(meta_bytes.begin(), meta_bytes.end(), full_bytes.begin()));

    // An only_meta file parses without a context (its keys and tensor infos) ...
    gguf_context* g = gguf_init_from_file(meta.c_str(), {false, nullptr});
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(gguf_get_tensor_size(g, gguf_find_tensor(g, "tensor.q8_0")), 6 * 2 * 34u);   // 64 x 6 in blocks of 32
    gguf_free(g);
    g = gguf_init_from_file(meta.c_str(), {true, nullptr});
    ASSERT_NE(g, nullptr);
    gguf_free(g);
    // ... but loads in no mode: its tensors have no bytes in the file, which a
    // mapping loader would read past the end.
    for (bool no_alloc : {false, true}) {
        ggml_context* ctx = nullptr;
        testing::internal::CaptureStderr();
        EXPECT_EQ(gguf_init_from_file(meta.c_str(), {no_alloc, &ctx}), nullptr);
        EXPECT_NE(testing::internal::GetCapturedStderr().find("but the file has"), std::string::npos);
        EXPECT_EQ(ctx, nullptr);
    }
    // The whole file loads metadata-only: shapes, no data.
    ggml_context* shapes = nullptr;
    g = gguf_init_from_file(full.c_str(), {true, &shapes});
    ASSERT_NE(g, nullptr);
    EXPECT_TRUE(ggml_get_no_alloc(shapes));
    const ggml_tensor* t = ggml_get_tensor(shapes, "tensor.q8_0");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->data, nullptr);
    EXPECT_EQ(ggml_nbytes(t), gguf_get_tensor_size(g, gguf_find_tensor(g, "tensor.q8_0")));
    gguf_free(g);
    ggml_free(shapes);
}

TEST(GgufRoundTrip, MmapContextPointsIntoTheFileAndUnmapsOnFree) {
    Fixture f;
    TempPath path("mmap");
    ASSERT_TRUE(gguf_write_to_file(f.gguf, path.c_str(), false));
    ggml_context* weights = nullptr;
    gguf_context* g = lugh_gguf_init_from_file_mmap(path.c_str(), &weights);
    ASSERT_NE(g, nullptr);
    // The arena holds metadata only: the data is in the mapping.
    EXPECT_LT(ggml_get_mem_size(weights), 8 * 256 + 1024u);
    for (const ggml_tensor* src : f.tensors) {
        const ggml_tensor* t = ggml_get_tensor(weights, src->name);
        ASSERT_NE(t, nullptr);
        EXPECT_EQ(std::memcmp(t->data, src->data, ggml_nbytes(src)), 0);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(t->data) % 32, 0u);   // page-aligned map + 32-aligned offsets
    }
    auto mapped = [&] {
        const auto maps = gguf_test::read_all("/proc/self/maps");
        return std::string(maps.begin(), maps.end()).find(path.str()) != std::string::npos;
    };
    EXPECT_TRUE(mapped());
    gguf_free(g);
    EXPECT_TRUE(mapped());   // the weight context still holds it
    ggml_free(weights);
    EXPECT_FALSE(mapped());
}

TEST(GgufRoundTrip, AlignmentKeyMovesOffsets) {
    Fixture f;
    gguf_set_val_u32(f.gguf, GGUF_KEY_GENERAL_ALIGNMENT, 256);
    EXPECT_EQ(gguf_get_alignment(f.gguf), 256u);
    TempPath path("align");
    ASSERT_TRUE(gguf_write_to_file(f.gguf, path.c_str(), false));
    ggml_context* loaded = nullptr;
    gguf_context* g = gguf_init_from_file(path.c_str(), {false, &loaded});
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(gguf_get_alignment(g), 256u);
    EXPECT_EQ(gguf_get_data_offset(g) % 256, 0u);
    for (int64_t i = 0; i < gguf_get_n_tensors(g); ++i) EXPECT_EQ(gguf_get_tensor_offset(g, i) % 256, 0u);
    EXPECT_EQ(std::memcmp(ggml_get_tensor(loaded, "odd")->data, f.tensors.back()->data, 28), 0);
    gguf_free(g);
    ggml_free(loaded);
}

TEST(GgufRoundTrip, SetReplacesInPlaceAndRemoveForgets) {
    gguf_context* g = gguf_init_empty();
    gguf_set_val_i32(g, "a", 1);
    gguf_set_val_i32(g, "b", 2);
    gguf_set_val_str(g, "a", "now a string");
    EXPECT_EQ(gguf_get_n_kv(g), 2);
    EXPECT_EQ(gguf_find_key(g, "a"), 0);
    EXPECT_EQ(gguf_get_kv_type(g, 0), GGUF_TYPE_STRING);
    EXPECT_EQ(gguf_remove_key(g, "a"), 0);
    EXPECT_EQ(gguf_remove_key(g, "a"), -1);
    EXPECT_EQ(gguf_find_key(g, "b"), 0);
    EXPECT_STREQ(gguf_type_name(GGUF_TYPE_ARRAY), "arr");
    gguf_free(g);
}

TEST(GgufRoundTripDeath, MisuseAbortsWithAMessage) {
    gguf_context* g = gguf_init_empty();
    gguf_set_val_str(g, "s", "text");
    EXPECT_DEATH(gguf_get_val_u32(g, 0), "key 's' holds a str, not a u32");
    EXPECT_DEATH(gguf_get_key(g, 5), "key id 5 is out of range");
    EXPECT_DEATH(gguf_get_arr_n(g, 0), "not a arr");
    EXPECT_DEATH(gguf_get_tensor_name(g, 0), "tensor id 0 is out of range");
    EXPECT_DEATH(gguf_set_val_u32(g, GGUF_KEY_GENERAL_ALIGNMENT, 48), "power of two");
    EXPECT_DEATH(gguf_set_val_str(g, GGUF_KEY_GENERAL_ALIGNMENT, "x"), "must be a u32");
    EXPECT_DEATH(gguf_set_arr_data(g, "x", GGUF_TYPE_STRING, nullptr, 1), "not a fixed-size type");
    ggml_context* ctx = ggml_init({1 << 20, nullptr, false});
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_set_name(t, "t");
    gguf_add_tensor(g, t);
    EXPECT_DEATH(gguf_add_tensor(g, t), "already added");
    ggml_tensor* unnamed = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    EXPECT_DEATH(gguf_add_tensor(g, unnamed), "must have 1 to 63 bytes");
    ggml_free(ctx);
    gguf_free(g);
}

TEST(GgufRoundTrip, MissingFileAndWriteErrorsReportOnStderr) {
    testing::internal::CaptureStderr();
    EXPECT_EQ(gguf_init_from_file("/nonexistent/dir/x.gguf", {false, nullptr}), nullptr);
    EXPECT_NE(testing::internal::GetCapturedStderr().find("cannot open '/nonexistent/dir/x.gguf'"), std::string::npos);
    testing::internal::CaptureStderr();
    EXPECT_EQ(gguf_init_from_file("/tmp", {false, nullptr}), nullptr);
    EXPECT_NE(testing::internal::GetCapturedStderr().find("not a regular file"), std::string::npos);
    gguf_context* g = gguf_init_empty();
    testing::internal::CaptureStderr();
    EXPECT_FALSE(gguf_write_to_file(g, "/nonexistent/dir/y.gguf", false));
    EXPECT_NE(testing::internal::GetCapturedStderr().find("cannot create"), std::string::npos);
    gguf_free(g);
}
