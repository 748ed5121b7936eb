// ggml_backend_graph_compute refuses graphs whose tensors have no data,
// naming the tensor.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../alloc/hand_graph.hpp"
#include "lugh/ggml/ggml-cpu.h"

TEST(GraphCompute, UnallocatedTensorsAreAClearError) {
    lugh::testing::HandGraph g;
    ggml_tensor* x = g.leaf({8, 2}, "x");
    ggml_tensor* y = g.same(GGML_OP_SQR, x, {x}, "y");
    ggml_backend_t be = ggml_backend_cpu_init();
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(ggml_backend_graph_compute(be, g.graph()), GGML_STATUS_FAILED);
    EXPECT_THAT(::testing::internal::GetCapturedStderr(),
                ::testing::MatchesRegex(".*leaf 0 'x' .* has no data: allocate the graph.*\n"));
    // With the leaf placed, the node is still missing.
    ggml_backend_buffer_t buf = ggml_backend_buft_alloc_buffer(ggml_backend_cpu_buffer_type(), 64);
    ggml_tallocr ta = ggml_tallocr_new(buf);
    ggml_tallocr_alloc(&ta, x);
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(ggml_backend_graph_compute(be, g.graph()), GGML_STATUS_FAILED);
    EXPECT_THAT(::testing::internal::GetCapturedStderr(), ::testing::HasSubstr("node 0 'y'"));
    EXPECT_EQ(y->data, nullptr);   // nothing was computed or placed
    ggml_backend_buffer_free(buf);
    ggml_backend_free(be);
}
