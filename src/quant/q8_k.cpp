// Q8_K: 256 int8 values behind one float32 scale, plus the sums of each 16
// values. It is the activation format of the K-quant dot products, so both
// directions are here; quantization follows upstream's reference rule:
// m = the element of largest magnitude (first one wins), signed;
// iscale = −127/m; q = min(127, nearest_int(iscale·x)); d = 1/iscale.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "quant/blocks_k.hpp"
#include "quant/reference_math.hpp"
#include "quant/rows.hpp"

namespace lugh::quant {

void quantize_row_q8_k(const float* x, void* out, int64_t k) {
    auto* y = static_cast<BlockQ8_K*>(out);
    for (int64_t i = 0; i < k / kSuperBlock; ++i, x += kSuperBlock) {
        BlockQ8_K& b = y[i];
        const bool finite = all_finite(x, kSuperBlock);
        float amax;
        const float max = largest_magnitude(x, kSuperBlock, &amax);
        if (!finite || amax == 0.0f) {  // see rows.hpp: a NaN scale poisons the block
            b.d = finite ? 0.0f : NAN;
            std::memset(b.qs, 0, sizeof b.qs);
            std::memset(b.bsums, 0, sizeof b.bsums);
            continue;
        }
        const float iscale = -127.0f / max;
        for (int j = 0; j < kSuperBlock; ++j) b.qs[j] = static_cast<int8_t>(std::min(127, nearest_int(iscale * x[j])));
        for (int g = 0; g < kSuperBlock / 16; ++g) {
            int sum = 0;
            for (int j = 0; j < 16; ++j) sum += b.qs[16 * g + j];
            b.bsums[g] = static_cast<int16_t>(sum);
        }
        b.d = 1.0f / iscale;
    }
}

void dequantize_row_q8_k(const void* in, float* y, int64_t k) {
    const auto* x = static_cast<const BlockQ8_K*>(in);
    for (int64_t i = 0; i < k / kSuperBlock; ++i)
        for (int j = 0; j < kSuperBlock; ++j) y[i * kSuperBlock + j] = x[i].d * static_cast<float>(x[i].qs[j]);
}

}  // namespace lugh::quant
