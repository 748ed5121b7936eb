// ARANGE and TIMESTEP_EMBEDDING: values computed from parameters (and, for
// the embedding, one number per row).
#include <cmath>

#include "core/op_params.hpp"
#include "core/tensor_shape.hpp"
#include "cpu/kernels.hpp"

namespace lugh::cpu {

namespace {

void arange(ggml_tensor* dst, const KernelArgs& args) {
    const float start = core::param_f32(dst, 0), step = core::param_f32(dst, 2);
    int64_t i0, i1;
    split_rows(dst->ne[0], args.ith, args.nth, &i0, &i1);
    float* out = static_cast<float*>(dst->data);
    for (int64_t i = i0; i < i1; ++i) out[i] = start + step * static_cast<float>(i);   // in float, as upstream
}

// Row i: cos(t f_j) for j < half, sin(t f_j) after, f_j = max_period^(-j/half);
// an odd dim leaves its last element 0.
void timestep_embedding(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* t = dst->src[0];
    const int dim = core::param_i32(dst, 0), max_period = core::param_i32(dst, 1);
    const int half = dim / 2;
    const float log_period = std::log(static_cast<float>(max_period));
    int64_t r0, r1;
    split_rows(dst->ne[1], args.ith, args.nth, &r0, &r1);
    for (int64_t r = r0; r < r1; ++r) {
        const float ts = *reinterpret_cast<const float*>(static_cast<const char*>(t->data) + r * t->nb[0]);
        float* out = reinterpret_cast<float*>(row_ptr(dst, r, 0, 0));
        for (int j = 0; j < half; ++j) {
            const float freq = std::exp(-log_period * static_cast<float>(j) / static_cast<float>(half));
            const float arg = ts * freq;
            out[j] = std::cos(arg);
            out[j + half] = std::sin(arg);
        }
        if (dim % 2) out[dim - 1] = 0.0f;
    }
}

}  // namespace

void compute_generate(ggml_tensor* dst, const KernelArgs& args) {
    if (dst->op == GGML_OP_ARANGE) arange(dst, args);
    else timestep_embedding(dst, args);
}

}  // namespace lugh::cpu
