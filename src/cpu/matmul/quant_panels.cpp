// Packing the quantized GEMM's operands (see quant_panels.hpp).
#include "cpu/matmul/quant_panels.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "core/fp16.hpp"
#include "cpu/matmul/activation.hpp"
#include "cpu/matmul/unpack.hpp"
#include "cpu/simd/targets.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"

namespace lugh::cpu::matmul {

const QuantScheme* gemm_scheme(ggml_type type) {
    const IntegerForm* f = integer_form(type);
    return f ? &f->scheme : nullptr;
}

size_t weight_panel_scratch_bytes(const QuantScheme& q, int64_t k) {
    const size_t groups = static_cast<size_t>(k / q.group);
    return kPanelRows * (static_cast<size_t>(k) + 2 * groups * sizeof(float)) + 64;
}

namespace {

// Rows r0..r0+7 of `codes` (rows `stride` bytes apart), 4-byte word w of
// group g, into the panel's codes: word (step) s of row m at (s * 32 + m) * 4.
void transpose_scalar(const uint8_t* codes, size_t stride, int steps, uint8_t* out) {
    for (int m = 0; m < 8; ++m)
        for (int st = 0; st < steps; ++st) std::memcpy(out + (st * kPanelRows + m) * 4, codes + m * stride + 4 * st, 4);
}

#if defined(__x86_64__)
// The same with 8 x 8 (group of 32) or 8 x 4 (group of 16) transposes of
// 32-bit words in registers.
__attribute__((target("avx2"))) void transpose_avx2(const uint8_t* codes, size_t stride, int steps, uint8_t* out) {
    auto load = [&](int m) __attribute__((target("avx2"))) {
        return steps == 8 ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(codes + m * stride))
                          : _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(codes + m * stride)));
    };
    const __m256i r0 = load(0), r1 = load(1), r2 = load(2), r3 = load(3), r4 = load(4), r5 = load(5), r6 = load(6),
                  r7 = load(7);
    const __m256i t0 = _mm256_unpacklo_epi32(r0, r1), t1 = _mm256_unpackhi_epi32(r0, r1);
    const __m256i t2 = _mm256_unpacklo_epi32(r2, r3), t3 = _mm256_unpackhi_epi32(r2, r3);
    const __m256i t4 = _mm256_unpacklo_epi32(r4, r5), t5 = _mm256_unpackhi_epi32(r4, r5);
    const __m256i t6 = _mm256_unpacklo_epi32(r6, r7), t7 = _mm256_unpackhi_epi32(r6, r7);
    // u_s (s = 0..3) holds word s of rows 0..3 (low half) and of the same
    // rows' word s + 4 (high half); v_s likewise for rows 4..7.
    const __m256i u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
    const __m256i u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
    const __m256i v0 = _mm256_unpacklo_epi64(t4, t6), v1 = _mm256_unpackhi_epi64(t4, t6);
    const __m256i v2 = _mm256_unpacklo_epi64(t5, t7), v3 = _mm256_unpackhi_epi64(t5, t7);
    const __m256i u[4] = {u0, u1, u2, u3}, v[4] = {v0, v1, v2, v3};
    for (int st = 0; st < 4; ++st) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + st * kPanelRows * 4), _mm256_permute2x128_si256(u[st], v[st], 0x20));
        if (steps == 8)
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + (st + 4) * kPanelRows * 4),
                                _mm256_permute2x128_si256(u[st], v[st], 0x31));
    }
}
#endif

}  // namespace

void pack_weight_panel(ggml_type type, const QuantScheme& q, const char* const rows[kPanelRows], int64_t k,
                       uint8_t* out, void* scratch) {
    const UnpackRowFn unpack = unpack_row(type);
    const int64_t groups = k / q.group;
    const int steps = q.group / 4;
    auto* codes = static_cast<uint8_t*>(scratch);
    auto* scales = reinterpret_cast<float*>(codes + kPanelRows * k);
    float* betas = scales + kPanelRows * groups;
    for (int m = 0; m < kPanelRows; ++m) {
        if (rows[m]) {
            unpack(rows[m], k, codes + m * k, scales + m * groups, betas + m * groups);
            continue;
        }
        std::memset(codes + m * k, 0, static_cast<size_t>(k));
        for (int64_t g = 0; g < groups; ++g) scales[m * groups + g] = betas[m * groups + g] = 0.0f;
    }
    void (*transpose)(const uint8_t*, size_t, int, uint8_t*) = transpose_scalar;
#if defined(__x86_64__)
    if (simd::kernel_level() >= simd::KernelLevel::avx2) transpose = transpose_avx2;
#endif
    for (int64_t g = 0; g < groups; ++g) {
        for (int m0 = 0; m0 < kPanelRows; m0 += 8)
            transpose(codes + m0 * k + g * q.group, static_cast<size_t>(k), steps, out + m0 * 4);
        auto* scale = reinterpret_cast<float*>(out + static_cast<size_t>(q.group) * kPanelRows);
        for (int m = 0; m < kPanelRows; ++m) scale[m] = scales[m * groups + g];
        if (q.has_min)
            for (int m = 0; m < kPanelRows; ++m) scale[kPanelRows + m] = betas[m * groups + g];
        out += weight_group_bytes(q);
    }
}

void pack_act_panel(const QuantScheme& q, const void* const xq[], int nr, int64_t k, uint8_t* out) {
    const int64_t groups = k / q.group;
    const int steps = q.group / 4;
    for (int64_t g = 0; g < groups; ++g) {
        auto* dx = reinterpret_cast<float*>(out + static_cast<size_t>(q.group) * nr);
        auto* side = dx + nr;   // int32 offsets or float sums, one per row
        for (int j = 0; j < nr; ++j) {
            int32_t sum = 0;
            float d = 0.0f;
            if (xq[j]) {
                const ActGroup a = act_group(xq[j], q.k_activations, g, q.group);
                for (int st = 0; st < steps; ++st) std::memcpy(out + (st * nr + j) * 4, a.codes + 4 * st, 4);
                for (int i = 0; i < q.group; ++i) sum += a.codes[i];
                d = a.d;
            } else {
                for (int st = 0; st < steps; ++st) std::memset(out + (st * nr + j) * 4, 0, 4);
            }
            dx[j] = d;
            if (q.has_min) side[j] = d * static_cast<float>(sum);
            else reinterpret_cast<int32_t*>(side)[j] = -q.zero * sum;
        }
        out += act_group_bytes(q, nr);
    }
}

}  // namespace lugh::cpu::matmul
