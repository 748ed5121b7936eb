// Scale searches of the K-quant reference quantizers (see scale_search.hpp).
// Every expression is written in the order upstream evaluates it: the
// products group left to right (w·x·l is (w·x)·l), integers convert to float
// where they meet a float, and nothing may be contracted into a fused
// multiply-add (CMakeLists.txt pins -ffp-contract=off for these files).
#include "quant/scale_search.hpp"

#include <algorithm>
#include <cmath>

#include "quant/blocks_k.hpp"
#include "quant/reference_math.hpp"

namespace lugh::quant {

namespace {

int clamp_level(int l, int lo, int hi) { return std::max(lo, std::min(hi, l)); }

// Σ w·x·l and Σ w·l² for the levels iscale gives, w = x².
struct Sums {
    float lx = 0.0f;
    float l2 = 0.0f;
};

Sums weighted_sums(int n, int nmax, const float* x, float iscale) {
    Sums s;
    for (int i = 0; i < n; ++i) {
        const int l = clamp_level(nearest_int(iscale * x[i]), -nmax, nmax - 1);
        const float w = x[i] * x[i];
        s.lx += w * x[i] * static_cast<float>(l);
        s.l2 += w * static_cast<float>(l) * static_cast<float>(l);
    }
    return s;
}

// The levels iscale gives, plus `offset` (nmax to store them, 0 to work on them).
void store_levels(int n, int nmax, const float* x, float iscale, int offset, int8_t* L) {
    for (int i = 0; i < n; ++i)
        L[i] = static_cast<int8_t>(offset + clamp_level(nearest_int(iscale * x[i]), -nmax, nmax - 1));
}

}  // namespace

float fit_symmetric(int n, int nmax, const float* x, int8_t* L) {
    float amax;
    const float max = largest_magnitude(x, n, &amax);
    if (amax < kGroupMaxEps) {
        std::fill(L, L + n, 0);
        return 0.0f;
    }
    const float nmax_f = static_cast<float>(nmax);
    float iscale = static_cast<float>(-nmax) / max;
    store_levels(n, nmax, x, iscale, nmax, L);
    Sums s = weighted_sums(n, nmax, x, iscale);
    float scale = s.l2 != 0.0f ? s.lx / s.l2 : 0.0f;
    float best = scale * s.lx;
    for (int k = -9; k <= 9; ++k) {
        if (k == 0) continue;
        iscale = -(nmax_f + 0.1f * static_cast<float>(k)) / max;
        s = weighted_sums(n, nmax, x, iscale);
        // Compare s.lx²/s.l2 with best without dividing.
        if (s.l2 > 0.0f && s.lx * s.lx > best * s.l2) {
            store_levels(n, nmax, x, iscale, nmax, L);
            scale = s.lx / s.l2;
            best = scale * s.lx;
        }
    }
    return scale;
}

float fit_symmetric_refined(int n, int nmax, const float* x, int8_t* L) {
    float amax;
    const float max = largest_magnitude(x, n, &amax);
    if (amax < kGroupMaxEps) {
        std::fill(L, L + n, 0);
        return 0.0f;
    }
    const float iscale = static_cast<float>(-nmax) / max;
    store_levels(n, nmax, x, iscale, 0, L);
    const Sums start = weighted_sums(n, nmax, x, iscale);
    float sumlx = start.lx, suml2 = start.l2;
    // Coordinate descent: level i alone moves to the best value for the
    // scale the other levels imply, kept if the fit (sumlx²/suml2) improves.
    for (int round = 0; round < 5; ++round) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = x[i] * x[i];
            const float li = static_cast<float>(L[i]);
            float slx = sumlx - w * x[i] * li;
            if (!(slx > 0.0f)) continue;
            float sl2 = suml2 - w * li * li;
            const int l = clamp_level(nearest_int(x[i] * sl2 / slx), -nmax, nmax - 1);
            if (l == L[i]) continue;
            const float lf = static_cast<float>(l);
            slx += w * x[i] * lf;
            sl2 += w * lf * lf;
            if (sl2 > 0.0f && slx * slx * suml2 > sumlx * sumlx * sl2) {
                L[i] = static_cast<int8_t>(l);
                sumlx = slx;
                suml2 = sl2;
                ++changed;
            }
        }
        if (changed == 0) break;
    }
    for (int i = 0; i < n; ++i) L[i] = static_cast<int8_t>(L[i] + nmax);
    return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
}

float fit_with_min(int n, int nmax, const float* x, const float* w, uint8_t* L, float* neg_min, uint8_t* aux,
                   const MinSearch& search) {
    float min = x[0], max = x[0];
    float sum_w = w[0];
    float sum_x = sum_w * x[0];
    for (int i = 1; i < n; ++i) {
        if (x[i] < min) min = x[i];
        if (x[i] > max) max = x[i];
        sum_w += w[i];
        sum_x += w[i] * x[i];
    }
    if (min > 0.0f) min = 0.0f;
    if (max == min) {
        std::fill(L, L + n, 0);
        *neg_min = -min;
        return 0.0f;
    }
    const float nmax_f = static_cast<float>(nmax);
    float iscale = nmax_f / (max - min);
    float scale = 1.0f / iscale;
    auto error_of = [&](float diff) { return search.mad ? std::fabs(diff) : diff * diff; };
    float best_error = 0.0f;
    for (int i = 0; i < n; ++i) {
        L[i] = static_cast<uint8_t>(clamp_level(nearest_int(iscale * (x[i] - min)), 0, nmax));
        const float diff = scale * static_cast<float>(L[i]) + min - x[i];
        best_error += w[i] * error_of(diff);
    }
    if (search.steps < 1) {
        *neg_min = -min;
        return scale;
    }
    for (int k = 0; k <= search.steps; ++k) {
        // min is the best fit so far: later candidates start from it.
        iscale = (search.rmin + search.rdelta * static_cast<float>(k) + nmax_f) / (max - min);
        float sum_l = 0.0f, sum_l2 = 0.0f, sum_xl = 0.0f;
        for (int i = 0; i < n; ++i) {
            const int l = clamp_level(nearest_int(iscale * (x[i] - min)), 0, nmax);
            aux[i] = static_cast<uint8_t>(l);
            const float lf = static_cast<float>(l);
            sum_l += w[i] * lf;
            sum_l2 += w[i] * lf * lf;
            sum_xl += w[i] * lf * x[i];
        }
        // Least squares for scale and min over these levels.
        const float det = sum_w * sum_l2 - sum_l * sum_l;
        if (!(det > 0.0f)) continue;
        float this_scale = (sum_w * sum_xl - sum_x * sum_l) / det;
        float this_min = (sum_l2 * sum_x - sum_l * sum_xl) / det;
        if (this_min > 0.0f) {
            this_min = 0.0f;
            this_scale = sum_xl / sum_l2;
        }
        float error = 0.0f;
        for (int i = 0; i < n; ++i) {
            const float diff = this_scale * static_cast<float>(aux[i]) + this_min - x[i];
            error += w[i] * error_of(diff);
        }
        if (error < best_error) {
            std::copy(aux, aux + n, L);
            best_error = error;
            scale = this_scale;
            min = this_min;
        }
    }
    *neg_min = -min;
    return scale;
}

bool fit_sub_blocks(const float* x, SymmetricFit fit, int nmax, SubBlockFit* out) {
    static_assert(sizeof out->L == kSuperBlock, "one level per element of a super-block");
    if (!all_finite(x, kSuperBlock)) return false;
    for (int s = 0; s < 16; ++s) out->scales[s] = fit(16, nmax, x + 16 * s, out->L + 16 * s);
    out->max_scale = largest_magnitude(out->scales, 16, &out->amax);
    return true;
}

void refit_sub_block_levels(const float* x, const float* step, int nmax, int8_t* L) {
    for (int s = 0; s < 16; ++s) {
        if (step[s] == 0.0f) continue;
        for (int l = 0; l < 16; ++l) {
            const int q = nearest_int(x[16 * s + l] / step[s]);
            L[16 * s + l] = static_cast<int8_t>(clamp_level(q, -nmax, nmax - 1) + nmax);
        }
    }
}

}  // namespace lugh::quant
