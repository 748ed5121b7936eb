// Attention scores of a few query rows (see attention.hpp), per Highway target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu/simd/attention.cpp"
#include "cpu/simd/hwy_config.hpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "core/fp16.hpp"
#include "cpu/simd/attention.hpp"
#include "cpu/simd/convert-inl.h"

HWY_BEFORE_NAMESPACE();
namespace lugh::cpu::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// One vector accumulator over whole vectors of the row, a scalar tail, the
// lanes summed by SumOfLanes: short rows cost a handful of instructions.
template <class Key, class LoadKey, class KeyValue>
HWY_INLINE void scores_impl(size_t n, size_t d, const Key* keys, size_t ldk, const float* q, size_t rows,
                            float* scores, LoadKey load_key, KeyValue key_value) {
    const hn::ScalableTag<float> df;
    const size_t N = hn::Lanes(df), body = d - d % N;
    for (size_t j = 0; j < n; ++j) {
        const Key* key = keys + j * ldk;
        for (size_t r = 0; r < rows; ++r) {
            const float* qr = q + r * d;
            auto acc = hn::Zero(df);
            for (size_t i = 0; i < body; i += N) acc = hn::MulAdd(load_key(df, key + i), hn::LoadU(df, qr + i), acc);
            float tail = 0.0f;
            for (size_t i = body; i < d; ++i) tail += key_value(key[i]) * qr[i];
            scores[r * n + j] = hn::GetLane(hn::SumOfLanes(df, acc)) + tail;
        }
    }
}

void attention_scores_f16_impl(size_t n, size_t d, const uint16_t* keys, size_t ldk, const float* q, size_t rows,
                               float* scores) {
    scores_impl(n, d, keys, ldk, q, rows, scores, [](auto df, const uint16_t* p) { return load_f16(df, p); },
                [](uint16_t h) { return core::fp16_to_fp32(h); });
}

void attention_scores_f32_impl(size_t n, size_t d, const float* keys, size_t ldk, const float* q, size_t rows,
                               float* scores) {
    scores_impl(n, d, keys, ldk, q, rows, scores, [](auto df, const float* p) { return hn::LoadU(df, p); },
                [](float f) { return f; });
}

}  // namespace HWY_NAMESPACE
}  // namespace lugh::cpu::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "cpu/simd/dispatch.hpp"

namespace lugh::cpu::simd {

void attention_scores_f16(size_t n, size_t d, const uint16_t* keys, size_t ldk, const float* q, size_t rows,
                          float* scores) {
    LUGH_SIMD_DISPATCH(attention_scores_f16_impl)(n, d, keys, ldk, q, rows, scores);
}
void attention_scores_f32(size_t n, size_t d, const float* keys, size_t ldk, const float* q, size_t rows,
                          float* scores) {
    LUGH_SIMD_DISPATCH(attention_scores_f32_impl)(n, d, keys, ldk, q, rows, scores);
}

}  // namespace lugh::cpu::simd
#endif
