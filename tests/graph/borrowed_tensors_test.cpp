// Tensors that read another context (core/cross_reads.hpp): a view made in B of
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
    const lugh::core::ContextReads& reads = b.raw()->reads;
    EXPECT_EQ(reads.n_sources(), 1u) << "B reads one other context, A";
    EXPECT_EQ(reads.source(0).ctx, a.raw());
    EXPECT_EQ(reads.count(b.raw()->arena.record_number(r.row.raw())), 1) << "the view reads A's memory";
    EXPECT_EQ(reads.count(b.raw()->arena.record_number(r.doubled.raw())), 0) << "the op reads the view, in B";
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
        EXPECT_EQ(raw_b->reads.n_sources(), 1u);
        ggml_reset(raw_b);
        EXPECT_EQ(raw_b->reads.n_sources(), 0u) << "reset forgets them";
        make_row_view(a, b);
    }
    EXPECT_EQ(raw_b->reads.n_sources(), 0u) << "free forgets them";
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

// The C API has only the tensor pointer: the record says which context holds
// it (lugh_owner), and that context's reads say what it depends on.
TEST(BorrowedTensorsDeathTest, CElementAccessAndOpsOverAViewOfAGoneContextAbort) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    struct Pair {
        ggml_context* a;
        ggml_context* b;
        ggml_tensor* view;   // in A, of B's tensor
    };
    auto make = [] {
        Pair p{ggml_init(ggml_init_params{1 << 16, nullptr, false}), ggml_init(ggml_init_params{1 << 16, nullptr, false}),
               nullptr};
        ggml_tensor* x = ggml_new_tensor_1d(p.b, GGML_TYPE_F32, 8);
        ggml_set_f32(x, 2.0f);
        p.view = ggml_view_1d(p.a, x, 4, 0);
        return p;
    };
    const char* lost = "tensor .* of context #[0-9]+ reads tensors of context #[0-9]+, which was destroyed or reset";
    EXPECT_DEATH(
        {
            Pair p = make();
            ggml_free(p.b);
            ggml_get_f32_1d(p.view, 0);   // was a read of freed memory
        },
        std::string("lugh: ggml_get_f32_1d: ") + lost);
    EXPECT_DEATH(
        {
            Pair p = make();
            ggml_reset(p.b);
            ggml_get_f32_1d(p.view, 0);   // was stale data
        },
        std::string("lugh: ggml_get_f32_1d: ") + lost);
    EXPECT_DEATH(
        {
            Pair p = make();
            ggml_free(p.b);
            ggml_set_f32(p.view, 1.0f);
        },
        std::string("lugh: ggml_set_f32: ") + lost);
    EXPECT_DEATH(
        {
            Pair p = make();
            ggml_free(p.b);
            ggml_add(p.a, p.view, p.view);   // was accepted
        },
        std::string("lugh: ggml_add: ") + lost);
    EXPECT_DEATH(
        {
            Pair p = make();
            ggml_free(p.b);
            ggml_view_1d(p.a, p.view, 2, 0);
        },
        std::string("lugh: ggml_view_1d: ") + lost);
}

TEST(BorrowedTensors, CElementAccessWorksWhileTheOtherContextLives) {
    ggml_context* a = ggml_init(ggml_init_params{1 << 16, nullptr, false});
    ggml_context* b = ggml_init(ggml_init_params{1 << 16, nullptr, false});
    ggml_tensor* x = ggml_new_tensor_1d(b, GGML_TYPE_F32, 8);
    for (int i = 0; i < 8; ++i) ggml_set_f32_1d(x, i, float(i));
    ggml_tensor* view = ggml_view_1d(a, x, 4, 4 * sizeof(float));
    EXPECT_EQ(ggml_get_f32_1d(view, 3), 7.0f);
    ggml_set_f32_1d(view, 0, 40.0f);
    EXPECT_EQ(ggml_get_f32_1d(x, 4), 40.0f);
    ggml_free(a);
    ggml_free(b);
}

TEST(BorrowedTensors, WrapRefusesATensorOfAnotherContext) {
    // Tensor::wrap(A, B's tensor) made a handle that watched A: after B went,
    // get_f32 read freed memory.
    lugh::Context a(1 << 16);
    auto b = std::make_unique<lugh::Context>(1 << 16);
    auto x = lugh::Tensor::new_f32(*b, {4});
    x.set_name("x");
    EXPECT_THAT([&] { lugh::Tensor::wrap(a.raw(), x.raw()); },
                testing::ThrowsMessage<lugh::Error>(HasSubstr(
                    "Tensor::wrap: tensor 'x' belongs to context #" + std::to_string(b->id()) +
                    ", not to context #" + std::to_string(a.id()))));
    lugh::Tensor same = lugh::Tensor::wrap(b->raw(), x.raw());
    EXPECT_TRUE(same == x);
    b.reset();
    EXPECT_THROW(same.get_f32(), lugh::Error);
}
