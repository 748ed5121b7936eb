// Helpers shared by the mul_mat kernel tests: weights quantized from
// normal values, activation rows converted as mul_mat converts them, and
// what both hold as floats (the reference multiplies those in double).
#pragma once

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "cpu/matmul/activation.hpp"
#include "cpu/matmul/dot.hpp"
#include "lugh/ggml/ggml.h"
#include "quant/quant_test_util.hpp"

namespace matmultest {

using quanttest::randn;

// Every block type mul_mat takes as weights.
inline const std::vector<ggml_type>& weight_types() {
    static const std::vector<ggml_type> types = {
        GGML_TYPE_Q8_0, GGML_TYPE_Q4_0, GGML_TYPE_Q4_1, GGML_TYPE_Q5_0, GGML_TYPE_Q5_1, GGML_TYPE_IQ4_NL,
        GGML_TYPE_Q2_K, GGML_TYPE_Q3_K, GGML_TYPE_Q4_K, GGML_TYPE_Q5_K, GGML_TYPE_Q6_K, GGML_TYPE_IQ4_XS};
    return types;
}

// Elements per block of a type (32 or 256).
inline int64_t block_of(ggml_type t) { return ggml_blck_size(t); }

inline std::vector<unsigned char> quantize(ggml_type t, const std::vector<float>& x, int64_t k) {
    std::vector<unsigned char> q(ggml_row_size(t, k) * (x.size() / static_cast<size_t>(k)));
    ggml_quantize_chunk(t, x.data(), q.data(), 0, static_cast<int64_t>(x.size()) / k, k, nullptr);
    return q;
}

inline std::vector<float> dequantize(ggml_type t, const void* q, size_t n) {
    std::vector<float> y(n);
    ggml_get_type_traits(t)->to_float(q, y.data(), static_cast<int64_t>(n));
    return y;
}

struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
};

// One row of b converted to the form the row dots of `weights` read, and
// its values as the kernels see them (the Q8_0 rounding of x).
struct ActRow {
    std::unique_ptr<unsigned char, FreeDeleter> bytes;
    std::vector<float> values;
    const void* data() const { return bytes.get(); }
};

inline ActRow convert(ggml_type weights, const std::vector<float>& x) {
    namespace mm = lugh::cpu::matmul;
    const int64_t k = static_cast<int64_t>(x.size());
    const mm::ActFormat f = mm::act_format(weights);
    ActRow r;
    r.bytes.reset(static_cast<unsigned char*>(std::aligned_alloc(64, mm::act_row_bytes(weights, k))));
    mm::quantize_act_row(weights, x.data(), k, r.bytes.get());
    if (f == mm::ActFormat::q8_k) r.values = dequantize(GGML_TYPE_Q8_K, r.bytes.get(), x.size());
    else r.values = dequantize(GGML_TYPE_Q8_0, mm::activation_row(r.bytes.get(), k).q8, x.size());
    return r;
}

// b [K, N, B2] F32 for a product; `transposed`: a view of [N, K, B2]
// storage (strided rows, as a transposed activation is).
inline ggml_tensor* new_b(ggml_context* ctx, int64_t K, int64_t N, int64_t B2, bool transposed) {
    if (!transposed) return ggml_new_tensor_3d(ctx, GGML_TYPE_F32, K, N, B2);
    ggml_tensor* b = ggml_view_tensor(ctx, ggml_new_tensor_3d(ctx, GGML_TYPE_F32, N, K, B2));
    b->ne[0] = K;
    b->ne[1] = N;
    b->nb[0] = sizeof(float) * N;
    b->nb[1] = sizeof(float);
    return b;
}

// sum of w[i] * x[i] in double, and sum of |w[i] * x[i]|.
inline void reference(const std::vector<float>& w, const std::vector<float>& x, double* sum, double* mag) {
    *sum = *mag = 0;
    for (size_t i = 0; i < w.size(); ++i) {
        *sum += static_cast<double>(w[i]) * x[i];
        *mag += std::fabs(static_cast<double>(w[i]) * x[i]);
    }
}

}  // namespace matmultest
