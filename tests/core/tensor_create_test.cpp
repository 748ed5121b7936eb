// Tensor constructors: ggml_new_tensor*, ggml_new_i32/f32, ggml_dup_tensor,
// ggml_view_tensor.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/test_support.hpp"

using lugh_test::c_error_of;
using lugh_test::CContext;
using lugh_test::pad64;
using ::testing::HasSubstr;

namespace {

// What a freshly made tensor of this shape must look like.
void expect_fresh(const ggml_tensor* t, ggml_type type, const int64_t ne[4]) {
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->type, type);
    size_t stride = ggml_type_size(type);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(t->ne[i], ne[i]) << "ne[" << i << "]";
        EXPECT_EQ(t->nb[i], stride) << "nb[" << i << "]";
        stride *= static_cast<size_t>(i == 0 ? ne[0] / ggml_blck_size(type) : ne[i]);
    }
    EXPECT_EQ(t->op, GGML_OP_NONE);
    EXPECT_EQ(t->flags, 0);
    EXPECT_EQ(t->view_src, nullptr);
    EXPECT_EQ(t->view_offs, 0u);
    EXPECT_EQ(t->buffer, nullptr);
    EXPECT_EQ(t->extra, nullptr);
    EXPECT_STREQ(t->name, "");
    for (int i = 0; i < GGML_MAX_SRC; ++i) EXPECT_EQ(t->src[i], nullptr);
    for (int32_t p : t->op_params) EXPECT_EQ(p, 0);
}

TEST(TensorCreate, EveryPlainTypeAndRank) {
    const int64_t shape[4] = {7, 3, 2, 5};
    for (ggml_type type : lugh_test::plain_types()) {
        for (int n_dims = 1; n_dims <= 4; ++n_dims) {
            CContext ctx(1 << 16);
            int64_t ne[4] = {1, 1, 1, 1};
            for (int i = 0; i < n_dims; ++i) ne[i] = shape[i];
            ggml_tensor* t = ggml_new_tensor(ctx, type, n_dims, shape);
            SCOPED_TRACE(std::string(ggml_type_name(type)) + " n_dims " + std::to_string(n_dims));
            expect_fresh(t, type, ne);
            EXPECT_NE(t->data, nullptr);
            const size_t bytes = static_cast<size_t>(ne[0] * ne[1] * ne[2] * ne[3]) * ggml_type_size(type);
            EXPECT_EQ(ggml_nbytes(t), bytes);
            EXPECT_EQ(ggml_used_mem(ctx), 256 + pad64(bytes));
        }
    }
}

TEST(TensorCreate, FixedRankConstructorsMatchTheGeneralOne) {
    CContext ctx(1 << 16);
    const int64_t ne[4] = {5, 4, 3, 2};
    const int64_t ne1[4] = {5, 1, 1, 1}, ne2[4] = {5, 4, 1, 1}, ne3[4] = {5, 4, 3, 1};
    expect_fresh(ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 5), GGML_TYPE_F32, ne1);
    expect_fresh(ggml_new_tensor_2d(ctx, GGML_TYPE_F16, 5, 4), GGML_TYPE_F16, ne2);
    expect_fresh(ggml_new_tensor_3d(ctx, GGML_TYPE_I16, 5, 4, 3), GGML_TYPE_I16, ne3);
    expect_fresh(ggml_new_tensor_4d(ctx, GGML_TYPE_BF16, 5, 4, 3, 2), GGML_TYPE_BF16, ne);
}

TEST(TensorCreate, BlockTypesNeedWholeBlocks) {
    CContext ctx(1 << 16);
    const int64_t ne[4] = {64, 3, 1, 1};
    ggml_tensor* q8 = ggml_new_tensor_2d(ctx, GGML_TYPE_Q8_0, 64, 3);
    expect_fresh(q8, GGML_TYPE_Q8_0, ne);
    EXPECT_EQ(q8->nb[1], 2u * 34u);
    EXPECT_EQ(ggml_nbytes(q8), 3u * 2u * 34u);
    ggml_tensor* q4 = ggml_new_tensor_1d(ctx, GGML_TYPE_Q4_0, 96);
    EXPECT_EQ(ggml_nbytes(q4), 3u * 18u);
    const size_t used = ggml_used_mem(ctx);
    EXPECT_THAT(c_error_of([&] { ggml_new_tensor_1d(ctx, GGML_TYPE_Q8_0, 33); }),
                HasSubstr("a q8_0 row needs a multiple of 32 elements, got ne[0] = 33"));
    EXPECT_EQ(ggml_used_mem(ctx), used);
}

TEST(TensorCreate, UnknownTypeIsAnError) {
    CContext ctx(1 << 12);
    EXPECT_THAT(c_error_of([&] { ggml_new_tensor_1d(ctx, static_cast<ggml_type>(4), 4); }),
                HasSubstr("ggml_new_tensor_1d: unknown tensor type 4"));
    EXPECT_THAT(c_error_of([&] { ggml_new_tensor_1d(ctx, GGML_TYPE_COUNT, 4); }),
                HasSubstr("unknown tensor type 39"));
    EXPECT_EQ(ggml_used_mem(ctx), 0u);
}

TEST(TensorCreate, EmptyTensorsAreAllowed) {
    CContext ctx(1 << 12);
    ggml_tensor* t = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 0, 5);
    EXPECT_EQ(ggml_nelements(t), 0);
    EXPECT_EQ(ggml_nbytes(t), 0u);
    EXPECT_TRUE(ggml_is_empty(t));
    EXPECT_EQ(ggml_used_mem(ctx), 256u);
}

TEST(TensorCreate, NewI32AndNewF32HoldTheirValue) {
    CContext ctx(1 << 12);
    ggml_tensor* i = ggml_new_i32(ctx, -123456);
    ggml_tensor* f = ggml_new_f32(ctx, 0.375f);
    EXPECT_EQ(i->type, GGML_TYPE_I32);
    EXPECT_EQ(f->type, GGML_TYPE_F32);
    EXPECT_EQ(ggml_nelements(i), 1);
    EXPECT_EQ(ggml_nelements(f), 1);
    EXPECT_EQ(ggml_get_i32_1d(i, 0), -123456);
    EXPECT_EQ(ggml_get_f32_1d(f, 0), 0.375f);
    EXPECT_EQ(*static_cast<int32_t*>(i->data), -123456);
    EXPECT_EQ(*static_cast<float*>(f->data), 0.375f);
}

TEST(TensorCreate, NewScalarInNoAllocContextIsAnError) {
    CContext ctx(1 << 12, nullptr, true);
    EXPECT_THAT(c_error_of([&] { ggml_new_i32(ctx, 1); }),
                ::testing::MatchesRegex("lugh: ggml_new_i32: context #[0-9]+ is no_alloc, so the value has "
                                        "nowhere to go"));
    EXPECT_THAT(c_error_of([&] { ggml_new_f32(ctx, 1.0f); }), HasSubstr("ggml_new_f32: context #"));
    EXPECT_EQ(ggml_used_mem(ctx), 0u);
}

TEST(TensorCreate, DupTensorCopiesTypeAndShapeNotData) {
    CContext ctx(1 << 14);
    ggml_tensor* src = ggml_new_tensor_3d(ctx, GGML_TYPE_F16, 6, 5, 4);
    ggml_set_name(src, "source");
    ggml_set_f32(src, 1.0f);
    ggml_tensor* dup = ggml_dup_tensor(ctx, src);
    const int64_t ne[4] = {6, 5, 4, 1};
    expect_fresh(dup, GGML_TYPE_F16, ne);
    EXPECT_NE(dup->data, src->data);
    ggml_set_f32(dup, 2.0f);
    EXPECT_EQ(ggml_get_f32_1d(src, 0), 1.0f);
}

TEST(TensorCreate, DupOfTransposedViewIsContiguous) {
    CContext ctx(1 << 14);
    ggml_tensor* src = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 4, 3);
    ggml_tensor* v = ggml_view_tensor(ctx, src);
    std::swap(v->ne[0], v->ne[1]);
    std::swap(v->nb[0], v->nb[1]);
    ggml_tensor* dup = ggml_dup_tensor(ctx, v);
    const int64_t ne[4] = {3, 4, 1, 1};
    expect_fresh(dup, GGML_TYPE_F32, ne);
    EXPECT_TRUE(ggml_is_contiguous(dup));
}

TEST(TensorCreate, DupOfNullIsAnError) {
    CContext ctx(1 << 12);
    EXPECT_THAT(c_error_of([&] { ggml_dup_tensor(ctx, nullptr); }),
                HasSubstr("ggml_dup_tensor: source tensor is NULL"));
    EXPECT_THAT(c_error_of([&] { ggml_view_tensor(ctx, nullptr); }),
                HasSubstr("ggml_view_tensor: source tensor is NULL"));
}

TEST(TensorView, SharesDataTypeShapeAndStrides) {
    CContext ctx(1 << 14);
    ggml_tensor* src = ggml_new_tensor_3d(ctx, GGML_TYPE_I16, 5, 4, 3);
    ggml_set_name(src, "x");
    const size_t used = ggml_used_mem(ctx);
    ggml_tensor* v = ggml_view_tensor(ctx, src);
    EXPECT_EQ(ggml_used_mem(ctx) - used, 256u);   // a record, no data
    EXPECT_EQ(v->data, src->data);
    EXPECT_EQ(v->type, src->type);
    EXPECT_TRUE(ggml_are_same_shape(v, src));
    EXPECT_TRUE(ggml_are_same_stride(v, src));
    EXPECT_EQ(v->view_src, src);
    EXPECT_EQ(v->view_offs, 0u);
    EXPECT_STREQ(ggml_get_name(v), "x (view)");
    ggml_set_i32_1d(v, 17, 4242);
    EXPECT_EQ(ggml_get_i32_1d(src, 17), 4242);
}

TEST(TensorView, KeepsTheStridesOfAStridedSource) {
    CContext ctx(1 << 14);
    ggml_tensor* src = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 4, 3);
    for (int i = 0; i < 12; ++i) ggml_set_f32_1d(src, i, static_cast<float>(i));
    ggml_tensor* t = ggml_view_tensor(ctx, src);   // make it the transpose
    std::swap(t->ne[0], t->ne[1]);
    std::swap(t->nb[0], t->nb[1]);
    ggml_tensor* v = ggml_view_tensor(ctx, t);
    EXPECT_TRUE(ggml_are_same_stride(v, t));
    EXPECT_TRUE(ggml_are_same_shape(v, t));
    for (int i0 = 0; i0 < 3; ++i0)
        for (int i1 = 0; i1 < 4; ++i1)
            EXPECT_EQ(ggml_get_f32_nd(v, i0, i1, 0, 0), static_cast<float>(i1 + 4 * i0));
}

TEST(TensorView, ViewsOfViewsPointAtTheRoot) {
    CContext ctx(1 << 14);
    ggml_tensor* root = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 16);
    ggml_tensor* v1 = ggml_view_tensor(ctx, root);
    ggml_tensor* v2 = ggml_view_tensor(ctx, v1);
    ggml_tensor* v3 = ggml_view_tensor(ctx, v2);
    EXPECT_EQ(v1->view_src, root);
    EXPECT_EQ(v2->view_src, root);
    EXPECT_EQ(v3->view_src, root);
    EXPECT_EQ(v3->data, root->data);
    EXPECT_STREQ(ggml_get_name(v2), " (view) (view)");
}

TEST(TensorView, ViewOfAnOffsetViewKeepsTheOffset) {
    CContext ctx(1 << 14);
    ggml_tensor* root = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 16);
    ggml_tensor* v1 = ggml_view_tensor(ctx, root);
    // Narrow v1 to elements 4..11 by hand, as an op constructor would.
    v1->ne[0] = 8;
    v1->view_offs = 16;
    v1->data = static_cast<char*>(root->data) + 16;
    ggml_tensor* v2 = ggml_view_tensor(ctx, v1);
    EXPECT_EQ(v2->view_src, root);
    EXPECT_EQ(v2->view_offs, 16u);
    EXPECT_EQ(v2->data, v1->data);
    EXPECT_EQ(v2->ne[0], 8);
}

TEST(TensorView, ViewOfABroadcastViewIsCheckedByItsSpan) {
    CContext ctx(1 << 14);
    ggml_tensor* root = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_tensor* rows = ggml_view_tensor(ctx, root);   // 5 rows sharing the same 16 bytes
    rows->ne[1] = 5;
    rows->nb[1] = rows->nb[2] = rows->nb[3] = 0;
    ggml_tensor* v = nullptr;
    EXPECT_EQ(c_error_of([&] { v = ggml_view_tensor(ctx, rows); }), "");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->ne[1], 5);
    EXPECT_EQ(v->nb[1], 0u);
    EXPECT_EQ(v->view_src, root);
    ggml_set_f32_1d(root, 2, 8.0f);
    EXPECT_EQ(ggml_get_f32_nd(v, 2, 4, 0, 0), 8.0f);
}

TEST(TensorView, ViewReachingPastItsRootIsAnError) {
    CContext ctx(1 << 14);
    ggml_tensor* root = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_set_name(root, "root");
    ggml_tensor* bad = ggml_view_tensor(ctx, root);
    bad->ne[0] = 8;   // made wrong by hand: 32 bytes of a 16-byte source
    const size_t used = ggml_used_mem(ctx);
    EXPECT_THAT(c_error_of([&] { ggml_view_tensor(ctx, bad); }),
                ::testing::StrEq("lugh: ggml_view_tensor: view of 32 bytes at offset 0 reaches past its source "
                                 "'root' of 16 bytes"));
    EXPECT_EQ(ggml_used_mem(ctx), used);
}

TEST(TensorView, InNoAllocContextHasNoData) {
    CContext ctx(1 << 12, nullptr, true);
    ggml_tensor* src = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 16);
    ggml_tensor* v = ggml_view_tensor(ctx, src);
    EXPECT_EQ(v->data, nullptr);
    EXPECT_EQ(v->view_src, src);
}

TEST(TensorView, ViewIntoAnotherContext) {
    CContext data_ctx(1 << 12);
    CContext meta_ctx(1 << 12, nullptr, true);
    ggml_tensor* src = ggml_new_tensor_1d(data_ctx, GGML_TYPE_F32, 8);
    ggml_tensor* v = ggml_view_tensor(meta_ctx, src);
    EXPECT_EQ(v->data, src->data);   // a view shares data even in a no_alloc context
    EXPECT_EQ(ggml_get_first_tensor(meta_ctx), v);
}

}  // namespace
