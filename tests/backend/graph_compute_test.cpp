// ggml_backend_graph_compute refuses graphs whose tensors have no data,
// naming the tensor.
#include <gtest/gtest.h>

#include "../alloc/hand_graph.hpp"
#include "lugh/ggml/ggml-cpu.h"

TEST(GraphCompute, UnallocatedTensorsAreAClearError) {
    lugh::testing::HandGraph g;
    ggml_tensor* x = g.leaf({8, 2}, "x");
    ggml_tensor* y = g.same(GGML_OP_SQR, x, {x}, "y");
    (void)y;
    ggml_backend_t be = ggml_backend_cpu_init();
    EXPECT_DEATH(ggml_backend_graph_compute(be, g.graph()), "leaf 0 'x' .* has no data: allocate the graph");
    // With the leaf placed, the node is still missing.
    ggml_backend_buffer_t buf = ggml_backend_buft_alloc_buffer(ggml_backend_cpu_buffer_type(), 64);
    ggml_tallocr ta = ggml_tallocr_new(buf);
    ggml_tallocr_alloc(&ta, x);
    EXPECT_DEATH(ggml_backend_graph_compute(be, g.graph()), "node 0 'y' .* has no data");
    ggml_backend_buffer_free(buf);
    ggml_backend_free(be);
}
