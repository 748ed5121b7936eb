// Shape and layout queries, on contiguous tensors and on hand-made views.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/test_support.hpp"

using lugh_test::CContext;

namespace {

// A view of src with the given shape and strides (in bytes), made the way an
// op constructor makes one: ggml_view_tensor, then new ne/nb.
ggml_tensor* strided_view(ggml_context* ctx, ggml_tensor* src, std::array<int64_t, 4> ne, std::array<size_t, 4> nb) {
    ggml_tensor* v = ggml_view_tensor(ctx, src);
    for (int i = 0; i < 4; ++i) {
        v->ne[i] = ne[i];
        v->nb[i] = nb[i];
    }
    return v;
}

TEST(TensorShape, CountsOfContiguousTensors) {
    CContext ctx(1 << 16, nullptr, true);
    for (ggml_type type : lugh_test::plain_types()) {
        ggml_tensor* t = ggml_new_tensor_4d(ctx, type, 7, 3, 2, 5);
        const size_t es = ggml_type_size(type);
        EXPECT_EQ(ggml_nelements(t), 210);
        EXPECT_EQ(ggml_nrows(t), 30);
        EXPECT_EQ(ggml_nbytes(t), 210 * es);
        EXPECT_EQ(ggml_nbytes_pad(t), lugh_test::pad64(210 * es));
        EXPECT_EQ(ggml_element_size(t), es);
        EXPECT_EQ(ggml_n_dims(t), 4);
        EXPECT_TRUE(ggml_is_contiguous(t));
        EXPECT_TRUE(ggml_is_contiguous_rows(t));
        EXPECT_FALSE(ggml_is_transposed(t));
        EXPECT_FALSE(ggml_is_permuted(t));
    }
}

TEST(TensorShape, NDimsIgnoresTrailingOnes) {
    CContext ctx(1 << 16, nullptr, true);
    EXPECT_EQ(ggml_n_dims(ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1)), 1);
    EXPECT_EQ(ggml_n_dims(ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 9)), 1);
    EXPECT_EQ(ggml_n_dims(ggml_new_tensor_4d(ctx, GGML_TYPE_F32, 9, 1, 1, 1)), 1);
    EXPECT_EQ(ggml_n_dims(ggml_new_tensor_4d(ctx, GGML_TYPE_F32, 1, 9, 1, 1)), 2);
    EXPECT_EQ(ggml_n_dims(ggml_new_tensor_4d(ctx, GGML_TYPE_F32, 9, 9, 2, 1)), 3);
    EXPECT_EQ(ggml_n_dims(ggml_new_tensor_4d(ctx, GGML_TYPE_F32, 1, 1, 1, 2)), 4);
    EXPECT_EQ(ggml_n_dims(ggml_new_tensor_3d(ctx, GGML_TYPE_F32, 4, 0, 3)), 3);
}

TEST(TensorShape, ClassifiersByShape) {
    CContext ctx(1 << 16, nullptr, true);
    ggml_tensor* s = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1);
    ggml_tensor* v = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 8);
    ggml_tensor* m = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 8, 2);
    ggml_tensor* c = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, 8, 2, 2);
    ggml_tensor* h = ggml_new_tensor_4d(ctx, GGML_TYPE_F32, 8, 2, 2, 2);
    ggml_tensor* e = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 8, 0);
    EXPECT_TRUE(ggml_is_scalar(s));
    EXPECT_FALSE(ggml_is_scalar(v));
    EXPECT_TRUE(ggml_is_vector(v));
    EXPECT_FALSE(ggml_is_vector(m));
    EXPECT_TRUE(ggml_is_matrix(m));
    EXPECT_FALSE(ggml_is_matrix(c));
    EXPECT_TRUE(ggml_is_3d(c));
    EXPECT_FALSE(ggml_is_3d(h));
    EXPECT_TRUE(ggml_is_empty(e));
    EXPECT_FALSE(ggml_is_empty(h));
    EXPECT_EQ(ggml_nelements(e), 0);
    EXPECT_EQ(ggml_nbytes(e), 0u);
}

TEST(TensorShape, TransposedViewSpansTheSameBytes) {
    CContext ctx(1 << 16);
    for (ggml_type type : lugh_test::plain_types()) {
        ggml_tensor* src = ggml_new_tensor_2d(ctx, type, 5, 3);
        ggml_tensor* t = strided_view(ctx, src, {3, 5, 1, 1}, {src->nb[1], src->nb[0], src->nb[2], src->nb[3]});
        EXPECT_EQ(ggml_nelements(t), 15);
        EXPECT_EQ(ggml_nrows(t), 5);
        EXPECT_EQ(ggml_nbytes(t), ggml_nbytes(src));
        EXPECT_FALSE(ggml_is_contiguous(t));
        EXPECT_FALSE(ggml_is_contiguous_rows(t));
        EXPECT_TRUE(ggml_is_transposed(t));
        EXPECT_TRUE(ggml_is_permuted(t));
        EXPECT_TRUE(ggml_are_same_shape(t, ggml_new_tensor_2d(ctx, type, 3, 5)));
        EXPECT_FALSE(ggml_are_same_stride(t, src));
    }
}

TEST(TensorShape, StridedViewNbytesIsTheSpanNotTheCount) {
    CContext ctx(1 << 16);
    ggml_tensor* src = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 8, 6);   // rows of 32 bytes
    // The first 3 columns of every other row: 3 x 3 elements.
    ggml_tensor* v = strided_view(ctx, src, {3, 3, 1, 1}, {4, 64, 192, 192});
    EXPECT_EQ(ggml_nelements(v), 9);
    EXPECT_EQ(ggml_nrows(v), 3);
    // From the first byte to one past the last: 2 row steps of 64 + 3 floats.
    EXPECT_EQ(ggml_nbytes(v), 2u * 64u + 12u);
    EXPECT_FALSE(ggml_is_contiguous(v));
    EXPECT_TRUE(ggml_is_contiguous_rows(v));
    EXPECT_FALSE(ggml_is_transposed(v));
}

TEST(TensorShape, ContiguityIgnoresStridesOfSizeOneDims) {
    CContext ctx(1 << 16);
    ggml_tensor* src = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 8, 1);
    ggml_tensor* v = strided_view(ctx, src, {8, 1, 1, 1}, {4, 999, 12345, 7});
    EXPECT_TRUE(ggml_is_contiguous(v));
    ggml_tensor* column = strided_view(ctx, src, {1, 1, 1, 1}, {77, 32, 32, 32});
    EXPECT_TRUE(ggml_is_contiguous(column));
    EXPECT_EQ(ggml_nbytes(column), 4u);
}

TEST(TensorShape, BroadcastViewWithZeroStride) {
    CContext ctx(1 << 16);
    ggml_tensor* src = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_tensor* v = strided_view(ctx, src, {4, 5, 1, 1}, {4, 0, 0, 0});   // 5 rows, all the same memory
    EXPECT_EQ(ggml_nelements(v), 20);
    EXPECT_EQ(ggml_nbytes(v), 16u);
    EXPECT_FALSE(ggml_is_contiguous(v));
}

TEST(TensorShape, BlockTypeCounts) {
    CContext ctx(1 << 16, nullptr, true);
    ggml_tensor* q = ggml_new_tensor_3d(ctx, GGML_TYPE_Q4_0, 64, 3, 2);
    EXPECT_EQ(ggml_nelements(q), 384);
    EXPECT_EQ(ggml_nrows(q), 6);
    EXPECT_EQ(ggml_nbytes(q), 6u * 2u * 18u);
    EXPECT_TRUE(ggml_is_contiguous(q));
    EXPECT_EQ(ggml_element_size(q), 18u);
}

TEST(TensorShape, SameShapeComparesAllFourDims) {
    CContext ctx(1 << 16, nullptr, true);
    ggml_tensor* a = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, 4, 3, 2);
    ggml_tensor* b = ggml_new_tensor_3d(ctx, GGML_TYPE_I8, 4, 3, 2);
    ggml_tensor* c = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, 4, 3, 1);
    ggml_tensor* d = ggml_new_tensor_4d(ctx, GGML_TYPE_F32, 4, 3, 2, 2);
    EXPECT_TRUE(ggml_are_same_shape(a, b));   // the type does not matter
    EXPECT_FALSE(ggml_are_same_shape(a, c));
    EXPECT_FALSE(ggml_are_same_shape(a, d));
    EXPECT_TRUE(ggml_are_same_shape(a, a));
    EXPECT_FALSE(ggml_are_same_stride(a, b));
}

TEST(TensorShape, CanRepeatWhenEveryDimDivides) {
    CContext ctx(1 << 16, nullptr, true);
    ggml_tensor* big = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, 6, 4, 2);
    EXPECT_TRUE(ggml_can_repeat(ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 6), big));
    EXPECT_TRUE(ggml_can_repeat(ggml_new_tensor_3d(ctx, GGML_TYPE_F32, 3, 1, 2), big));
    EXPECT_FALSE(ggml_can_repeat(ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4), big));
    EXPECT_FALSE(ggml_can_repeat(big, ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 6)));
    ggml_tensor* empty = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 0);
    EXPECT_TRUE(ggml_can_repeat(empty, empty));
    EXPECT_FALSE(ggml_can_repeat(empty, big));
}

TEST(TensorShape, UnravelIndexIsRowMajorOverNe) {
    CContext ctx(1 << 16, nullptr, true);
    ggml_tensor* t = ggml_new_tensor_4d(ctx, GGML_TYPE_F32, 3, 4, 5, 2);
    int64_t flat = 0;
    for (int64_t i3 = 0; i3 < 2; ++i3)
        for (int64_t i2 = 0; i2 < 5; ++i2)
            for (int64_t i1 = 0; i1 < 4; ++i1)
                for (int64_t i0 = 0; i0 < 3; ++i0, ++flat) {
                    int64_t a0, a1, a2, a3;
                    ggml_unravel_index(t, flat, &a0, &a1, &a2, &a3);
                    ASSERT_EQ(a0, i0);
                    ASSERT_EQ(a1, i1);
                    ASSERT_EQ(a2, i2);
                    ASSERT_EQ(a3, i3);
                }
    int64_t only1 = -1;
    ggml_unravel_index(t, 3 * 4 + 5, nullptr, &only1, nullptr, nullptr);   // NULL outputs are skipped
    EXPECT_EQ(only1, 1);
}

TEST(TensorShapeDeathTest, UnravelIndexChecksTheRange) {
    // An empty tensor has no element 5 (and no division by its zero sizes);
    // neither has a 3x4 tensor an element 12 or -1.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    CContext ctx(1 << 12, nullptr, true);
    ggml_tensor* empty = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, 4, 0, 3);
    ggml_tensor* t = ggml_set_name(ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 3, 4), "m");
    int64_t a0 = -1, a1 = -1, a2 = -1, a3 = -1;
    EXPECT_DEATH(ggml_unravel_index(empty, 5, &a0, &a1, &a2, &a3),
                 "lugh: ggml_unravel_index: element 5 is outside tensor \\(unnamed\\) of 0 elements");
    EXPECT_DEATH(ggml_unravel_index(t, 12, &a0, &a1, &a2, &a3), "element 12 is outside tensor 'm' of 12 elements");
    EXPECT_DEATH(ggml_unravel_index(t, -1, &a0, &a1, &a2, &a3), "element -1 is outside");
    EXPECT_DEATH(ggml_unravel_index(nullptr, 0, &a0, &a1, &a2, &a3), "lugh: ggml_unravel_index: tensor is NULL");
    ggml_unravel_index(t, 11, &a0, &a1, &a2, &a3);
    EXPECT_EQ(a0, 2);
    EXPECT_EQ(a1, 3);
}

TEST(TensorNames, SetGetAndFormat) {
    CContext ctx(1 << 12, nullptr, true);
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    EXPECT_STREQ(ggml_get_name(t), "");
    EXPECT_EQ(ggml_set_name(t, "weights.0"), t);
    EXPECT_STREQ(ggml_get_name(t), "weights.0");
    EXPECT_EQ(ggml_get_name(t), t->name);
    EXPECT_EQ(ggml_format_name(t, "layer%d.%s", 12, "attn"), t);
    EXPECT_STREQ(ggml_get_name(t), "layer12.attn");
    ggml_set_name(t, "");
    EXPECT_STREQ(ggml_get_name(t), "");
    ggml_set_name(t, nullptr);
    EXPECT_STREQ(ggml_get_name(t), "");
}

TEST(TensorNames, LongNamesAreCutAt63Bytes) {
    CContext ctx(1 << 12, nullptr, true);
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    const std::string exact(63, 'a');
    ggml_set_name(t, exact.c_str());
    EXPECT_EQ(std::string(ggml_get_name(t)), exact);
    const std::string longer = std::string(63, 'b') + "XYZ";
    ggml_set_name(t, longer.c_str());
    EXPECT_EQ(std::string(ggml_get_name(t)), std::string(63, 'b'));
    ggml_format_name(t, "%s-%d", std::string(70, 'c').c_str(), 5);
    EXPECT_EQ(std::string(ggml_get_name(t)), std::string(63, 'c'));
    EXPECT_EQ(t->name[63], '\0');
}

TEST(TensorFlags, RolesSetTheirBits) {
    CContext ctx(1 << 12, nullptr, true);
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_set_input(t);
    EXPECT_EQ(t->flags, GGML_TENSOR_FLAG_INPUT);
    ggml_set_output(t);
    EXPECT_EQ(t->flags, GGML_TENSOR_FLAG_INPUT | GGML_TENSOR_FLAG_OUTPUT);
    ggml_set_param(t);
    EXPECT_EQ(t->flags, GGML_TENSOR_FLAG_INPUT | GGML_TENSOR_FLAG_OUTPUT | GGML_TENSOR_FLAG_PARAM);
}

}  // namespace
