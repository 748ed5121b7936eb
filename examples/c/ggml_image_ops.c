/* ggml_image_ops.c - the spatial operations through the ggml C API: a 6x6
 * image with two channels is padded, convolved (im2col + matmul and the direct
 * form agree), max-pooled, upscaled back and ranked with argsort. */
#include <math.h>
#include <stdio.h>

#include "ggml.h"
#include "ggml-cpu.h"

int main(void) {
    struct ggml_init_params params = { 16 * 1024 * 1024, NULL, false };
    struct ggml_context * ctx = ggml_init(params);
    if (!ctx) return 1;

    /* image [W=6, H=6, C=2, N=1]; kernel [3, 3, 2 in, 4 out] */
    struct ggml_tensor * img = ggml_new_tensor_4d(ctx, GGML_TYPE_F32, 6, 6, 2, 1);
    struct ggml_tensor * k   = ggml_new_tensor_4d(ctx, GGML_TYPE_F16, 3, 3, 2, 4);
    for (int i = 0; i < 6 * 6 * 2; ++i) ggml_set_f32_1d(img, i, (float)((i * 7) % 11) / 4.0f);
    for (int i = 0; i < 3 * 3 * 2 * 4; ++i) ggml_set_f32_1d(k, i, (float)((i % 5) - 2) / 2.0f);

    struct ggml_tensor * padded = ggml_pad_ext(ctx, img, 1, 1, 1, 1, 0, 0, 0, 0);          /* [8, 8, 2] */
    struct ggml_tensor * conv   = ggml_conv_2d(ctx, k, padded, 1, 1, 0, 0, 1, 1);            /* [6, 6, 4] */
    struct ggml_tensor * direct = ggml_conv_2d_direct(ctx, k, img, 1, 1, 1, 1, 1, 1);        /* the same, padded inside */
    struct ggml_tensor * pooled = ggml_pool_2d(ctx, conv, GGML_OP_POOL_MAX, 2, 2, 2, 2, 0, 0);   /* [3, 3, 4] */
    struct ggml_tensor * up     = ggml_upscale(ctx, pooled, 2, GGML_SCALE_MODE_NEAREST);     /* [6, 6, 4] */
    struct ggml_tensor * order  = ggml_argsort(ctx, ggml_reshape_2d(ctx, ggml_cont(ctx, pooled), 9, 4), GGML_SORT_ORDER_DESC);

    struct ggml_cgraph * graph = ggml_new_graph(ctx);
    ggml_build_forward_expand(graph, direct);
    ggml_build_forward_expand(graph, up);
    ggml_build_forward_expand(graph, order);
    enum ggml_status status = ggml_graph_compute_with_ctx(ctx, graph, 2);

    /* conv_2d rounds the image to F16 (its kernel is F16, as upstream); these values are exact in F16, so the
     * two forms differ only in the order of their sums. */
    float worst = 0.0f;
    for (int i = 0; i < 6 * 6 * 4; ++i) {
        const float d = fabsf(ggml_get_f32_1d(conv, i) - ggml_get_f32_1d(direct, i));
        if (d > worst) worst = d;
    }
    int ok = status == GGML_STATUS_SUCCESS && worst < 0.05f;
    /* each pooled value is the largest of its window, and upscale repeats it over the window */
    for (int c = 0; c < 4 && ok; ++c)
        for (int y = 0; y < 6; ++y)
            for (int x = 0; x < 6; ++x) {
                const float v = ggml_get_f32_nd(up, x, y, c, 0);
                ok = ok && v == ggml_get_f32_nd(pooled, x / 2, y / 2, c, 0) && v >= ggml_get_f32_nd(conv, x, y, c, 0);
            }
    /* argsort DESC: the first index names the largest pooled value of the channel */
    for (int c = 0; c < 4 && ok; ++c) {
        const int best = ggml_get_i32_nd(order, 0, c, 0, 0);
        for (int i = 0; i < 9; ++i) ok = ok && ggml_get_f32_1d(pooled, c * 9 + best) >= ggml_get_f32_1d(pooled, c * 9 + i);
    }
    printf("status: %s, conv_2d vs conv_2d_direct: largest difference %g\n", ggml_status_to_string(status), worst);
    printf("channel 0 pooled: %g %g %g ..., its largest at %d\n", ggml_get_f32_1d(pooled, 0), ggml_get_f32_1d(pooled, 1),
           ggml_get_f32_1d(pooled, 2), ggml_get_i32_nd(order, 0, 0, 0, 0));
    printf("%s\n", ok ? "all checks passed" : "MISMATCH");
    ggml_free(ctx);
    return ok ? 0 : 1;
}
