// The reference quantization shared by Q4_K and Q5_K (upstream's rule; they
// differ only in the code range and the scale search):
//
//  1. each sub-block of 32 gets a scale and a min by fit_with_min, with
//     weights av + |x| (av = the sub-block's root mean square) and squared
//     errors;
//  2. the largest scale and min set d = max_scale/63 and dmin = max_min/63,
//     and every sub-block's pair is rounded to 6 bits on them;
//  3. the codes are redone with the rounded values:
//     q = clamp(nearest((x + dmin·m)/(d·sc)), 0, nmax); a sub-block whose
//     rounded scale is 0 keeps the codes of step 1.
#pragma once

#include <cstdint>

#include "quant/scale_search.hpp"

namespace lugh::quant {

// One super-block of 256 values: fp16 d and dmin, the 12 packed scale bytes,
// and the codes (0..nmax) of every element in order. A block holding a NaN or
// an infinity gets NaN steps and zero codes (see rows.hpp).
void fit_k_block(const float* x, int nmax, const MinSearch& search, uint16_t* d, uint16_t* dmin, uint8_t* scales,
                 uint8_t* codes);

}  // namespace lugh::quant
