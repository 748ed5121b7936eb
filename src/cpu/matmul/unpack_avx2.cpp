// Weight rows unpacked to one code byte per element and float scales on
// AVX2 (see unpack.hpp), using the same bit extraction as the row dots.
#if defined(__x86_64__)
#include <type_traits>

#include "cpu/matmul/dot_x86.hpp"
#include "cpu/matmul/unpack.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"

namespace lugh::cpu::matmul {

namespace {

using namespace x86;
using namespace lugh::quant;

LUGH_BODY void store32(uint8_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

// 8 integers (bytes at p, signed or not) times d, as 8 floats at out.
LUGH_BODY void scaled8(__m128i bytes, bool is_signed, float d, float* out) {
    const __m256i v = is_signed ? _mm256_cvtepi8_epi32(bytes) : _mm256_cvtepu8_epi32(bytes);
    _mm256_storeu_ps(out, _mm256_mul_ps(_mm256_cvtepi32_ps(v), _mm256_set1_ps(d)));
}

LUGH_AVX2 void unpack_q8_0(const char* row, int64_t k, uint8_t* codes, float* s, float*) {
    const auto* w = reinterpret_cast<const BlockQ8_0*>(row);
    for (int64_t b = 0; b < k / 32; ++b) {
        store32(codes + 32 * b, _mm256_xor_si256(load32(w[b].qs), _mm256_set1_epi8(static_cast<char>(0x80))));   // q + 128
        s[b] = half_to_float(w[b].d);
    }
}

template <class B>
LUGH_AVX2 void unpack_32(const char* row, int64_t k, uint8_t* codes, float* s, float* beta) {
    const auto* w = reinterpret_cast<const B*>(row);
    for (int64_t b = 0; b < k / 32; ++b) {
        __m256i c = nibbles_32(w[b].qs);
        if constexpr (std::is_same_v<B, BlockQ5_0> || std::is_same_v<B, BlockQ5_1>) {
            uint32_t qh;
            std::memcpy(&qh, w[b].qh, 4);
            c = _mm256_or_si256(c, bits_to_bytes(qh, 16));
        }
        store32(codes + 32 * b, c);
        s[b] = half_to_float(w[b].d);
        if constexpr (std::is_same_v<B, BlockQ4_1> || std::is_same_v<B, BlockQ5_1>) beta[b] = half_to_float(w[b].m);
    }
}

// IQ4 levels shifted to unsigned (+128).
LUGH_BODY __m256i shifted_levels() {
    const __m128i t = _mm_add_epi8(load16(kIq4nlValues), _mm_set1_epi8(static_cast<char>(0x80)));
    return _mm256_set_m128i(t, t);
}

LUGH_AVX2 void unpack_iq4_nl(const char* row, int64_t k, uint8_t* codes, float* s, float*) {
    const auto* w = reinterpret_cast<const BlockIQ4_NL*>(row);
    const __m256i table = shifted_levels();
    for (int64_t b = 0; b < k / 32; ++b) {
        store32(codes + 32 * b, _mm256_shuffle_epi8(table, nibbles_32(w[b].qs)));
        s[b] = half_to_float(w[b].d);
    }
}

LUGH_AVX2 void unpack_iq4_xs(const char* row, int64_t k, uint8_t* codes, float* s, float*) {
    const auto* w = reinterpret_cast<const BlockIQ4_XS*>(row);
    const __m256i table = shifted_levels();
    for (int64_t i = 0; i < k / kSuperBlock; ++i, codes += kSuperBlock, s += 8) {
        const float d = half_to_float(w[i].d);
        for (int sb = 0; sb < 8; ++sb) {
            store32(codes + 32 * sb, _mm256_shuffle_epi8(table, nibbles_32(w[i].qs + 16 * sb)));
            s[sb] = d * static_cast<float>(iq4xs_scale(w[i], sb) - 32);
        }
    }
}

template <bool kFifth>
LUGH_AVX2 void unpack_q45_k(const char* row, int64_t k, uint8_t* codes, float* s, float* beta) {
    using B = std::conditional_t<kFifth, BlockQ5_K, BlockQ4_K>;
    const auto* w = reinterpret_cast<const B*>(row);
    const __m256i nib = _mm256_set1_epi8(0x0f), one = _mm256_set1_epi8(1);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, codes += kSuperBlock, s += 8, beta += 8) {
        const B& b = w[i];
        __m256i high;
        if constexpr (kFifth) high = load32(b.qh);
        for (int p = 0; p < 4; ++p) {
            const __m256i q = load32(b.qs + 32 * p);
            __m256i lo = _mm256_and_si256(q, nib), hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), nib);
            if constexpr (kFifth) {
                lo = _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(high, 2 * p), one), 4));
                hi = _mm256_or_si256(hi, _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(high, 2 * p + 1), one), 4));
            }
            store32(codes + 64 * p, lo);
            store32(codes + 64 * p + 32, hi);
        }
        uint64_t sc, m;
        scales_and_mins(b.scales, &sc, &m);
        scaled8(_mm_cvtsi64_si128(static_cast<int64_t>(sc)), false, half_to_float(b.d), s);
        scaled8(_mm_cvtsi64_si128(static_cast<int64_t>(m)), false, -half_to_float(b.dmin), beta);
    }
}

LUGH_AVX2 void unpack_q6_k(const char* row, int64_t k, uint8_t* codes, float* s, float*) {
    const auto* w = reinterpret_cast<const BlockQ6_K*>(row);
    const __m256i nib = _mm256_set1_epi8(0x0f), two = _mm256_set1_epi8(3);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, codes += kSuperBlock, s += 16) {
        const BlockQ6_K& b = w[i];
        for (int h = 0; h < 2; ++h) {
            const __m256i ql0 = load32(b.ql + 64 * h), ql1 = load32(b.ql + 64 * h + 32), qh = load32(b.qh + 32 * h);
            const __m256i lows[4] = {_mm256_and_si256(ql0, nib), _mm256_and_si256(ql1, nib),
                                     _mm256_and_si256(_mm256_srli_epi16(ql0, 4), nib),
                                     _mm256_and_si256(_mm256_srli_epi16(ql1, 4), nib)};
            for (int g = 0; g < 4; ++g) {
                const __m256i top = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * g), two), 4);
                store32(codes + 128 * h + 32 * g, _mm256_or_si256(lows[g], top));
            }
        }
        const __m128i sc = load16(b.scales);
        const float d = half_to_float(b.d);
        scaled8(sc, true, d, s);
        scaled8(_mm_srli_si128(sc, 8), true, d, s + 8);
    }
}

// Q2_K / Q3_K: 2 low bits at bits 2g of qs[32h + l]; Q3_K's third bit at
// bit 4h + g of hmask[l].
template <bool kThird>
LUGH_AVX2 void unpack_q23_k(const char* row, int64_t k, uint8_t* codes, float* s, float* beta) {
    using B = std::conditional_t<kThird, BlockQ3_K, BlockQ2_K>;
    const auto* w = reinterpret_cast<const B*>(row);
    const __m256i two = _mm256_set1_epi8(3);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, codes += kSuperBlock, s += 16, beta += 16) {
        const B& b = w[i];
        __m256i hm;
        if constexpr (kThird) hm = load32(b.hmask);
        for (int h = 0; h < 2; ++h) {
            const __m256i q = load32(b.qs + 32 * h);
            for (int g = 0; g < 4; ++g) {
                __m256i u = _mm256_and_si256(_mm256_srli_epi16(q, 2 * g), two);
                if constexpr (kThird)
                    u = _mm256_or_si256(u, q3_k_high(hm, 4 * h + g));
                store32(codes + 128 * h + 32 * g, u);
            }
        }
        const float d = half_to_float(b.d);
        if constexpr (kThird) {
            const __m128i sc = q3_k_scales(b.scales);
            scaled8(sc, true, d, s);
            scaled8(_mm_srli_si128(sc, 8), true, d, s + 8);
        } else {
            const __m128i packed = load16(b.scales), nib = _mm_set1_epi8(0x0f);
            const __m128i sc = _mm_and_si128(packed, nib), m = _mm_and_si128(_mm_srli_epi16(packed, 4), nib);
            const float dmin = -half_to_float(b.dmin);
            scaled8(sc, false, d, s);
            scaled8(_mm_srli_si128(sc, 8), false, d, s + 8);
            scaled8(m, false, dmin, beta);
            scaled8(_mm_srli_si128(m, 8), false, dmin, beta + 8);
        }
    }
}

}  // namespace

UnpackRowFn unpack_row_avx2(ggml_type type) {
    switch (type) {
        case GGML_TYPE_Q8_0: return unpack_q8_0;
        case GGML_TYPE_Q4_0: return unpack_32<BlockQ4_0>;
        case GGML_TYPE_Q4_1: return unpack_32<BlockQ4_1>;
        case GGML_TYPE_Q5_0: return unpack_32<BlockQ5_0>;
        case GGML_TYPE_Q5_1: return unpack_32<BlockQ5_1>;
        case GGML_TYPE_IQ4_NL: return unpack_iq4_nl;
        case GGML_TYPE_IQ4_XS: return unpack_iq4_xs;
        case GGML_TYPE_Q2_K: return unpack_q23_k<false>;
        case GGML_TYPE_Q3_K: return unpack_q23_k<true>;
        case GGML_TYPE_Q4_K: return unpack_q45_k<false>;
        case GGML_TYPE_Q5_K: return unpack_q45_k<true>;
        case GGML_TYPE_Q6_K: return unpack_q6_k;
        default: return nullptr;
    }
}

}  // namespace lugh::cpu::matmul
#endif
