/* ggml_graph_add.c - the seed's low-level example through the ggml C API:
 * two vectors, an add node, a graph, a 4-thread compute. */
#include <stdio.h>

#include "ggml.h"
#include "ggml-cpu.h"

int main(void) {
    struct ggml_init_params params = { 10 * 1024 * 1024, NULL, false };
    struct ggml_context * ctx = ggml_init(params);
    if (!ctx) return 1;

    struct ggml_tensor * a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1000);
    struct ggml_tensor * b = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1000);
    for (int i = 0; i < 1000; ++i) {
        ggml_set_f32_1d(a, i, (float)i);
        ggml_set_f32_1d(b, i, 0.5f * (float)i);
    }

    struct ggml_tensor * c = ggml_add(ctx, a, b);       /* records the node; nothing computed yet */
    struct ggml_cgraph * graph = ggml_new_graph(ctx);
    ggml_build_forward_expand(graph, c);
    enum ggml_status status = ggml_graph_compute_with_ctx(ctx, graph, 4);   /* 4 threads */

    printf("status: %s\n", ggml_status_to_string(status));
    printf("graph: %d node(s), last is %s\n", ggml_graph_n_nodes(graph), ggml_op_desc(ggml_graph_node(graph, -1)));
    printf("c[0] = %g, c[1] = %g, c[999] = %g\n", ggml_get_f32_1d(c, 0), ggml_get_f32_1d(c, 1), ggml_get_f32_1d(c, 999));
    int ok = status == GGML_STATUS_SUCCESS && ggml_get_f32_1d(c, 999) == 1498.5f;
    ggml_free(ctx);
    return ok ? 0 : 1;
}
