// Element access: ggml_set_zero/_i32/_f32, get/set _1d and _nd, on every
// plain type and on non-contiguous views; checked indices and saturation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "core/test_support.hpp"

using lugh_test::c_error_of;
using lugh_test::CContext;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StrEq;

namespace {

// What storing v in a tensor of `type` must give back as a float.
float stored_as(ggml_type type, float v) {
    switch (type) {
        case GGML_TYPE_F16: return ggml_fp16_to_fp32(ggml_fp32_to_fp16(v));
        case GGML_TYPE_BF16: return ggml_bf16_to_fp32(ggml_fp32_to_bf16(v));
        case GGML_TYPE_I8: return std::trunc(std::fmax(-128.0f, std::fmin(127.0f, v)));
        case GGML_TYPE_I16: return std::trunc(std::fmax(-32768.0f, std::fmin(32767.0f, v)));
        case GGML_TYPE_I32: return std::trunc(v);
        default: return v;
    }
}

TEST(ElementFill, SetZeroF32AndI32OnEveryPlainType) {
    for (ggml_type type : lugh_test::plain_types()) {
        SCOPED_TRACE(ggml_type_name(type));
        CContext ctx(1 << 16);
        ggml_tensor* t = ggml_new_tensor_3d(ctx, type, 7, 3, 2);
        EXPECT_EQ(ggml_set_f32(t, 3.25f), t);
        for (int i = 0; i < 42; ++i) ASSERT_EQ(ggml_get_f32_1d(t, i), stored_as(type, 3.25f)) << i;
        EXPECT_EQ(ggml_set_i32(t, -5), t);
        for (int i = 0; i < 42; ++i) ASSERT_EQ(ggml_get_i32_1d(t, i), -5) << i;
        EXPECT_EQ(ggml_set_zero(t), t);
        for (int i = 0; i < 42; ++i) ASSERT_EQ(ggml_get_f32_1d(t, i), 0.0f) << i;
    }
}

TEST(ElementFill, SetZeroOnABlockTypeClearsItsBytes) {
    CContext ctx(1 << 14);
    ggml_tensor* q = ggml_new_tensor_1d(ctx, GGML_TYPE_Q8_0, 64);
    std::memset(q->data, 0x7f, ggml_nbytes(q));
    ggml_set_zero(q);
    for (size_t i = 0; i < ggml_nbytes(q); ++i) ASSERT_EQ(static_cast<unsigned char*>(q->data)[i], 0) << i;
    EXPECT_THAT(c_error_of([&] { ggml_set_f32(q, 1.0f); }), HasSubstr("is q8_0, a block type"));
    EXPECT_THAT(c_error_of([&] { ggml_get_f32_1d(q, 0); }), HasSubstr("a block type"));
}

TEST(ElementFill, OnANonContiguousViewTouchesOnlyItsElements) {
    for (ggml_type type : lugh_test::plain_types()) {
        SCOPED_TRACE(ggml_type_name(type));
        CContext ctx(1 << 16);
        ggml_tensor* src = ggml_new_tensor_2d(ctx, type, 8, 5);
        ggml_set_i32(src, 9);
        // Columns 2..4 of rows 1 and 3.
        ggml_tensor* v = ggml_view_tensor(ctx, src);
        v->ne[0] = 3;
        v->ne[1] = 2;
        v->nb[1] = 2 * src->nb[1];
        v->view_offs = src->nb[1] + 2 * src->nb[0];
        v->data = static_cast<char*>(src->data) + v->view_offs;
        ASSERT_FALSE(ggml_is_contiguous(v));
        auto inside = [](int col, int row) { return col >= 2 && col <= 4 && (row == 1 || row == 3); };

        ggml_set_f32(v, 4.0f);
        for (int r = 0; r < 5; ++r)
            for (int c = 0; c < 8; ++c)
                ASSERT_EQ(ggml_get_f32_nd(src, c, r, 0, 0), inside(c, r) ? 4.0f : 9.0f) << c << "," << r;
        ggml_set_i32(v, -2);
        for (int r = 0; r < 5; ++r)
            for (int c = 0; c < 8; ++c) ASSERT_EQ(ggml_get_i32_nd(src, c, r, 0, 0), inside(c, r) ? -2 : 9);
        ggml_set_zero(v);
        for (int r = 0; r < 5; ++r)
            for (int c = 0; c < 8; ++c) ASSERT_EQ(ggml_get_i32_nd(src, c, r, 0, 0), inside(c, r) ? 0 : 9);
        // Flat indices follow the view's own shape.
        ggml_set_f32_1d(v, 4, 1.0f);   // view (1, 1) = src (3, 3)
        EXPECT_EQ(ggml_get_f32_nd(src, 3, 3, 0, 0), 1.0f);
        EXPECT_EQ(ggml_get_i32_1d(v, 4), 1);
    }
}

TEST(ElementAccess, OneDAndNdAgreeOnEveryPlainType) {
    for (ggml_type type : lugh_test::plain_types()) {
        SCOPED_TRACE(ggml_type_name(type));
        CContext ctx(1 << 16);
        ggml_tensor* t = ggml_new_tensor_4d(ctx, type, 3, 4, 2, 2);
        for (int i = 0; i < 48; ++i) ggml_set_i32_1d(t, i, i - 20);
        int flat = 0;
        for (int i3 = 0; i3 < 2; ++i3)
            for (int i2 = 0; i2 < 2; ++i2)
                for (int i1 = 0; i1 < 4; ++i1)
                    for (int i0 = 0; i0 < 3; ++i0, ++flat) {
                        ASSERT_EQ(ggml_get_i32_nd(t, i0, i1, i2, i3), flat - 20);
                        ASSERT_EQ(ggml_get_f32_nd(t, i0, i1, i2, i3), static_cast<float>(flat - 20));
                    }
        ggml_set_f32_nd(t, 2, 3, 1, 1, 11.0f);
        EXPECT_EQ(ggml_get_f32_1d(t, 47), 11.0f);
        ggml_set_i32_nd(t, 0, 0, 0, 1, 12);
        EXPECT_EQ(ggml_get_i32_1d(t, 24), 12);
        ggml_set_f32_1d(t, 5, 0.5f);
        EXPECT_EQ(ggml_get_f32_1d(t, 5), stored_as(type, 0.5f));
    }
}

TEST(ElementAccess, ReadsThroughATransposedView) {
    CContext ctx(1 << 14);
    ggml_tensor* src = ggml_new_tensor_2d(ctx, GGML_TYPE_F16, 5, 3);
    for (int i = 0; i < 15; ++i) ggml_set_f32_1d(src, i, static_cast<float>(i));
    ggml_tensor* t = ggml_view_tensor(ctx, src);
    std::swap(t->ne[0], t->ne[1]);
    std::swap(t->nb[0], t->nb[1]);
    for (int i0 = 0; i0 < 3; ++i0)
        for (int i1 = 0; i1 < 5; ++i1) {
            EXPECT_EQ(ggml_get_f32_nd(t, i0, i1, 0, 0), ggml_get_f32_nd(src, i1, i0, 0, 0));
            EXPECT_EQ(ggml_get_f32_1d(t, i0 + 3 * i1), static_cast<float>(i1 + 5 * i0));
        }
}

TEST(ElementAccess, FloatToIntegerSaturates) {
    CContext ctx(1 << 14);
    ggml_tensor* i32 = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, 8);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const float in[8] = {3e9f, -3e9f, nan, inf, -inf, 2.7f, -2.7f, 2147483520.0f};
    const int32_t want[8] = {INT32_MAX, INT32_MIN, 0, INT32_MAX, INT32_MIN, 2, -2, 2147483520};
    for (int i = 0; i < 8; ++i) ggml_set_f32_1d(i32, i, in[i]);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(ggml_get_i32_1d(i32, i), want[i]) << in[i];
    ggml_set_f32(i32, 1e20f);
    EXPECT_EQ(ggml_get_i32_1d(i32, 3), INT32_MAX);

    ggml_tensor* i8 = ggml_new_tensor_1d(ctx, GGML_TYPE_I8, 4);
    ggml_set_f32_1d(i8, 0, 300.0f);
    ggml_set_f32_1d(i8, 1, -300.0f);
    ggml_set_i32_1d(i8, 2, 1000);
    ggml_set_i32_1d(i8, 3, INT32_MIN);
    EXPECT_EQ(ggml_get_i32_1d(i8, 0), 127);
    EXPECT_EQ(ggml_get_i32_1d(i8, 1), -128);
    EXPECT_EQ(ggml_get_i32_1d(i8, 2), 127);
    EXPECT_EQ(ggml_get_i32_1d(i8, 3), -128);

    ggml_tensor* i16 = ggml_new_tensor_1d(ctx, GGML_TYPE_I16, 3);
    ggml_set_f32_1d(i16, 0, 40000.0f);
    ggml_set_i32_1d(i16, 1, -40000);
    ggml_set_f32_1d(i16, 2, nan);
    EXPECT_EQ(ggml_get_i32_1d(i16, 0), 32767);
    EXPECT_EQ(ggml_get_i32_1d(i16, 1), -32768);
    EXPECT_EQ(ggml_get_i32_1d(i16, 2), 0);
}

TEST(ElementAccess, FloatTypesReadAsIntegersSaturate) {
    CContext ctx(1 << 14);
    ggml_tensor* f = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 3);
    ggml_set_f32_1d(f, 0, 1e30f);
    ggml_set_f32_1d(f, 1, std::numeric_limits<float>::quiet_NaN());
    ggml_set_f32_1d(f, 2, -7.9f);
    EXPECT_EQ(ggml_get_i32_1d(f, 0), INT32_MAX);
    EXPECT_EQ(ggml_get_i32_1d(f, 1), 0);
    EXPECT_EQ(ggml_get_i32_1d(f, 2), -7);
    ggml_tensor* h = ggml_new_tensor_1d(ctx, GGML_TYPE_F16, 1);
    ggml_set_i32_1d(h, 0, 100000);   // past the largest half: inf, read back as INT32_MAX
    EXPECT_TRUE(std::isinf(ggml_get_f32_1d(h, 0)));
    EXPECT_EQ(ggml_get_i32_1d(h, 0), INT32_MAX);
}

TEST(ElementAccess, HalfTypesRoundToNearestEven) {
    CContext ctx(1 << 14);
    ggml_tensor* h = ggml_new_tensor_1d(ctx, GGML_TYPE_F16, 2);
    ggml_tensor* b = ggml_new_tensor_1d(ctx, GGML_TYPE_BF16, 2);
    ggml_set_f32_1d(h, 0, 1.0f + std::ldexp(1.0f, -11));   // tie: to 1.0
    ggml_set_f32_1d(h, 1, 1.0f + 3 * std::ldexp(1.0f, -11));   // tie: to 1 + 2^-9
    EXPECT_EQ(ggml_get_f32_1d(h, 0), 1.0f);
    EXPECT_EQ(ggml_get_f32_1d(h, 1), 1.0f + std::ldexp(1.0f, -9));
    ggml_set_f32_1d(b, 0, 1.0f + std::ldexp(1.0f, -8));   // tie: to 1.0
    ggml_set_f32_1d(b, 1, 0.1f);
    EXPECT_EQ(ggml_get_f32_1d(b, 0), 1.0f);
    EXPECT_EQ(ggml_get_f32_1d(b, 1), ggml_bf16_to_fp32(ggml_fp32_to_bf16(0.1f)));
    EXPECT_NE(ggml_get_f32_1d(b, 1), 0.1f);
}

TEST(ElementAccess, OutOfRangeIndicesAreErrors) {
    CContext ctx(1 << 14);
    ggml_tensor* t = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 4, 3);
    EXPECT_THAT(c_error_of([&] { ggml_get_f32_1d(t, 12); }),
                ::testing::StrEq("lugh: ggml_get_f32_1d: element 12 is outside tensor (unnamed) of 12 elements"));
    ggml_set_name(t, "w");
    EXPECT_THAT(c_error_of([&] { ggml_set_f32_1d(t, -1, 0.0f); }),
                HasSubstr("ggml_set_f32_1d: element -1 is outside tensor 'w' of 12 elements"));
    EXPECT_THAT(c_error_of([&] { ggml_get_i32_1d(t, 100); }), HasSubstr("ggml_get_i32_1d: element 100"));
    EXPECT_THAT(c_error_of([&] { ggml_set_i32_1d(t, 12, 1); }), HasSubstr("ggml_set_i32_1d: element 12"));
    EXPECT_THAT(c_error_of([&] { ggml_get_f32_nd(t, 4, 0, 0, 0); }),
                ::testing::StrEq("lugh: ggml_get_f32_nd: index 4 in dimension 0 is outside tensor 'w' of shape "
                                 "[4, 3, 1, 1]"));
    EXPECT_THAT(c_error_of([&] { ggml_set_f32_nd(t, 0, 3, 0, 0, 1.0f); }), HasSubstr("index 3 in dimension 1"));
    EXPECT_THAT(c_error_of([&] { ggml_get_i32_nd(t, 0, 0, 1, 0); }), HasSubstr("index 1 in dimension 2"));
    EXPECT_THAT(c_error_of([&] { ggml_set_i32_nd(t, 0, 0, 0, -1, 1); }), HasSubstr("index -1 in dimension 3"));
    // Nothing was written by the failed calls.
    ggml_set_f32(t, 5.0f);
    EXPECT_THAT(c_error_of([&] { ggml_set_f32_nd(t, 0, 0, 0, 1, 0.0f); }), HasSubstr("outside"));
    for (int i = 0; i < 12; ++i) EXPECT_EQ(ggml_get_f32_1d(t, i), 5.0f);
}

TEST(ElementAccess, TensorWithoutDataIsAnError) {
    CContext ctx(1 << 14, nullptr, true);
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_set_name(t, "meta");
    const char* want = "lugh: ggml_set_f32: tensor 'meta' has no data";
    EXPECT_THAT(c_error_of([&] { ggml_set_f32(t, 1.0f); }), HasSubstr(want));
    EXPECT_THAT(c_error_of([&] { ggml_set_i32(t, 1); }), HasSubstr("ggml_set_i32: tensor 'meta' has no data"));
    EXPECT_THAT(c_error_of([&] { ggml_set_zero(t); }), HasSubstr("ggml_set_zero: tensor 'meta' has no data"));
    EXPECT_THAT(c_error_of([&] { ggml_get_f32_1d(t, 0); }), HasSubstr("has no data"));
    EXPECT_THAT(c_error_of([&] { ggml_get_i32_nd(t, 0, 0, 0, 0); }), HasSubstr("has no data"));
    EXPECT_THAT(c_error_of([&] { ggml_set_zero(nullptr); }), HasSubstr("ggml_set_zero: tensor is NULL"));
}

TEST(ElementAccess, RawDataPointers) {
    CContext ctx(1 << 14);
    ggml_tensor* f = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_tensor* i = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, 4);
    EXPECT_EQ(ggml_get_data(f), f->data);
    EXPECT_EQ(ggml_get_data(i), i->data);
    EXPECT_EQ(ggml_get_data_f32(f), static_cast<float*>(f->data));
    ggml_get_data_f32(f)[2] = 6.5f;
    EXPECT_EQ(ggml_get_f32_1d(f, 2), 6.5f);
    EXPECT_THAT(c_error_of([&] { ggml_get_data_f32(i); }),
                StrEq("lugh: ggml_get_data_f32: tensor (unnamed) is i32, not f32"));
    EXPECT_THAT(c_error_of([&] { ggml_get_data_f32(nullptr); }), HasSubstr("tensor is NULL"));
}

}  // namespace
