// The C++ face: lugh::Buffer, lugh::Backend, lugh::alloc_tensors and
// lugh::GraphAllocator (RAII, errors as lugh::Error, objects usable after).
#include <gtest/gtest.h>

#include <lugh/lugh.hpp>

#include "../alloc/model_graphs.hpp"
#include "lugh/ggml/ggml-backend.h"

TEST(CppBuffer, AllocateWrapMoveAndRelease) {
    lugh::Buffer b = lugh::Buffer::allocate(1000);
    EXPECT_TRUE(b);
    EXPECT_EQ(b.size(), 1000u);
    EXPECT_EQ(b.name(), "CPU");
    b.clear(5);
    EXPECT_EQ(static_cast<unsigned char*>(b.base())[999], 5);
    lugh::Buffer moved = std::move(b);
    EXPECT_FALSE(b);
    EXPECT_THROW(b.base(), lugh::Error);
    EXPECT_EQ(moved.size(), 1000u);

    std::vector<unsigned char> mem(64);
    lugh::Buffer w = lugh::Buffer::wrap(mem.data(), mem.size());
    EXPECT_EQ(w.name(), "CPU_Mapped");
    EXPECT_EQ(w.base(), mem.data());
    ggml_backend_buffer* raw = moved.release();
    EXPECT_FALSE(moved);
    ggml_backend_buffer_free(raw);
    EXPECT_THROW(lugh::Buffer::wrap(nullptr, 8), lugh::Error);
}

TEST(CppBackend, NameThreadsAndErrors) {
    lugh::Backend cpu(2);
    EXPECT_EQ(cpu.name(), "CPU");
    EXPECT_EQ(cpu.n_threads(), 2);
    cpu.set_n_threads(3);
    EXPECT_EQ(cpu.n_threads(), 3);
    EXPECT_THROW(cpu.set_n_threads(0), lugh::Error);
    EXPECT_EQ(cpu.n_threads(), 3);   // unchanged after the error
    EXPECT_THROW(lugh::Backend(0), lugh::Error);
    EXPECT_EQ(cpu.alignment(), 64u);
    lugh::Backend other = std::move(cpu);
    EXPECT_THROW(cpu.name(), lugh::Error);
    EXPECT_EQ(other.name(), "CPU");
}

TEST(CppAllocTensors, WeightContextGetsItsData) {
    lugh::Backend cpu;
    lugh::Context weights(lugh::ContextParams{1 << 20, nullptr, true});
    auto w = lugh::Tensor::new_f32(weights, {33, 7});
    auto b = lugh::Tensor::new_f32(weights, {7});
    EXPECT_FALSE(w.has_data());
    const size_t need = lugh::alloc_tensors_size(weights);
    EXPECT_GE(need, w.nbytes() + b.nbytes());
    lugh::Buffer buf = lugh::alloc_tensors(weights, cpu);
    EXPECT_EQ(buf.size(), need);
    EXPECT_TRUE(w.has_data());
    EXPECT_EQ(w.raw()->buffer, buf.raw());
    std::vector<float> v(33 * 7);
    for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i) * 0.5f;
    w.set_f32(v);
    EXPECT_EQ(w.get_f32(), v);
    // Nothing left: an empty Buffer.
    lugh::Buffer none = lugh::alloc_tensors(weights);
    EXPECT_FALSE(none);
}

TEST(CppGraphAllocator, PlansAndReportsFigures) {
    lugh::testing::HandGraph g;
    lugh::testing::build_mlp(g, 8, 64, 256, 4);
    lugh::GraphAllocator planner;
    EXPECT_EQ(planner.buffer_size(), 0u);
    planner.reserve(g.graph());
    const size_t reserved = planner.buffer_size();
    EXPECT_GT(reserved, 0u);
    planner.alloc_graph(g.graph());
    EXPECT_EQ(planner.buffer_size(), reserved);
    const lugh::PlanFigures f = planner.last_plan();
    EXPECT_EQ(f.planned, reserved);
    EXPECT_GE(f.planned, f.lower_bound);
    EXPECT_LT(f.planned, f.sum_of_tensors);
    EXPECT_GT(f.n_inplace, 0);
    for (ggml_tensor* n : g.nodes()) EXPECT_NE(n->data, nullptr);
    EXPECT_THROW(planner.alloc_graph(nullptr), lugh::Error);
    planner.alloc_graph(g.graph());   // still usable
    lugh::GraphAllocator moved = std::move(planner);
    EXPECT_THROW(planner.buffer_size(), lugh::Error);
    EXPECT_EQ(moved.buffer_size(), reserved);
}

TEST(CppBackend, ComputeRefusesUnallocatedGraphs) {
    lugh::testing::HandGraph g;
    ggml_tensor* x = g.leaf({4}, "x");
    g.same(GGML_OP_SQR, x, {x}, "y");
    lugh::Backend cpu;
    try {
        cpu.compute(g.graph());
        FAIL() << "expected lugh::Error";
    } catch (const lugh::Error& e) {
        EXPECT_NE(std::string(e.what()).find("leaf 0 'x'"), std::string::npos) << e.what();
    }
}

TEST(CppBackend, ComputesAPlannedGraph) {
    lugh::Backend cpu(2);
    auto build = [](lugh::Context& ctx, lugh::Tensor& x) {
        x = lugh::Tensor::new_f32(ctx, {33, 3});
        ggml_set_input(x.raw());
        lugh::Tensor y = lugh::ops::scale(ctx, lugh::ops::relu(ctx, lugh::ops::add(ctx, x, x)), 0.5f);
        return lugh::ops::mul(ctx, y, y);
    };
    std::vector<float> in(99);
    for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i % 11) - 5.0f;

    lugh::Context plain(1 << 20);
    lugh::Tensor xa;
    lugh::Tensor ya = build(plain, xa);
    lugh::Graph ga(plain);
    ga.build_forward(ya);
    xa.set_f32(in);
    ga.compute(plain, 1);

    lugh::Context compute(lugh::ContextParams{1 << 20, nullptr, true});
    lugh::Tensor xb;
    lugh::Tensor yb = build(compute, xb);
    lugh::Graph gb(compute);
    gb.build_forward(yb);
    EXPECT_THROW(cpu.compute(gb), lugh::Error);   // nothing allocated yet
    lugh::GraphAllocator planner;
    planner.reserve(gb);
    planner.alloc_graph(gb);
    xb.set_f32(in);
    cpu.compute(gb);
    EXPECT_EQ(yb.get_f32(), ya.get_f32());
    yb.set_zero();
    EXPECT_EQ(ggml_backend_graph_compute_async(cpu.raw(), gb.raw()), GGML_STATUS_SUCCESS);   // synchronous on the CPU
    ggml_backend_synchronize(cpu.raw());
    EXPECT_EQ(yb.get_f32(), ya.get_f32());
    EXPECT_GT(planner.last_plan().n_inplace, 0);
}

TEST(CppAllocTensors, ContextMemberGivesTheSameBuffer) {
    lugh::Backend cpu;
    lugh::Context weights(lugh::ContextParams{1 << 20, nullptr, true});
    auto w = lugh::Tensor::new_f32(weights, {5, 3});
    lugh::Buffer buf = weights.alloc_tensors(cpu);
    ASSERT_TRUE(w.has_data());
    EXPECT_EQ(w.raw()->buffer, buf.raw());
    EXPECT_GE(buf.size(), w.nbytes());
    w.fill(2.5f);
    EXPECT_EQ(w.get_f32_1d(14), 2.5f);
}
