// FLASH_ATTN_EXT: for each query row (token t, head h) the softmax of its
// scaled dot products with the n_kv keys of its key/value head (plus the
// mask) weights the sum of the value rows. The query heads sharing a
// key/value head are done together, so each key and value row is converted
// once per token. Two passes over the keys (scores, then values) with the
// scores in scratch: exactly the softmax a separate soft_max node computes.
// Keys the mask hides (-inf) cost nothing.
//
// F16 keys take the query rounded to F16 (as mul_mat rounds b for F16
// weights, and as upstream does); every sum is in F32. Each row is computed
// by one thread in a fixed order: bitwise the same for any thread count.
#include <cmath>
#include <cstring>
#include <limits>

#include "core/fp16.hpp"
#include "cpu/kernels.hpp"
#include "cpu/row_ops.hpp"
#include "ops/op_params.hpp"

namespace lugh::cpu {

namespace {

struct Shape {
    int64_t d, t, h, n, h_kv, dv, group;
};

Shape shape_of(const ggml_tensor* dst) {
    const ggml_tensor* q = dst->src[0];
    const ggml_tensor* k = dst->src[1];
    const ggml_tensor* v = dst->src[2];
    return Shape{q->ne[0], q->ne[1], q->ne[2], k->ne[1], k->ne[2], v->ne[0], q->ne[2] / k->ne[2]};
}

// A row of n elements of type `type` as floats: the row itself (F32) or converted into `to`.
const float* float_row(ggml_type type, const char* row, int64_t n, float* to) {
    if (type == GGML_TYPE_F32) return reinterpret_cast<const float*>(row);
    f16_to_f32_row(n, reinterpret_cast<const uint16_t*>(row), to);
    return to;
}

}  // namespace

size_t flash_attn_work_bytes(const ggml_tensor* dst) {
    const Shape s = shape_of(dst);
    // scores [group x n] | sums [group x dv] | a key row | a value row | queries [group x d]
    return static_cast<size_t>(s.group * s.n + s.group * s.dv + s.d + s.dv + s.group * s.d) * sizeof(float);
}

void compute_flash_attn_ext(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* q = dst->src[0];
    const ggml_tensor* k = dst->src[1];
    const ggml_tensor* v = dst->src[2];
    const ggml_tensor* mask = dst->src[3];
    const Shape s = shape_of(dst);
    const float scale = node::param_f32(dst, 0), softcap = node::param_f32(dst, 2);
    const float ninf = -std::numeric_limits<float>::infinity();
    const bool round_q = k->type == GGML_TYPE_F16;

    float* scores = static_cast<float*>(args.work);
    float* sums = scores + s.group * s.n;
    float* key = sums + s.group * s.dv;
    float* value = key + s.d;
    float* queries = value + s.dv;

    int64_t r0, r1;
    split_rows(s.t * s.h_kv, args.ith, args.nth, &r0, &r1);
    for (int64_t r = r0; r < r1; ++r) {
        const int64_t t = r / s.h_kv, g = r % s.h_kv;
        for (int64_t j = 0; j < s.group; ++j) {
            const char* qrow = static_cast<const char*>(q->data) + t * q->nb[1] + (g * s.group + j) * q->nb[2];
            for (int64_t i = 0; i < s.d; ++i) {
                float x;
                std::memcpy(&x, qrow + i * q->nb[0], sizeof x);
                queries[j * s.d + i] = round_q ? core::fp16_to_fp32(core::fp32_to_fp16(x)) : x;
            }
        }
        const char* mrow = mask ? static_cast<const char*>(mask->data) + t * mask->nb[1] : nullptr;
        // Pass 1: scores.
        for (int64_t n = 0; n < s.n; ++n) {
            float m = 0.0f;
            if (mrow) {
                if (mask->type == GGML_TYPE_F16) {
                    uint16_t h;
                    std::memcpy(&h, mrow + n * 2, 2);
                    m = core::fp16_to_fp32(h);
                } else {
                    std::memcpy(&m, mrow + n * 4, 4);
                }
            }
            if (m == ninf) {
                for (int64_t j = 0; j < s.group; ++j) scores[j * s.n + n] = ninf;
                continue;
            }
            const float* kf = float_row(k->type, static_cast<const char*>(k->data) + n * k->nb[1] + g * k->nb[2], s.d, key);
            for (int64_t j = 0; j < s.group; ++j) {
                float x = dot_f32(s.d, queries + j * s.d, kf) * scale;
                if (softcap > 0.0f) x = softcap * std::tanh(x / softcap);
                scores[j * s.n + n] = x + m;
            }
        }
        for (int64_t j = 0; j < s.group; ++j) softmax_row_f32(s.n, scores + j * s.n, scores + j * s.n);
        // Pass 2: the weighted sum of the value rows.
        std::fill(sums, sums + s.group * s.dv, 0.0f);
        for (int64_t n = 0; n < s.n; ++n) {
            bool used = false;
            for (int64_t j = 0; j < s.group && !used; ++j) used = scores[j * s.n + n] != 0.0f;
            if (!used) continue;
            const float* vf = float_row(v->type, static_cast<const char*>(v->data) + n * v->nb[1] + g * v->nb[2], s.dv, value);
            for (int64_t j = 0; j < s.group; ++j) {
                const float p = scores[j * s.n + n];
                float* acc = sums + j * s.dv;
                for (int64_t c = 0; c < s.dv; ++c) acc[c] += p * vf[c];
            }
        }
        for (int64_t j = 0; j < s.group; ++j)
            std::memcpy(static_cast<char*>(dst->data) + (g * s.group + j) * dst->nb[1] + t * dst->nb[2], sums + j * s.dv,
                        static_cast<size_t>(s.dv) * sizeof(float));
    }
}

}  // namespace lugh::cpu
