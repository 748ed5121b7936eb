// Graphs that read tensors of other contexts: a graph in context B over
// tensors of context A records A (and its generation) when it is built, so
// computing after A was freed or reset fails cleanly instead of reading freed
// memory, and node()/get_tensor() handles carry A, dying with it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include <lugh/lugh.hpp>

#include "ggml-cpu.h"
#include "core/context.hpp"
#include "graph/graph.hpp"

using testing::HasSubstr;
namespace ops = lugh::ops;

namespace {

std::string gone_message(const lugh::Context& a) {
    return "the graph reads tensors of context #" + std::to_string(a.id()) +
           ", which was destroyed or reset after the graph was built";
}

// a + b in context `b_ctx`, with a and b (values 1..n and 10*(1..n)) in `a_ctx`.
struct Sum {
    lugh::Tensor a, b, c;
};
Sum make_sum(lugh::Context& a_ctx, lugh::Context& b_ctx, int n = 7) {
    Sum s;
    s.a = lugh::Tensor::new_f32(a_ctx, {n});
    s.b = lugh::Tensor::new_f32(a_ctx, {n});
    std::vector<float> va, vb;
    for (int i = 0; i < n; ++i) {
        va.push_back(float(i + 1));
        vb.push_back(float(10 * (i + 1)));
    }
    s.a.set_f32(va);
    s.b.set_f32(vb);
    s.a.set_name("a");
    s.b.set_name("b");
    s.c = ops::add(b_ctx, s.a, s.b);
    s.c.set_name("c");
    return s;
}

TEST(GraphForeignContext, ComputesWhileTheOtherContextLives) {
    lugh::Context a(1 << 16), b(1 << 20);
    Sum s = make_sum(a, b);
    lugh::Graph g(b);
    g.build_forward(s.c);
    EXPECT_EQ(g.raw()->n_read_contexts, 1);
    EXPECT_EQ(lugh::graph::read_context(g.raw(), 0).ctx, a.raw());
    g.compute(b, 2);
    std::vector<float> got = s.c.get_f32();
    for (int i = 0; i < 7; ++i) EXPECT_EQ(got[i], float(11 * (i + 1))) << i;
}

TEST(GraphForeignContext, ComputeAfterTheOtherContextIsFreedThrows) {
    auto a = std::make_unique<lugh::Context>(1 << 16);
    lugh::Context b(1 << 20);
    Sum s = make_sum(*a, b);
    lugh::Graph g(b);
    g.build_forward(s.c);
    const std::string expected = gone_message(*a);
    a.reset();
    try {
        g.compute(b, 1);
        ADD_FAILURE() << "compute ran over a freed context";
    } catch (const lugh::Error& e) {
        EXPECT_THAT(e.what(), HasSubstr("lugh: Graph::compute: " + expected));
    }
    // The graph itself is fine: node() of its own tensors would work, but
    // asking it anything that reads the freed tensors throws the same way.
    EXPECT_TRUE(g.alive());
    EXPECT_THROW(g.node(0), lugh::Error);
    EXPECT_THROW(g.get_tensor("c"), lugh::Error);
    EXPECT_THROW(g.has_tensor("c"), lugh::Error);
}

TEST(GraphForeignContext, ComputeAfterTheOtherContextIsResetThrows) {
    lugh::Context a(1 << 16), b(1 << 20);
    Sum s = make_sum(a, b);
    lugh::Graph g(b);
    g.build_forward(s.c);
    ggml_reset(a.raw());
    EXPECT_THAT([&] { g.compute(b, 2); },
                testing::ThrowsMessage<lugh::Error>(HasSubstr(gone_message(a))));
}

TEST(GraphForeignContext, NodeHandlesCarryTheirRealContext) {
    auto a = std::make_unique<lugh::Context>(1 << 16);
    lugh::Context b(1 << 20);
    Sum s = make_sum(*a, b);
    auto d = ops::scale(b, s.c, 2.0f);
    lugh::Graph g(b);
    g.build_forward(d);
    lugh::Tensor leaf = g.get_tensor("a");
    lugh::Tensor node = g.node(0);
    lugh::Tensor last = g.node(-1);
    EXPECT_EQ(leaf.context_id(), a->id());
    EXPECT_EQ(leaf.generation(), a->generation());
    EXPECT_EQ(node.context_id(), b.id());
    EXPECT_EQ(last.context_id(), b.id());
    EXPECT_TRUE(leaf == s.a);
    a.reset();
    // The handle of A's tensor dies with A although B (and the graph) live.
    EXPECT_FALSE(leaf.alive());
    EXPECT_THROW(leaf.get_f32(), lugh::Error);
    EXPECT_TRUE(last.alive());
    EXPECT_TRUE(g.alive());
}

TEST(GraphForeignContext, ViewsIntoAnotherContextAreTracked) {
    lugh::Context a(1 << 16), b(1 << 20);
    auto x = lugh::Tensor::new_f32(a, {4, 3});
    x.set_f32({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    auto row = ops::view_1d(b, x, 4, 2 * 4 * sizeof(float));   // the last row, a view made in B
    auto y = ops::scale(b, row, 0.5f);
    lugh::Graph g(b);
    g.build_forward(y);
    ASSERT_EQ(g.raw()->n_read_contexts, 1);
    EXPECT_EQ(lugh::graph::read_context(g.raw(), 0).ctx, a.raw());
    g.compute(b, 1);
    EXPECT_EQ(y.get_f32(), (std::vector<float>{4.5f, 5.0f, 5.5f, 6.0f}));
    ggml_reset(a.raw());
    EXPECT_THROW(g.compute(b, 1), lugh::Error);
}

TEST(GraphForeignContext, SingleContextGraphsRecordNothing) {
    lugh::Context ctx(1 << 20);
    auto x = lugh::Tensor::new_f32(ctx, {5});
    x.fill(2.0f);
    auto y = ops::sqr(ctx, ops::add(ctx, x, x));
    lugh::Graph g(ctx);
    g.build_forward(y);
    EXPECT_EQ(g.raw()->n_read_contexts, 0);
    g.compute(ctx, 1);
    EXPECT_EQ(y.get_f32(), std::vector<float>(5, 16.0f));
    EXPECT_EQ(g.node(0).context_id(), ctx.id());
}

TEST(GraphForeignContext, ATensorStructOutsideEveryArenaIsNotTracked) {
    lugh::Context ctx(1 << 20);
    std::vector<float> values = {1, 2, 3};
    ggml_tensor outside{};
    outside.type = GGML_TYPE_F32;
    outside.ne[0] = 3;
    outside.ne[1] = outside.ne[2] = outside.ne[3] = 1;
    outside.nb[0] = sizeof(float);
    outside.nb[1] = outside.nb[2] = outside.nb[3] = 3 * sizeof(float);
    outside.data = values.data();
    ggml_tensor* y = ggml_scale(ctx.raw(), &outside, 3.0f);
    ggml_cgraph* g = ggml_new_graph(ctx.raw());
    ggml_build_forward_expand(g, y);
    EXPECT_EQ(g->n_read_contexts, 0);
    ASSERT_EQ(ggml_graph_compute_with_ctx(ctx.raw(), g, 1), GGML_STATUS_SUCCESS);
    EXPECT_EQ(ggml_get_f32_1d(y, 2), 9.0f);
}

TEST(GraphForeignContext, CReturnsFailedAndPrintsOneLine) {
    ggml_context* a = ggml_init(ggml_init_params{1 << 16, nullptr, false});
    ggml_context* b = ggml_init(ggml_init_params{1 << 20, nullptr, false});
    ggml_tensor* x = ggml_new_tensor_1d(a, GGML_TYPE_F32, 9);
    ggml_set_f32(x, 1.5f);
    ggml_tensor* y = ggml_add(b, x, x);
    ggml_cgraph* g = ggml_new_graph(b);
    ggml_build_forward_expand(g, y);
    ASSERT_EQ(ggml_graph_compute_with_ctx(b, g, 2), GGML_STATUS_SUCCESS);
    EXPECT_EQ(ggml_get_f32_1d(y, 8), 3.0f);
    const unsigned slot = a->slot;
    ggml_free(a);
    // The plan does not look at the freed tensors; the compute says why it refuses.
    EXPECT_EQ(ggml_graph_plan(g, 2, nullptr).work_size, 0u);
    testing::internal::CaptureStderr();
    EXPECT_EQ(ggml_graph_compute_with_ctx(b, g, 2), GGML_STATUS_FAILED);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(err, "lugh: ggml_graph_compute_with_ctx: the graph reads tensors of context #" + std::to_string(slot) +
                       ", which was destroyed or reset after the graph was built\n");
    ggml_cplan plan = ggml_graph_plan(g, 1, nullptr);
    testing::internal::CaptureStderr();
    EXPECT_EQ(ggml_graph_compute(g, &plan), GGML_STATUS_FAILED);
    EXPECT_THAT(testing::internal::GetCapturedStderr(), HasSubstr("lugh: ggml_graph_compute: the graph reads"));
    // Cleared and rebuilt over B's tensors only, it runs again.
    ggml_graph_clear(g);
    ggml_tensor* z = ggml_new_tensor_1d(b, GGML_TYPE_F32, 9);
    ggml_set_f32(z, 2.0f);
    ggml_build_forward_expand(g, ggml_sqr(b, z));
    EXPECT_EQ(g->n_read_contexts, 0);
    EXPECT_EQ(ggml_graph_compute_with_ctx(b, g, 1), GGML_STATUS_SUCCESS);
    ggml_free(b);
}

TEST(GraphForeignContext, MoreContextsThanTheLimitIsAClearErrorAndChangesNothing) {
    const int limit = lugh::graph::kMaxReadContexts;
    lugh::Context b(1 << 20);
    std::vector<std::unique_ptr<lugh::Context>> others;
    auto sum = lugh::Tensor::new_f32(b, {3});
    sum.fill(0.0f);
    for (int i = 0; i < limit; ++i) {
        others.push_back(std::make_unique<lugh::Context>(1 << 12));
        auto t = lugh::Tensor::new_f32(*others.back(), {3});
        t.fill(1.0f);
        sum = ops::add(b, sum, t);
    }
    lugh::Graph g(b);
    g.build_forward(sum);   // exactly the limit: fine
    EXPECT_EQ(g.raw()->n_read_contexts, limit);
    const int nodes = g.n_nodes();
    others.push_back(std::make_unique<lugh::Context>(1 << 12));
    auto extra = lugh::Tensor::new_f32(*others.back(), {3});
    extra.fill(1.0f);
    extra.set_name("extra");
    auto more = ops::add(b, sum, extra);
    EXPECT_THAT([&] { g.build_forward(more); },
                testing::ThrowsMessage<lugh::Error>(HasSubstr(
                    "tensor 'extra' lives in context #" + std::to_string(others.back()->id()) +
                    ", but the graph already reads tensors of 16 contexts besides its own")));
    EXPECT_EQ(g.n_nodes(), nodes);
    EXPECT_EQ(g.raw()->n_read_contexts, limit);
    g.compute(b, 1);
    EXPECT_EQ(sum.get_f32(), std::vector<float>(3, float(limit)));
}

TEST(GraphForeignContext, TheSizingIdiomStillFits) {
    // The graph object's header (with its list of read contexts) is part of
    // ggml_graph_overhead, so the upstream idiom sizes a no_alloc context right.
    EXPECT_GE(ggml_graph_overhead_custom(1, false), sizeof(ggml_cgraph));
    ggml_init_params p = {ggml_tensor_overhead() * 3 + ggml_graph_overhead_custom(4, false), nullptr, true};
    ggml_context* ctx = ggml_init(p);
    ggml_context* weights = ggml_init(ggml_init_params{1 << 12, nullptr, true});
    ggml_tensor* w = ggml_new_tensor_1d(weights, GGML_TYPE_F32, 4);
    ggml_tensor* x = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_tensor* y = ggml_mul(ctx, x, w);
    ggml_cgraph* g = ggml_new_graph_custom(ctx, 4, false);
    ggml_build_forward_expand(g, ggml_sqr(ctx, y));
    EXPECT_EQ(ggml_graph_n_nodes(g), 2);
    EXPECT_EQ(g->n_read_contexts, 1);
    EXPECT_LE(ggml_used_mem(ctx), ggml_get_mem_size(ctx));
    ggml_free(weights);
    ggml_free(ctx);
}

// Under ThreadSanitizer (the suite name puts it in `make tsan`): graphs are
// built over a long-lived weights context while other threads create, reset
// and free contexts, so build_forward's owner lookups run while arenas come
// and go.
TEST(RegistryThreads, GraphsOverAnotherContextWhileContextsChurn) {
    ggml_context* weights = ggml_init(ggml_init_params{1 << 16, nullptr, false});
    ggml_tensor* w = ggml_new_tensor_1d(weights, GGML_TYPE_F32, 8);
    ggml_set_f32(w, 0.5f);
    std::atomic<bool> stop{false};
    std::atomic<int> wrong{0};
    std::thread builder([&] {
        for (int i = 0; i < 200; ++i) {
            ggml_context* b = ggml_init(ggml_init_params{1 << 16, nullptr, false});
            ggml_tensor* y = ggml_scale(b, w, 2.0f);
            ggml_cgraph* g = ggml_new_graph_custom(b, 8, false);
            ggml_build_forward_expand(g, y);
            if (g->n_read_contexts != 1 || lugh::graph::read_context(g, 0).ctx != weights) ++wrong;
            if (ggml_graph_compute_with_ctx(b, g, 1) != GGML_STATUS_SUCCESS || ggml_get_f32_1d(y, 7) != 1.0f) ++wrong;
            ggml_free(b);
        }
        stop.store(true);
    });
    std::thread churn([&] {
        while (!stop.load()) {
            ggml_context* c = ggml_init(ggml_init_params{4096, nullptr, false});
            ggml_new_tensor_1d(c, GGML_TYPE_F32, 4);
            ggml_reset(c);
            ggml_free(c);
        }
    });
    builder.join();
    churn.join();
    EXPECT_EQ(wrong.load(), 0);
    ggml_free(weights);
}

// An engine's threads each rebuild their graph over one shared weights
// context every step: the lookups of the weights' owner and reads only read.
TEST(RegistryThreads, ThreadsBuildAndComputeOverOneWeightsContext) {
    lugh::Context weights(1 << 16);
    auto w = lugh::Tensor::new_f32(weights, {8});
    w.fill(0.5f);
    auto row = ops::view_1d(weights, w, 4, 0);   // a view among the weights
    std::atomic<int> wrong{0};
    auto work = [&](float scale) {
        lugh::Context ctx(1 << 16);
        for (int step = 0; step < 100; ++step) {
            ctx.reset();
            auto y = ops::scale(ctx, ops::add(ctx, w, w), scale);
            auto z = ops::sum(ctx, row);
            lugh::Graph g(ctx, 16);
            g.build_forward(y);
            g.build_forward(z);
            g.compute(1);
            if (y.get_f32_1d(7) != scale || z.get_f32_1d(0) != 2.0f) ++wrong;
            if (g.raw()->n_read_contexts != 1) ++wrong;
        }
    };
    std::thread a(work, 1.0f), b(work, 3.0f);
    a.join();
    b.join();
    EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
