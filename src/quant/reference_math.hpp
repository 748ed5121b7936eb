// Small arithmetic shared by the reference quantizers, reproduced from
// upstream's behaviour so that Lugh writes the same codes.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace lugh::quant {

// Round to nearest, ties to even, the way every upstream K-quant and IQ
// quantizer does: adding 1.5·2^23 makes the float adder round and leaves the
// integer in the low mantissa bits. Exact for |x| < 2^22; any other input
// (NaN, infinities) gives some int, without undefined behaviour.
inline int nearest_int(float x) {
    const float shifted = x + 12582912.0f;   // 1.5 * 2^23: one unit per ulp
    int32_t bits;
    std::memcpy(&bits, &shifted, sizeof bits);
    return (bits & 0x007fffff) - 0x00400000;
}

// Upstream's 32-element quantizers turn v = x/d + offset into a code by a
// truncating float-to-int conversion, then cap it at max_code. Same result
// for every v upstream defines (0 <= v < 128); NaN and out-of-range values,
// undefined there, give 0 or max_code here.
inline int truncate_code(float v, int max_code) {
    if (!(v > -1.0f)) return 0;
    if (!(v < 128.0f)) return max_code;
    return std::min(max_code, static_cast<int>(v));
}

// The element of largest magnitude, with its sign (the first one on ties,
// as upstream's `if (ax > amax)` scans pick it); *amax gets its magnitude.
inline float largest_magnitude(const float* x, int n, float* amax) {
    float a = 0.0f, m = 0.0f;
    for (int i = 0; i < n; ++i)
        if (std::fabs(x[i]) > a) {
            a = std::fabs(x[i]);
            m = x[i];
        }
    *amax = a;
    return m;
}

// The grid of Q4_1 / Q5_1: from the block's minimum in `steps` steps of d
// to its maximum; id = 1/d (0 when every value is equal).
struct MinStep {
    float min, d, id;
};
inline MinStep min_step(const float* x, int n, int steps) {
    float min = x[0], max = x[0];
    for (int i = 1; i < n; ++i) {
        if (x[i] < min) min = x[i];
        if (x[i] > max) max = x[i];
    }
    const float d = (max - min) / static_cast<float>(steps);
    return {min, d, d != 0.0f ? 1.0f / d : 0.0f};
}

// True when none of the n values is NaN or infinite. Blocks that fail get a
// NaN scale (see rows.hpp) instead of codes computed from garbage.
inline bool all_finite(const float* x, int n) {
    bool finite = true;
    for (int i = 0; i < n; ++i) finite = finite && std::isfinite(x[i]);
    return finite;
}

}  // namespace lugh::quant
