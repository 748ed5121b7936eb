// Errors travel to the caller through every compute path (graph/compute.hpp):
// lugh::Backend::compute and lugh::Graph::compute throw lugh::Error with the
// real message and stay usable; nothing aborts the process. The C paths
// (ggml_graph_compute, ggml_backend_graph_compute) print the same message and
// return GGML_STATUS_FAILED.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <lugh/lugh.hpp>

#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"

using testing::HasSubstr;
using testing::ThrowsMessage;
namespace ops = lugh::ops;

namespace {

// rows[ids]: a 3-row table gathered by an index tensor.
struct Gather {
    lugh::Context ctx{1 << 20};
    lugh::Tensor table = lugh::Tensor::new_f32(ctx, {2, 3});
    lugh::Tensor ids = lugh::Tensor::create(ctx, lugh::Type::I32, {2});
    lugh::Tensor rows;
    lugh::Graph graph{ctx};
    Gather() {
        table.set_f32({1, 2, 3, 4, 5, 6});
        table.set_name("table");
        rows = ops::get_rows(ctx, table, ids);
        graph.build_forward(rows);
    }
};

const char* kBadIndex = "lugh: get_rows: index 7 (b element [1, 0, 0]) is outside the 3 rows of 'table'";

TEST(ComputeErrors, BackendThrowsTheKernelsMessageAndStaysUsable) {
    // It used to say "GGML status: error (operation failed)", the real
    // message going to stderr.
    Gather g;
    lugh::Backend cpu(2);
    g.ids.set_i32({0, 7});
    EXPECT_THAT([&] { cpu.compute(g.graph); }, ThrowsMessage<lugh::Error>(HasSubstr(kBadIndex)));
    g.ids.set_i32({2, 0});
    cpu.compute(g.graph);
    EXPECT_EQ(g.rows.get_f32(), (std::vector<float>{5, 6, 1, 2}));
}

TEST(ComputeErrors, GraphComputeThrowsTheSameMessage) {
    Gather g;
    g.ids.set_i32({0, 7});
    EXPECT_THAT([&] { g.graph.compute(1); }, ThrowsMessage<lugh::Error>(HasSubstr(kBadIndex)));
    g.ids.set_i32({1, 1});
    g.graph.compute(g.ctx, 2);
    EXPECT_EQ(g.rows.get_f32(), (std::vector<float>{3, 4, 3, 4}));
}

TEST(ComputeErrors, ThreadCountsOutOfRangeThrowInsteadOfAborting) {
    // lugh::Backend(1000).compute(g) used to abort the process in ggml_graph_plan.
    EXPECT_THAT([] { lugh::Backend(1000); }, ThrowsMessage<lugh::Error>(HasSubstr("n_threads must be 1..512, got 1000")));
    lugh::Backend cpu(2);
    EXPECT_THROW(cpu.set_n_threads(513), lugh::Error);
    EXPECT_EQ(cpu.n_threads(), 2);
    Gather g;
    g.ids.set_i32({0, 1});
    EXPECT_THAT([&] { g.graph.compute(0); },
                ThrowsMessage<lugh::Error>(HasSubstr("lugh: Graph::compute: n_threads must be 1..512, got 0")));
    EXPECT_THROW(g.graph.compute(1000), lugh::Error);
    cpu.compute(g.graph);
    EXPECT_EQ(g.rows.get_f32(), (std::vector<float>{1, 2, 3, 4}));
}

TEST(ComputeErrors, BackendComputeOfAGraphOverAGoneContextThrows) {
    auto weights = std::make_unique<lugh::Context>(1 << 16);
    lugh::Context ctx(1 << 20);
    auto w = lugh::Tensor::new_f32(*weights, {4});
    w.fill(2.0f);
    auto y = ops::sqr(ctx, w);
    lugh::Graph graph(ctx);
    graph.build_forward(y);
    lugh::Backend cpu(1);
    cpu.compute(graph);
    EXPECT_EQ(y.get_f32(), std::vector<float>(4, 4.0f));
    const std::string slot = std::to_string(weights->id());
    weights.reset();
    EXPECT_THAT([&] { cpu.compute(graph); },
                ThrowsMessage<lugh::Error>(HasSubstr("lugh: Backend::compute: the graph reads tensors of context #" +
                                                     slot + ", which was destroyed or reset")));
}

TEST(ComputeErrors, CPathsReturnFailedWithTheSameMessage) {
    Gather g;
    g.ids.set_i32({0, 7});
    ggml_backend_t be = ggml_backend_cpu_init();
    testing::internal::CaptureStderr();
    EXPECT_EQ(ggml_backend_graph_compute(be, g.graph.raw()), GGML_STATUS_FAILED);
    EXPECT_THAT(testing::internal::GetCapturedStderr(), HasSubstr(kBadIndex));
    ggml_cplan plan = ggml_graph_plan(g.graph.raw(), 1, nullptr);
    testing::internal::CaptureStderr();
    EXPECT_EQ(ggml_graph_compute(g.graph.raw(), &plan), GGML_STATUS_FAILED);
    EXPECT_THAT(testing::internal::GetCapturedStderr(), HasSubstr(kBadIndex));
    g.ids.set_i32({0, 2});
    EXPECT_EQ(ggml_backend_graph_compute(be, g.graph.raw()), GGML_STATUS_SUCCESS);
    EXPECT_EQ(g.rows.get_f32(), (std::vector<float>{1, 2, 5, 6}));
    ggml_backend_free(be);
}

}  // namespace

namespace {

TEST(ComputeErrors, AnUnnamedTableIsCalledUnnamedNotQuotedEmpty) {
    lugh::Context ctx(1 << 20);
    auto table = lugh::Tensor::new_f32(ctx, {2, 3});
    auto ids = lugh::Tensor::create(ctx, lugh::Type::I32, {1});
    table.fill(0.0f);
    ids.set_i32({-1});
    lugh::Graph graph(ctx);
    graph.build_forward(ops::get_rows(ctx, table, ids));
    EXPECT_THAT([&] { graph.compute(1); },
                ThrowsMessage<lugh::Error>(HasSubstr("index -1 (b element [0, 0, 0]) is outside the 3 rows of (unnamed)")));
}

}  // namespace
