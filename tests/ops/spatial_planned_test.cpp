// The spatial, sorting and generating ops in a graph the memory planner
// lays out (a no_alloc context, ggml_gallocr, the CPU backend), as ggml's own
// tests run them: the results equal the same graph computed with every tensor
// in its own memory.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "lugh/ggml/ggml-alloc.h"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"
#include "lugh/ggml/ggml.h"

namespace {

struct Built {
    ggml_tensor* image;
    ggml_tensor* kernel;
    std::vector<ggml_tensor*> outputs;
};

// Every input filled by fill(); outputs are the tensors compared.
Built build(ggml_context* ctx, ggml_cgraph* gf) {
    Built b;
    b.image = ggml_new_tensor_4d(ctx, GGML_TYPE_F32, 9, 7, 3, 2);
    b.kernel = ggml_new_tensor_4d(ctx, GGML_TYPE_F16, 3, 3, 3, 4);
    ggml_set_input(b.image);
    ggml_set_input(b.kernel);
    ggml_tensor* conv = ggml_conv_2d(ctx, b.kernel, b.image, 1, 2, 1, 1, 1, 1);
    ggml_tensor* pooled = ggml_pool_2d(ctx, conv, GGML_OP_POOL_AVG, 2, 2, 2, 1, 0, 0);
    ggml_tensor* up = ggml_interpolate(ctx, pooled, 7, 5, 4, 2, GGML_SCALE_MODE_BICUBIC);
    ggml_tensor* padded = ggml_pad_ext(ctx, up, 1, 0, 0, 2, 0, 0, 0, 0);
    ggml_tensor* ramp = ggml_arange(ctx, 0.0f, 8.0f, 1.0f);
    ggml_tensor* shifted = ggml_acc_inplace(ctx, ggml_roll(ctx, padded, 2, -1, 0, 0), ramp, 32, 32, 32, 4);
    ggml_tensor* top = ggml_argsort_top_k(ctx, ggml_reshape_2d(ctx, ggml_cont(ctx, shifted), 8 * 7, 8), 5);
    ggml_tensor* dw = ggml_conv_2d_dw_direct(ctx, ggml_new_tensor_4d(ctx, GGML_TYPE_F32, 2, 2, 1, 3), b.image, 1, 1, 0, 0, 1, 1);
    ggml_set_input(dw->src[0]);
    b.outputs = {conv, shifted, ggml_cont(ctx, top), dw};
    for (ggml_tensor* t : b.outputs) {
        ggml_set_output(t);
        ggml_build_forward_expand(gf, t);
    }
    return b;
}

void fill(const Built& b, bool backend) {
    for (ggml_tensor* t : {b.image, b.kernel, b.outputs[3]->src[0]}) {
        std::vector<float> v(static_cast<size_t>(ggml_nelements(t)));
        for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>((i * 37) % 23) / 8.0f - 1.0f;
        if (t->type == GGML_TYPE_F16) {
            std::vector<ggml_fp16_t> h(v.size());
            ggml_fp32_to_fp16_row(v.data(), h.data(), static_cast<int64_t>(v.size()));
            if (backend) ggml_backend_tensor_set(t, h.data(), 0, ggml_nbytes(t));
            else std::memcpy(t->data, h.data(), ggml_nbytes(t));
        } else if (backend) {
            ggml_backend_tensor_set(t, v.data(), 0, ggml_nbytes(t));
        } else {
            std::memcpy(t->data, v.data(), ggml_nbytes(t));
        }
    }
}

std::vector<float> read(const ggml_tensor* t) {
    std::vector<float> v;
    for (int64_t i = 0; i < ggml_nelements(t); ++i)
        v.push_back(t->type == GGML_TYPE_I32 ? static_cast<float>(ggml_get_i32_1d(t, static_cast<int>(i)))
                                             : ggml_get_f32_1d(t, static_cast<int>(i)));
    return v;
}

}  // namespace

TEST(SpatialOpsPlanned, PlannerLayoutGivesTheSameResults) {
    // Every tensor in its own memory.
    ggml_context* own = ggml_init({64 << 20, nullptr, false});
    ggml_cgraph* g1 = ggml_new_graph(own);
    Built a = build(own, g1);
    fill(a, false);
    ASSERT_EQ(ggml_graph_compute_with_ctx(own, g1, 2), GGML_STATUS_SUCCESS);

    // Planned: metadata only, then the planner's one buffer, computed by the backend.
    ggml_context* meta = ggml_init({ggml_tensor_overhead() * 64 + ggml_graph_overhead(), nullptr, true});
    ggml_cgraph* g2 = ggml_new_graph(meta);
    Built b = build(meta, g2);
    ggml_backend_t backend = ggml_backend_cpu_init();
    ggml_backend_cpu_set_n_threads(backend, 3);
    ggml_gallocr_t galloc = ggml_gallocr_new(ggml_backend_cpu_buffer_type());
    ASSERT_TRUE(ggml_gallocr_alloc_graph(galloc, g2));
    fill(b, true);
    ASSERT_EQ(ggml_backend_graph_compute(backend, g2), GGML_STATUS_SUCCESS);

    for (size_t i = 0; i < a.outputs.size(); ++i) EXPECT_EQ(read(a.outputs[i]), read(b.outputs[i])) << "output " << i;
    EXPECT_EQ(b.outputs[2]->type, GGML_TYPE_I32);
    ggml_gallocr_free(galloc);
    ggml_backend_free(backend);
    ggml_free(meta);
    ggml_free(own);
}
