// Pieces shared by the x86 row dots of the block types (dot_q4_1_q5.cpp,
// dot_iq4.cpp, dot_k_quants*.cpp). Each kernel is written once on 256-bit
// vectors as a template over the integer dot it uses, and compiled twice:
//   Avx2  maddubs (unsigned x signed bytes into saturating int16 pairs),
//         then madd into int32: exact while the unsigned side is below 128
//   Vnni  the same sums by AVX512-VNNI's vpdpbusd / vpdpwssd on ymm (the
//         avx512 set)
// The bodies carry the AVX2 target attribute and are always inlined into
// a wrapper with the wider target, which then inlines the Vnni primitives.
#pragma once

#if defined(__x86_64__)
#include <immintrin.h>

#include <cstdint>
#include <cstring>

#define LUGH_AVX2 __attribute__((target("avx2,fma,f16c")))
#define LUGH_VNNI256 __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))
#define LUGH_BODY LUGH_AVX2 __attribute__((always_inline)) inline

namespace lugh::cpu::matmul::x86 {

struct Avx2 {
    // acc + sums of 4 products u * s per int32 lane (u unsigned < 128, s signed).
    LUGH_AVX2 static inline __m256i dot_u8s8(__m256i acc, __m256i u, __m256i s) {
        return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)));
    }
    // acc + sums of 2 products of int16 pairs per int32 lane.
    LUGH_AVX2 static inline __m256i dot_i16(__m256i acc, __m256i a, __m256i b) {
        return _mm256_add_epi32(acc, _mm256_madd_epi16(a, b));
    }
};

struct Vnni {
    LUGH_VNNI256 static inline __m256i dot_u8s8(__m256i acc, __m256i u, __m256i s) {
        return _mm256_dpbusd_epi32(acc, u, s);
    }
    LUGH_VNNI256 static inline __m256i dot_i16(__m256i acc, __m256i a, __m256i b) {
        return _mm256_dpwssd_epi32(acc, a, b);
    }
};

// Ask for the cache lines `bytes` long at p + 2 KiB: streaming a matrix
// from memory on a busy machine the hardware prefetchers fall behind, and
// the row dots spend enough instructions per line that the out-of-order
// window alone does not keep enough loads in flight.
constexpr int kPrefetchAhead = 2048;
LUGH_BODY void prefetch_ahead(const void* p, int bytes) {
    const char* c = static_cast<const char*>(p) + kPrefetchAhead;
    for (int off = 0; off < bytes; off += 64) _mm_prefetch(c + off, _MM_HINT_T0);
}

LUGH_BODY float hsum(__m256 v) {
    const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(t, _mm_movehdup_ps(t)));
}

LUGH_BODY float half_to_float(uint16_t h) { return _cvtsh_ss(h); }

LUGH_BODY __m256i load32(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }

// 16 bytes of nibbles as 32 codes in element order: byte j's low nibble is
// element j, its high nibble element j + 16.
LUGH_BODY __m256i nibbles_32(const uint8_t* qs) {
    const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    const __m128i mask = _mm_set1_epi8(0x0f);
    return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(packed, 4), mask), _mm_and_si128(packed, mask));
}

// 32 bits (bit j for element j) as 32 bytes of `value` or 0.
LUGH_BODY __m256i bits_to_bytes(uint32_t bits, uint8_t value) {
    // Byte j takes byte j/8 of the word, then keeps its bit j%8.
    const __m256i word = _mm256_set1_epi32(static_cast<int32_t>(bits));
    const __m256i spread = _mm256_shuffle_epi8(
        word, _mm256_set_epi64x(0x0303030303030303, 0x0202020202020202, 0x0101010101010101, 0x0000000000000000));
    const __m256i bit = _mm256_set1_epi64x(static_cast<int64_t>(0x8040201008040201));
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(spread, bit), bit);
    return _mm256_and_si256(set, _mm256_set1_epi8(static_cast<char>(value)));
}

// Signed bytes w times signed bytes x as the unsigned-times-signed dot
// wants them: |w| and x with w's sign (|w| <= 127).
LUGH_BODY void signed_pair(__m256i w, __m256i x, __m256i* uw, __m256i* sx) {
    *uw = _mm256_sign_epi8(w, w);
    *sx = _mm256_sign_epi8(x, w);
}

// int16 copies of scale j (0..7) in every lane, from 8 int16 scales held
// in both 128-bit halves.
LUGH_BODY __m256i scale_of(__m256i scales16, int j) {
    return _mm256_shuffle_epi8(scales16, _mm256_set1_epi16(static_cast<int16_t>(0x0100 + 0x0202 * j)));
}

// Q3_K's third bit of chunk c (bit c of each hmask byte) as 4 or 0 per
// byte: one shift puts it at bit 2 (bytes do not mix: only bit 2 is kept),
// one AND keeps it.
LUGH_BODY __m256i q3_k_high(__m256i hmask, int c) {
    const __m256i shifted = c <= 2 ? _mm256_slli_epi16(hmask, 2 - c) : _mm256_srli_epi16(hmask, c - 2);
    return _mm256_and_si256(shifted, _mm256_set1_epi8(4));
}

LUGH_BODY __m128i load16(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }

// The 8 six-bit scales and mins of a Q4_K/Q5_K super-block (the layout of
// quant::k4_scale_min), each as 8 bytes of a word: sub-blocks 0..3 keep the
// low 6 bits of bytes 0..3 (scales) and 4..7 (mins); 4..7 take nibbles of
// bytes 8..11 and their top 2 bits from the spare bits of bytes 0..7.
LUGH_BODY void scales_and_mins(const uint8_t* packed, uint64_t* sc, uint64_t* m) {
    uint32_t u[3];
    std::memcpy(u, packed, 12);
    const uint32_t low6 = 0x3f3f3f3f, nib = 0x0f0f0f0f, top2 = 0x03030303;
    const uint32_t sc_lo = u[0] & low6, m_lo = u[1] & low6;
    const uint32_t sc_hi = (u[2] & nib) | (((u[0] >> 6) & top2) << 4);
    const uint32_t m_hi = ((u[2] >> 4) & nib) | (((u[1] >> 6) & top2) << 4);
    *sc = static_cast<uint64_t>(sc_hi) << 32 | sc_lo;
    *m = static_cast<uint64_t>(m_hi) << 32 | m_lo;
}

// Q3_K's 16 six-bit scales as stored (quant::q3k_scale), minus 32.
// Sub-block j's low 4 bits are the low nibble of byte j (j < 8) or the high
// nibble of byte j - 8; its top 2 bits are bits 2 (j / 4) of byte 8 + j % 4.
// All in vector registers: the scalar unpacking cost as much as a fifth of
// the Q3_K row dots. The 12 bytes are read as 8 + 4: a 16-byte load would
// read past the block, and past the end of a mapped file on the last one.
LUGH_BODY __m128i q3_k_scales(const uint8_t* packed) {
    int32_t top;
    std::memcpy(&top, packed + 8, 4);
    const __m128i v = _mm_insert_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(packed)), top, 2);
    const __m128i nib = _mm_set1_epi8(0x0f);
    const __m128i low = _mm_unpacklo_epi64(_mm_and_si128(v, nib), _mm_and_si128(_mm_srli_epi16(v, 4), nib));
    // Byte j takes byte 8 + j % 4; dword q (bytes 4q..4q+3) then wants its
    // bits 2q, 2q+1 at bits 4, 5: up by 4 - 2q, or down by 2 for q = 3 (bits
    // of other bytes that arrive are masked away).
    const __m128i spread = _mm_shuffle_epi8(v, _mm_setr_epi8(8, 9, 10, 11, 8, 9, 10, 11, 8, 9, 10, 11, 8, 9, 10, 11));
    const __m128i placed = _mm_srlv_epi32(_mm_sllv_epi32(spread, _mm_setr_epi32(4, 2, 0, 0)), _mm_setr_epi32(0, 0, 0, 2));
    const __m128i high = _mm_and_si128(placed, _mm_set1_epi8(0x30));
    return _mm_sub_epi8(_mm_or_si128(low, high), _mm_set1_epi8(32));
}

// sum over the 16 sub-blocks of s_j * bsums_j (s: 16 int8), as 8 int32 lanes.
LUGH_BODY __m256i scaled_bsums(__m128i s, const int16_t* bsums) {
    return _mm256_madd_epi16(_mm256_cvtepi8_epi16(s), load32(bsums));
}

// The 8 sub-block scales of an IQ4_XS block minus 32, as int16 in both
// halves of a vector: each byte of a word gets its 4 low bits from scales_l
// and its 2 high bits from scales_h, by spreading the packed fields apart
// (plain shifts and masks: no pdep, which is slow on Zen 2/3).
LUGH_BODY __m256i iq4_xs_scales(const uint8_t* scales_l, uint16_t scales_h) {
    uint32_t packed_low;
    std::memcpy(&packed_low, scales_l, 4);
    uint64_t low = packed_low;   // 8 nibbles -> 8 bytes
    low = (low | (low << 16)) & 0x0000ffff0000ffffull;
    low = (low | (low << 8)) & 0x00ff00ff00ff00ffull;
    low = (low | (low << 4)) & 0x0f0f0f0f0f0f0f0full;
    uint64_t high = scales_h;   // 8 two-bit fields -> 8 bytes
    high = (high | (high << 24)) & 0x000000ff000000ffull;
    high = (high | (high << 12)) & 0x000f000f000f000full;
    high = (high | (high << 6)) & 0x0303030303030303ull;
    const __m128i bytes = _mm_sub_epi8(_mm_cvtsi64_si128(static_cast<int64_t>(low | (high << 4))), _mm_set1_epi8(32));
    const __m128i s16 = _mm_cvtepi8_epi16(bytes);
    return _mm256_set_m128i(s16, s16);
}

}  // namespace lugh::cpu::matmul::x86
#endif
