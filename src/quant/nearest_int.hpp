// The rounding every upstream K-quant and IQ quantizer uses, reproduced so
// that Lugh writes the same codes: round to nearest, ties to even, computed
// by adding 1.5·2^23 so the float adder does the rounding and the integer
// ends up in the low mantissa bits. Exact for |x| < 2^22; any other input
// (including NaN) gives some int without undefined behaviour.
#pragma once

#include <cstdint>
#include <cstring>

namespace lugh::quant {

inline int nearest_int(float x) {
    const float shifted = x + 12582912.0f;   // 1.5 * 2^23: one unit per ulp
    int32_t bits;
    std::memcpy(&bits, &shifted, sizeof bits);
    return (bits & 0x007fffff) - 0x00400000;
}

}  // namespace lugh::quant
