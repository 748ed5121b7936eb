// A slow, obvious evaluator for the ops the planner tests use: it reads every
// source through its strides straight from memory and writes the node's own
// memory, in the element order real kernels use. Whatever the planner did to
// memory, this computes exactly what the graph says from what is there now.
#pragma once

#include <cstring>
#include <stdexcept>
#include <vector>

#include "lugh/ggml/ggml.h"

namespace lugh::testing {

inline float& at(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2 = 0, int64_t i3 = 0) {
    return *reinterpret_cast<float*>(static_cast<char*>(t->data) + i0 * t->nb[0] + i1 * t->nb[1] + i2 * t->nb[2] +
                                     i3 * t->nb[3]);
}

template <typename F>
void for_each_index(const ggml_tensor* t, F f) {
    for (int64_t i3 = 0; i3 < t->ne[3]; ++i3)
        for (int64_t i2 = 0; i2 < t->ne[2]; ++i2)
            for (int64_t i1 = 0; i1 < t->ne[1]; ++i1)
                for (int64_t i0 = 0; i0 < t->ne[0]; ++i0) f(i0, i1, i2, i3);
}

inline float scale_param(const ggml_tensor* t) {
    float s;
    std::memcpy(&s, &t->op_params[0], sizeof s);
    return s;
}

// Compute one node from the memory its sources point at now.
inline void eval_node(ggml_tensor* n) {
    const ggml_tensor* a = n->src[0];
    const ggml_tensor* b = n->src[1];
    switch (n->op) {
        case GGML_OP_VIEW: case GGML_OP_RESHAPE: case GGML_OP_PERMUTE: case GGML_OP_TRANSPOSE:
            return;   // views compute nothing
        case GGML_OP_ADD: case GGML_OP_SUB: case GGML_OP_MUL:
            for_each_index(n, [&](int64_t i0, int64_t i1, int64_t i2, int64_t i3) {
                const float x = at(a, i0, i1, i2, i3);
                const float y = at(b, i0 % b->ne[0], i1 % b->ne[1], i2 % b->ne[2], i3 % b->ne[3]);
                at(n, i0, i1, i2, i3) = n->op == GGML_OP_ADD ? x + y : n->op == GGML_OP_SUB ? x - y : x * y;
            });
            return;
        case GGML_OP_SQR:
            for_each_index(n, [&](int64_t i0, int64_t i1, int64_t i2, int64_t i3) {
                const float x = at(a, i0, i1, i2, i3);
                at(n, i0, i1, i2, i3) = x * x;
            });
            return;
        case GGML_OP_SCALE: {
            const float s = scale_param(n);
            for_each_index(n, [&](int64_t i0, int64_t i1, int64_t i2, int64_t i3) {
                at(n, i0, i1, i2, i3) = at(a, i0, i1, i2, i3) * s;
            });
            return;
        }
        case GGML_OP_UNARY: {
            const int which = n->op_params[0];
            for_each_index(n, [&](int64_t i0, int64_t i1, int64_t i2, int64_t i3) {
                const float x = at(a, i0, i1, i2, i3);
                at(n, i0, i1, i2, i3) = which == GGML_UNARY_OP_NEG ? -x : (x > 0 ? x : 0.0f);
            });
            return;
        }
        case GGML_OP_CONT: case GGML_OP_DUP: {
            // Same element order, contiguous output.
            std::vector<float> v;
            for_each_index(a, [&](int64_t i0, int64_t i1, int64_t i2, int64_t i3) { v.push_back(at(a, i0, i1, i2, i3)); });
            size_t k = 0;
            for_each_index(n, [&](int64_t i0, int64_t i1, int64_t i2, int64_t i3) { at(n, i0, i1, i2, i3) = v[k++]; });
            return;
        }
        case GGML_OP_MUL_MAT:
            // out[m, j] = sum_k a[k, m] * b[k, j]
            for_each_index(n, [&](int64_t m, int64_t j, int64_t i2, int64_t i3) {
                double acc = 0;
                for (int64_t k = 0; k < a->ne[0]; ++k)
                    acc += double(at(a, k, m, i2 % a->ne[2], i3 % a->ne[3])) * at(b, k, j, i2, i3);
                at(n, m, j, i2, i3) = static_cast<float>(acc);
            });
            return;
        default:
            throw std::runtime_error("reference_eval: unsupported op");
    }
}

// A node's values, in index order.
inline std::vector<float> values_of(const ggml_tensor* t) {
    std::vector<float> v;
    for_each_index(t, [&](int64_t i0, int64_t i1, int64_t i2, int64_t i3) { v.push_back(at(t, i0, i1, i2, i3)); });
    return v;
}

}  // namespace lugh::testing
