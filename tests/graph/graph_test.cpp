// Graphs: arena sizing, build order and de-duplication, node access, names,
// capacity errors, computing through both APIs, and the no-data error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <lugh/lugh.hpp>

#include "ggml-cpu.h"

using testing::HasSubstr;
namespace ops = lugh::ops;

TEST(Graph, FitsTheUpstreamSizingIdiomInANoAllocContext) {
    const int n_tensors = 8;
    ggml_init_params p = {ggml_tensor_overhead() * n_tensors + ggml_graph_overhead(), nullptr, true};
    ggml_context* ctx = ggml_init(p);
    ASSERT_NE(ctx, nullptr);
    ggml_tensor* a = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 64, 64);
    ggml_tensor* b = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 64, 64);
    ggml_tensor* c = ggml_mul_mat(ctx, a, b);
    ggml_tensor* d = ggml_add(ctx, c, a);
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, d);
    EXPECT_EQ(ggml_graph_n_nodes(gf), 2);
    EXPECT_EQ(ggml_graph_size(gf), GGML_DEFAULT_GRAPH_SIZE);
    EXPECT_LE(ggml_used_mem(ctx), ggml_get_mem_size(ctx));
    EXPECT_EQ(ggml_graph_overhead_custom(GGML_DEFAULT_GRAPH_SIZE, false), ggml_graph_overhead());
    EXPECT_LT(ggml_graph_overhead_custom(16, false), ggml_graph_overhead());
    ggml_free(ctx);
}

TEST(Graph, TopologicalOrderWithoutDuplicates) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::new_f32(ctx, {4});
    auto b = ops::sqr(ctx, a);
    auto c = ops::add(ctx, b, b);   // b reached twice
    auto d = ops::mul(ctx, c, a);
    lugh::Graph g(ctx);
    g.build_forward(d);
    ASSERT_EQ(g.n_nodes(), 3);
    EXPECT_EQ(g.n_leafs(), 1);
    EXPECT_EQ(g.node(0), b);
    EXPECT_EQ(g.node(1), c);
    EXPECT_EQ(g.node(2), d);
    EXPECT_EQ(g.node(-1), d);
    EXPECT_EQ(g.node(-3), b);
    EXPECT_THROW(g.node(3), lugh::Error);
    EXPECT_THROW(g.node(-4), lugh::Error);
    // Expanding again adds only what is new.
    auto e = ops::neg(ctx, d);
    g.build_forward(d);
    EXPECT_EQ(g.n_nodes(), 3);
    g.build_forward(e);
    EXPECT_EQ(g.n_nodes(), 4);
    EXPECT_EQ(ggml_graph_node(g.raw(), -1), e.raw());
}

TEST(Graph, FindsTensorsByName) {
    lugh::Context ctx(1 << 20);
    auto x = lugh::Tensor::new_f32(ctx, {4});
    x.set_name("x");
    auto y = ops::relu(ctx, x);
    y.set_name("y");
    lugh::Graph g(ctx);
    g.build_forward(y);
    EXPECT_EQ(g.get_tensor("y"), y);
    EXPECT_EQ(g.get_tensor("x"), x);
    EXPECT_TRUE(g.has_tensor("x"));
    EXPECT_FALSE(g.has_tensor("z"));
    EXPECT_THROW(g.get_tensor("z"), lugh::Error);
    EXPECT_EQ(ggml_graph_get_tensor(g.raw(), "y"), y.raw());
    EXPECT_EQ(ggml_graph_get_tensor(g.raw(), "nope"), nullptr);
}

TEST(Graph, FullGraphThrowsAndStaysUnchanged) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::new_f32(ctx, {4});
    auto b = ops::neg(ctx, a);
    auto c = ops::neg(ctx, b);
    auto d = ops::neg(ctx, c);
    lugh::Graph g(ctx, 2);
    g.build_forward(b);
    try {
        g.build_forward(d);
        FAIL() << "expected lugh::Error";
    } catch (const lugh::Error& e) {
        EXPECT_THAT(e.what(), HasSubstr("graph of size 2 is full"));
    }
    EXPECT_EQ(g.n_nodes(), 1);
    EXPECT_THROW(lugh::Graph(ctx, 0), lugh::Error);
}

TEST(Graph, HandleDetectsDeadContext) {
    lugh::Graph g;
    {
        lugh::Context ctx(1 << 20);
        g = lugh::Graph(ctx);
        EXPECT_TRUE(g.alive());
    }
    EXPECT_FALSE(g.alive());
    EXPECT_THROW(g.n_nodes(), lugh::Error);
    lugh::Context ctx(1 << 20);
    lugh::Graph h(ctx);
    ctx.reset();
    EXPECT_THROW(h.raw(), lugh::Error);
}

TEST(Graph, ComputeThroughCApiPlanAndWithCtx) {
    ggml_init_params p = {16 << 20, nullptr, false};
    ggml_context* ctx = ggml_init(p);
    ggml_tensor* a = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 33, 7);
    ggml_tensor* b = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 33, 5);
    for (int i = 0; i < 33 * 7; ++i) ggml_set_f32_1d(a, i, 0.01f * i);
    for (int i = 0; i < 33 * 5; ++i) ggml_set_f32_1d(b, i, 1.0f);
    ggml_tensor* c = ggml_soft_max(ctx, ggml_mul_mat(ctx, a, b));   // [7, 5]
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, c);

    ggml_cplan plan = ggml_graph_plan(gf, 3, nullptr);
    EXPECT_EQ(plan.n_threads, 3);
    EXPECT_GT(plan.work_size, 0u);
    std::vector<uint8_t> work(plan.work_size);
    plan.work_data = work.data();
    ASSERT_EQ(ggml_graph_compute(gf, &plan), GGML_STATUS_SUCCESS);
    std::vector<float> first;
    for (int i = 0; i < 35; ++i) first.push_back(ggml_get_f32_1d(c, i));
    float row_sum = 0;
    for (int i = 0; i < 7; ++i) row_sum += first[i];
    EXPECT_NEAR(row_sum, 1.0f, 1e-5);

    ASSERT_EQ(ggml_graph_compute_with_ctx(ctx, gf, 2), GGML_STATUS_SUCCESS);
    for (int i = 0; i < 35; ++i) EXPECT_EQ(ggml_get_f32_1d(c, i), first[i]);
    EXPECT_EQ(ggml_graph_plan(gf, 0, nullptr).n_threads, GGML_DEFAULT_N_THREADS);
    ggml_free(ctx);
}

namespace {
bool stop_now(void* data) {
    ++*static_cast<int*>(data);
    return true;
}
}  // namespace

TEST(Graph, AbortCallbackStopsTheCompute) {
    ggml_init_params p = {1 << 20, nullptr, false};
    ggml_context* ctx = ggml_init(p);
    ggml_tensor* x = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 8);
    ggml_set_f32(x, 1.0f);
    ggml_tensor* y = ggml_neg(ctx, ggml_neg(ctx, ggml_neg(ctx, x)));
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, y);
    ggml_cplan plan = ggml_graph_plan(gf, 2, nullptr);
    int calls = 0;
    plan.abort_callback = stop_now;
    plan.abort_callback_data = &calls;
    EXPECT_EQ(ggml_graph_compute(gf, &plan), GGML_STATUS_ABORTED);
    EXPECT_EQ(calls, 1);   // stopped after the first node
    ggml_free(ctx);
}

TEST(Graph, TensorWithoutDataIsAClearErrorNotACrash) {
    // C API: GGML_STATUS_FAILED and one line on stderr.
    ggml_init_params p = {1 << 20, nullptr, true};
    ggml_context* ctx = ggml_init(p);
    ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 8);
    ggml_set_name(a, "weights");
    ggml_tensor* b = ggml_relu(ctx, a);
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, b);
    testing::internal::CaptureStderr();
    EXPECT_EQ(ggml_graph_compute_with_ctx(ctx, gf, 2), GGML_STATUS_FAILED);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_THAT(err, HasSubstr("leaf 0 'weights' (NONE) has no data"));
    EXPECT_THAT(err, HasSubstr("no_alloc"));
    ggml_free(ctx);

    // C++ API: throws naming the tensor.
    lugh::ContextParams cp;
    cp.mem_size = 1 << 20;
    cp.no_alloc = true;
    lugh::Context cctx(cp);
    auto x = lugh::Tensor::new_f32(cctx, {8});
    auto y = ops::silu(cctx, x);
    lugh::Graph g(cctx);
    g.build_forward(y);
    try {
        g.compute(cctx, 2);
        FAIL() << "expected lugh::Error";
    } catch (const lugh::Error& e) {
        EXPECT_THAT(e.what(), HasSubstr("has no data"));
    }
}

TEST(GraphDeathTest, CApiMisuseAborts) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    auto with_ctx = [](void (*f)(ggml_context*)) {
        ggml_init_params p = {1 << 20, nullptr, false};
        ggml_context* ctx = ggml_init(p);
        f(ctx);
        ggml_free(ctx);
    };
    EXPECT_DEATH(with_ctx([](ggml_context* c) { ggml_new_graph_custom(c, 16, true); }), "grads must be false");
    EXPECT_DEATH(with_ctx([](ggml_context* c) { ggml_graph_node(ggml_new_graph_custom(c, 16, false), 0); }),
                 "node index 0 is out of range for a graph of 0 nodes");
    EXPECT_DEATH(with_ctx([](ggml_context* c) {
                     ggml_cgraph* g = ggml_new_graph_custom(c, 1, false);
                     ggml_tensor* x = ggml_new_tensor_1d(c, GGML_TYPE_F32, 4);
                     ggml_build_forward_expand(g, ggml_neg(c, ggml_neg(c, x)));
                 }),
                 "graph of size 1 is full");
    EXPECT_DEATH(with_ctx([](ggml_context* c) {
                     ggml_cgraph* g = ggml_new_graph(c);
                     ggml_tensor* x = ggml_new_tensor_2d(c, GGML_TYPE_F32, 64, 64);
                     ggml_build_forward_expand(g, ggml_soft_max(c, x));
                     ggml_cplan plan = ggml_graph_plan(g, 2, nullptr);   // needs a work buffer
                     ggml_graph_compute(g, &plan);
                 }),
                 "needs a work buffer");
    EXPECT_DEATH(with_ctx([](ggml_context* c) {
                     ggml_init_params small = {4096, nullptr, true};
                     ggml_context* tiny = ggml_init(small);
                     (void)c;
                     ggml_new_graph(tiny);
                 }),
                 "out of memory");
}

TEST(Graph, AFullGraphKeepsItsVisitedSetAsItWas) {
    // A refused build takes its tensors out of the visited set again: the
    // same tensors are added by a later build into a graph with room.
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::new_f32(ctx, {4});
    lugh::Tensor x = a;
    for (int i = 0; i < 40; ++i) x = ops::neg(ctx, x);
    lugh::Graph g(ctx, 8);
    auto first = ops::sqr(ctx, a);
    g.build_forward(first);
    EXPECT_THAT([&] { g.build_forward(x); },
                testing::ThrowsMessage<lugh::Error>(HasSubstr("it holds 1 nodes and 1 leafs and needs 40 and 0 more")));
    EXPECT_EQ(g.n_nodes(), 1);
    EXPECT_EQ(g.n_leafs(), 1);
    auto second = ops::neg(ctx, first);
    g.build_forward(second);
    EXPECT_EQ(g.n_nodes(), 2) << "first is found again in the set; second is new";
    EXPECT_EQ(g.n_leafs(), 1);
}

TEST(Graph, ACycleInSourcesIsRefusedAndAddsNothing) {
    lugh::Context ctx(1 << 20);
    auto x = lugh::Tensor::new_f32(ctx, {4});
    auto y = ops::add(ctx, x, x);
    auto z = ops::sqr(ctx, y);
    y.set_name("y");
    y.raw()->src[1] = z.raw();   // by hand: y reads z, which reads y
    lugh::Graph g(ctx);
    EXPECT_THAT([&] { g.build_forward(z); },
                testing::ThrowsMessage<lugh::Error>(HasSubstr("src[] links form a cycle")));
    EXPECT_EQ(g.n_nodes(), 0);
    EXPECT_EQ(g.n_leafs(), 0);
    auto self = ops::neg(ctx, x);
    self.raw()->src[0] = self.raw();   // its own source
    EXPECT_THROW(g.build_forward(self), lugh::Error);
    y.raw()->src[1] = x.raw();   // repaired, it builds
    g.build_forward(z);
    EXPECT_EQ(g.n_nodes(), 2);
}

TEST(GraphDeathTest, CApiRefusesACycleAndAnOversizedOverhead) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(
        {
            ggml_context* c = ggml_init(ggml_init_params{1 << 20, nullptr, false});
            ggml_tensor* x = ggml_new_tensor_1d(c, GGML_TYPE_F32, 4);
            ggml_tensor* y = ggml_sqr(c, x);
            y->src[0] = y;
            ggml_build_forward_expand(ggml_new_graph(c), y);
        },
        "ggml_build_forward_expand: tensor .* is among its own sources");
    // Used to loop forever (2^62) or wrap to a small number (2^61).
    EXPECT_DEATH(ggml_graph_overhead_custom(size_t(1) << 62, false),
                 "lugh: ggml_graph_overhead_custom: graph size must be 1\\.\\.[0-9]+ nodes, got 4611686018427387904");
    EXPECT_DEATH(ggml_graph_overhead_custom(size_t(1) << 61, false), "graph size must be 1\\.\\.");
    EXPECT_DEATH(ggml_graph_overhead_custom(0, false), "graph size must be 1\\.\\.");
}
