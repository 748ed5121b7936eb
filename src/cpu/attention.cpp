// FLASH_ATTN_EXT: for each query row (token t, head h) the softmax of its
// scaled dot products with the n_kv keys of its key/value head (plus the
// mask) weights the sum of the value rows.
//
// Work is cut into items of one key/value head g and up to kChunk tokens:
// the query rows of the item (its tokens x the `group` query heads sharing g)
// are scored against g's keys in one product (the blocked SIMD GEMM when
// there are a few rows, a SIMD scoring loop otherwise), the rows get scale, softcap,
// mask and softmax, and one more product with g's values gives the output.
// Values may be stored either way: rows per key (v [Dv, N] packed) or
// transposed (one row per channel, v's nb[1] the element size), which makes
// the second product a GEMM too.
//
// F16 keys take the query rounded to F16 (as mul_mat rounds b for F16
// weights, and as upstream does); every sum is in F32. Each item is computed
// by one thread in a fixed order: bitwise the same for any thread count.
#include <cmath>
#include <cstring>
#include <limits>

#include "core/fp16.hpp"
#include "cpu/kernels.hpp"
#include "cpu/matmul/gemm_float.hpp"
#include "cpu/simd/attention.hpp"
#include "cpu/simd/convert.hpp"
#include "cpu/simd/softmax.hpp"
#include "core/op_params.hpp"

namespace lugh::cpu {

namespace {

constexpr int64_t kChunk = 16;    // tokens per work item
constexpr int64_t kGemmRows = 4;  // from this many query rows on, products go through the GEMM

struct Shape {
    int64_t d, t, h, n, h_kv, dv, group;
    int64_t rows() const { return std::min(t, kChunk) * group; }   // most query rows of an item
};

Shape shape_of(const ggml_tensor* dst) {
    const ggml_tensor* q = dst->src[0];
    const ggml_tensor* k = dst->src[1];
    const ggml_tensor* v = dst->src[2];
    return Shape{q->ne[0], q->ne[1], q->ne[2], k->ne[1], k->ne[2], v->ne[0], q->ne[2] / k->ne[2]};
}

bool transposed(const ggml_tensor* v) { return v->ne[0] > 1 && v->nb[1] == ggml_type_size(v->type); }

// scores[r * n + j] = dot(query row r, key j) for r < rows, j < n.
void score(const ggml_tensor* k, const char* keys, int64_t n, int64_t d, const float* queries, int64_t rows,
           float* scores) {
    const size_t ldk = k->nb[1] / ggml_type_size(k->type);
    if (rows >= kGemmRows) {
        if (k->type == GGML_TYPE_F16)
            matmul::gemm_f16_f32(n, rows, d, reinterpret_cast<const uint16_t*>(keys), ldk, queries, d, scores, n, 0, 1);
        else
            matmul::gemm_f32(n, rows, d, reinterpret_cast<const float*>(keys), ldk, queries, d, scores, n, 0, 1);
        return;
    }
    if (k->type == GGML_TYPE_F16)
        simd::attention_scores_f16(n, d, reinterpret_cast<const uint16_t*>(keys), ldk, queries, rows, scores);
    else
        simd::attention_scores_f32(n, d, reinterpret_cast<const float*>(keys), ldk, queries, rows, scores);
}

// out[r * dv + c] = sum over j of weights[r * n + j] * value j's channel c.
void mix(const ggml_tensor* v, const char* values, int64_t n, int64_t dv, const float* weights, int64_t rows,
         float* out, float* scratch) {
    const bool f16 = v->type == GGML_TYPE_F16;
    if (transposed(v)) {   // channel c is a row of n values
        const size_t ldv = v->nb[0] / ggml_type_size(v->type);
        if (rows >= kGemmRows) {
            if (f16)
                matmul::gemm_f16_f32(dv, rows, n, reinterpret_cast<const uint16_t*>(values), ldv, weights, n, out, dv, 0, 1);
            else
                matmul::gemm_f32(dv, rows, n, reinterpret_cast<const float*>(values), ldv, weights, n, out, dv, 0, 1);
            return;
        }
        // The channels are "keys" of length n scored against the weight rows.
        if (f16)
            simd::attention_scores_f16(dv, n, reinterpret_cast<const uint16_t*>(values), ldv, weights, rows, out);
        else
            simd::attention_scores_f32(dv, n, reinterpret_cast<const float*>(values), ldv, weights, rows, out);
        return;
    }
    // A row per key: add each value row, weighted, to every output row.
    std::fill(out, out + rows * dv, 0.0f);
    for (int64_t j = 0; j < n; ++j) {
        bool used = false;
        for (int64_t r = 0; r < rows && !used; ++r) used = weights[r * n + j] != 0.0f;
        if (!used) continue;
        const char* row = values + j * v->nb[1];
        const float* vf = reinterpret_cast<const float*>(row);
        if (f16) {
            simd::f16_to_f32_row(static_cast<size_t>(dv), scratch, reinterpret_cast<const uint16_t*>(row));
            vf = scratch;
        }
        for (int64_t r = 0; r < rows; ++r) {
            const float p = weights[r * n + j];
            float* acc = out + r * dv;
            for (int64_t c = 0; c < dv; ++c) acc[c] += p * vf[c];
        }
    }
}

}  // namespace

size_t flash_attn_work_bytes(const ggml_tensor* dst) {
    const Shape s = shape_of(dst);
    // queries [rows x d] | scores [rows x n] | outputs [rows x dv] | a value row
    return static_cast<size_t>(s.rows() * (s.d + s.n + s.dv) + s.dv) * sizeof(float);
}

void compute_flash_attn_ext(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* q = dst->src[0];
    const ggml_tensor* k = dst->src[1];
    const ggml_tensor* v = dst->src[2];
    const ggml_tensor* mask = dst->src[3];
    const Shape s = shape_of(dst);
    const float scale = core::param_f32(dst, 0), softcap = core::param_f32(dst, 2);
    const bool round_q = k->type == GGML_TYPE_F16;

    float* queries = static_cast<float*>(args.work);
    float* scores = queries + s.rows() * s.d;
    float* outputs = scores + s.rows() * s.n;
    float* value_row = outputs + s.rows() * s.dv;

    // Items head-major, so a thread's items share key/value heads.
    const int64_t chunks = (s.t + kChunk - 1) / kChunk;
    int64_t i0, i1;
    split_rows(s.h_kv * chunks, args.ith, args.nth, &i0, &i1);
    for (int64_t item = i0; item < i1; ++item) {
        const int64_t g = item / chunks, t0 = item % chunks * kChunk, t1 = std::min(s.t, t0 + kChunk);
        const int64_t rows = (t1 - t0) * s.group;   // row (t - t0) * group + j is token t, head g * group + j
        for (int64_t t = t0; t < t1; ++t)
            for (int64_t j = 0; j < s.group; ++j) {
                const char* qrow = static_cast<const char*>(q->data) + t * q->nb[1] + (g * s.group + j) * q->nb[2];
                float* to = queries + ((t - t0) * s.group + j) * s.d;
                for (int64_t i = 0; i < s.d; ++i) {
                    float x;
                    std::memcpy(&x, qrow + i * q->nb[0], sizeof x);
                    to[i] = round_q ? core::fp16_to_fp32(core::fp32_to_fp16(x)) : x;
                }
            }
        score(k, static_cast<const char*>(k->data) + g * k->nb[2], s.n, s.d, queries, rows, scores);
        for (int64_t r = 0; r < rows; ++r) {
            const int64_t t = t0 + r / s.group;
            float* row = scores + r * s.n;
            const char* m = mask ? static_cast<const char*>(mask->data) + t * mask->nb[1] : nullptr;
            for (int64_t j = 0; j < s.n; ++j) {
                float x = row[j] * scale;
                if (softcap > 0.0f) x = softcap * std::tanh(x / softcap);
                if (m) {
                    if (mask->type == GGML_TYPE_F16) {
                        uint16_t h;
                        std::memcpy(&h, m + j * 2, 2);
                        x += core::fp16_to_fp32(h);
                    } else {
                        float f;
                        std::memcpy(&f, m + j * 4, 4);
                        x += f;
                    }
                }
                row[j] = x;
            }
            simd::softmax_row(static_cast<size_t>(s.n), row, row, 1.0f, nullptr, 0.0f);
        }
        mix(v, static_cast<const char*>(v->data) + g * v->nb[2], s.n, s.dv, scores, rows, outputs, value_row);
        for (int64_t r = 0; r < rows; ++r) {
            const int64_t t = t0 + r / s.group, h = g * s.group + r % s.group;
            std::memcpy(static_cast<char*>(dst->data) + h * dst->nb[1] + t * dst->nb[2], outputs + r * s.dv,
                        static_cast<size_t>(s.dv) * sizeof(float));
        }
    }
}

}  // namespace lugh::cpu
