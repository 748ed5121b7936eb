#include "cpu/half_input.hpp"

#include <cfloat>
#include <cmath>
#include <cstring>

namespace lugh::cpu {

bool row_fits_f16(const void* x, int64_t n, size_t stride_bytes) {
    const char* p = static_cast<const char*>(x);
    float largest = 0.0f;   // of the finite magnitudes (NaN and inf compare false)
    for (int64_t i = 0; i < n; ++i) {
        float v;
        std::memcpy(&v, p + static_cast<size_t>(i) * stride_bytes, sizeof v);
        const float a = std::fabs(v);
        if (a <= FLT_MAX && a > largest) largest = a;
    }
    return largest < 65520.0f;   // binary16's largest finite value is 65504; 65520 is the rounding midpoint to inf
}

}  // namespace lugh::cpu
