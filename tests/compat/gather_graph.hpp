// A graph that fails at run time, for the tests of failure reports: rows of
// a zeroed 3-row table gathered by one index, which the test sets in or out
// of range.
#pragma once

#include "lugh/ggml/ggml.h"

namespace compat_test {

struct GatherGraph {
    ggml_tensor* ids = nullptr;   // one I32 index
    ggml_cgraph* graph = nullptr;
};

// In ctx (which must allocate data), with the index set to `index`.
inline GatherGraph gather_graph(ggml_context* ctx, int32_t index) {
    GatherGraph g;
    ggml_tensor* table = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 2, 3);
    ggml_set_zero(table);
    g.ids = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, 1);
    ggml_set_i32_1d(g.ids, 0, index);
    g.graph = ggml_new_graph(ctx);
    ggml_build_forward_expand(g.graph, ggml_get_rows(ctx, table, g.ids));
    return g;
}

}  // namespace compat_test
