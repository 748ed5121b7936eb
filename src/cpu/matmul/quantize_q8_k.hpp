// Activation rows quantized to Q8_K (the K-quants and IQ4_XS multiply
// against these): the reference rule of quant::quantize_row_q8_k, bit for
// bit, on AVX2 where the CPU (kernel level) allows; the reference itself
// otherwise and for blocks holding a NaN, an infinity, only zeros, or
// values so small that the inverse scale overflows.
#pragma once

#include <cstdint>

namespace lugh::cpu::matmul {

// k floats (a multiple of 256) into k / 256 Q8_K blocks at out.
void quantize_act_q8_k(const float* x, void* out, int64_t k);

#if defined(__x86_64__)
// One block on AVX2; false (nothing written) when the reference rule must handle it.
bool quantize_block_q8_k_avx2(const float* x, void* block);
#endif

}  // namespace lugh::cpu::matmul
