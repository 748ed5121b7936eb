// Tensors that read another context (core/borrows.hpp): a view made in B of
// a tensor in A, an op in B over A's tensors, and views of such views. Once
// A is freed or reset (or its slot holds a new context), using them — a
// handle's data, an op over them, building a graph with them — is a clear
// error, never a read of freed memory. (Graphs already caught a context
// freed after they were built; these are the cases that were not caught.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <lugh/lugh.hpp>

#include "core/context.hpp"
#include "ggml-cpu.h"

using testing::HasSubstr;
namespace ops = lugh::ops;

namespace {

std::string lost(unsigned slot) {
    return "reads tensors of context #" + std::to_string(slot) + ", which was destroyed or reset";
}

// x = 1..12 as [4, 3] in a; the view of its last row and 2 * that row in b.
struct RowView {
    lugh::Tensor x, row, doubled;
};
RowView make_row_view(lugh::Context& a, lugh::Context& b) {
    RowView r;
    r.x = lugh::Tensor::new_f32(a, {4, 3});
    r.x.set_f32({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    r.row = ops::view_1d(b, r.x, 4, 2 * 4 * sizeof(float));
    r.doubled = ops::scale(b, r.row, 2.0f);
    return r;
}

}  // namespace

TEST(BorrowedTensors, WorkWhileTheOtherContextLives) {
    lugh::Context a(1 << 16), b(1 << 20);
    RowView r = make_row_view(a, b);
    EXPECT_EQ(r.row.get_f32(), (std::vector<float>{9, 10, 11, 12}));
    lugh::Graph g(b);
    g.build_forward(r.doubled);
    g.compute(b, 2);
    EXPECT_EQ(r.doubled.get_f32(), (std::vector<float>{18, 20, 22, 24}));
    EXPECT_EQ(b.raw()->borrows.size(), 2u) << "the view and the op each borrow A once";
}

TEST(BorrowedTensors, AViewOfAFreedContextThrowsInsteadOfReadingFreedMemory) {
    auto a = std::make_unique<lugh::Context>(1 << 16);
    lugh::Context b(1 << 20);
    RowView r = make_row_view(*a, b);
    const unsigned slot = a->id();
    a.reset();
    EXPECT_TRUE(r.row.alive()) << "the view's own context is fine";
    EXPECT_THAT([&] { r.row.get_f32(); }, testing::ThrowsMessage<lugh::Error>(HasSubstr(lost(slot))));
    EXPECT_THAT([&] { ops::scale(b, r.row, 3.0f); }, testing::ThrowsMessage<lugh::Error>(HasSubstr(lost(slot))));
    lugh::Graph g(b);
    EXPECT_THAT([&] { g.build_forward(r.doubled); }, testing::ThrowsMessage<lugh::Error>(HasSubstr(lost(slot))));
    EXPECT_EQ(g.n_nodes(), 0) << "a refused build adds nothing";
    // B's own tensors still work.
    auto own = lugh::Tensor::new_f32(b, {2});
    own.set_f32({1, 2});
    EXPECT_EQ(own.get_f32(), (std::vector<float>{1, 2}));
}

TEST(BorrowedTensors, ResetAndSlotReuseAreCaughtToo) {
    lugh::Context b(1 << 20);
    {
        lugh::Context a(1 << 16);
        RowView r = make_row_view(a, b);
        ggml_reset(a.raw());
        EXPECT_THROW(r.row.get_f32(), lugh::Error);
    }
    // Freed, then a new context takes the same slot (and maybe the same
    // memory): the generation tells them apart.
    auto a = std::make_unique<lugh::Context>(1 << 16);
    RowView r = make_row_view(*a, b);
    const unsigned slot = a->id();
    a.reset();
    lugh::Context reuse(1 << 16);
    EXPECT_EQ(reuse.id(), slot) << "the registry hands out the freed slot first";
    EXPECT_THROW(r.row.get_f32(), lugh::Error);
    lugh::Graph g(b);
    EXPECT_THROW(g.build_forward(r.doubled), lugh::Error);
}

TEST(BorrowedTensors, OpsOverAnotherContextsTensorsAreCaughtWhenBuilt) {
    // The first session caught a context freed after the graph was built;
    // this is the other order: A freed, then the graph built over c = x + x.
    auto a = std::make_unique<lugh::Context>(1 << 16);
    lugh::Context b(1 << 20);
    auto x = lugh::Tensor::new_f32(*a, {5});
    x.fill(1.0f);
    auto c = ops::add(b, x, x);
    const unsigned slot = a->id();
    a.reset();
    lugh::Graph g(b);
    EXPECT_THAT([&] { g.build_forward(c); }, testing::ThrowsMessage<lugh::Error>(HasSubstr(lost(slot))));
    EXPECT_THROW(c.get_f32(), lugh::Error) << "c's sources are gone, so is c";
}

TEST(BorrowedTensors, ViewsOfViewsRememberWhereTheDataIs) {
    auto a = std::make_unique<lugh::Context>(1 << 16);
    lugh::Context b(1 << 20), c(1 << 20);
    auto x = lugh::Tensor::new_f32(*a, {8});
    x.set_f32({0, 1, 2, 3, 4, 5, 6, 7});
    auto half = ops::view_1d(b, x, 4, 4 * sizeof(float));        // in B, of A
    auto quarter = ops::view_1d(c, half, 2, 2 * sizeof(float));  // in C, of B's view: the data is A's
    EXPECT_EQ(quarter.get_f32(), (std::vector<float>{6, 7}));
    a.reset();
    EXPECT_THROW(half.get_f32(), lugh::Error);
    EXPECT_THROW(quarter.get_f32(), lugh::Error);
}

TEST(BorrowedTensors, FreeingTheBorrowerForgetsItsBorrows) {
    lugh::Context a(1 << 16);
    ggml_context* raw_b = nullptr;
    {
        lugh::Context b(1 << 20);
        make_row_view(a, b);
        raw_b = b.raw();
        EXPECT_FALSE(raw_b->borrows.empty());
        ggml_reset(raw_b);
        EXPECT_TRUE(raw_b->borrows.empty()) << "reset forgets them";
        make_row_view(a, b);
    }
    EXPECT_TRUE(raw_b->borrows.empty()) << "free forgets them";
}

TEST(BorrowedTensorsDeathTest, CBuildOverAFreedContextAbortsWithTheReason) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    auto run = [] {
        ggml_context* a = ggml_init(ggml_init_params{1 << 16, nullptr, false});
        ggml_context* b = ggml_init(ggml_init_params{1 << 20, nullptr, false});
        ggml_tensor* x = ggml_new_tensor_1d(a, GGML_TYPE_F32, 9);
        ggml_tensor* v = ggml_view_1d(b, x, 3, 0);
        ggml_tensor* y = ggml_sqr(b, v);
        ggml_free(a);
        ggml_cgraph* g = ggml_new_graph(b);
        ggml_build_forward_expand(g, y);
    };
    EXPECT_DEATH(run(), "ggml_build_forward_expand: tensor .* of context #[0-9]+ reads tensors of context #[0-9]+, "
                        "which was destroyed or reset after the tensor was made");
}
