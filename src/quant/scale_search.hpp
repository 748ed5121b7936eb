// The per-sub-block scale searches behind upstream's reference K-quant
// quantizers. Each picks integer levels L and a scale (and for the
// asymmetric types a minimum) for a short group of values by trying a fixed
// set of candidate scales and keeping the one with the smallest weighted
// error. The float operations (their order, float rather than double, no
// fused multiply-add) are upstream's, so the chosen levels, and hence the
// bytes written, are the same; see docs/weights.md.
#pragma once

#include <cstdint>

namespace lugh::quant {

// Values below this magnitude make a group count as all zeros.
constexpr float kGroupMaxEps = 1e-15f;

// Symmetric levels in −nmax..nmax−1 (stored as L + nmax, 0..2·nmax−1),
// weighted by x²: the scale of largest magnitude −nmax/max is refined over
// 18 nearby candidates (nmax ± 0.1·k). Returns the scale (0 for a zero group).
// Used by Q6_K (nmax 32).
float fit_symmetric(int n, int nmax, const float* x, int8_t* L);

// Symmetric levels as above, then up to 5 rounds of moving single levels
// while that improves the x²-weighted fit. Returns the scale; L holds levels
// + nmax. Used by Q3_K (nmax 4).
float fit_symmetric_refined(int n, int nmax, const float* x, int8_t* L);

// The symmetric scale searches above, as fit_sub_blocks takes them.
using SymmetricFit = float (*)(int n, int nmax, const float* x, int8_t* L);

// The first step of Q3_K and Q6_K on one super-block of 256 values: each of
// its 16 sub-blocks of 16 gets a signed scale by `fit` (levels + nmax in L).
struct SubBlockFit {
    int8_t L[256];
    float scales[16];
    float max_scale;   // the scale of largest magnitude (its sign kept)
    float amax;        // its magnitude
};

// Fits x's 16 sub-blocks into *out. Returns false, fitting nothing, when x
// holds a NaN or an infinity (the caller stores a NaN step: see rows.hpp).
bool fit_sub_blocks(const float* x, SymmetricFit fit, int nmax, SubBlockFit* out);

// The last step of Q3_K and Q6_K: the levels redone on each sub-block's
// rounded step, L[16s + l] = clamp(nearest(x / step[s]), −nmax, nmax−1) + nmax;
// a sub-block whose step is 0 keeps its fitted levels.
void refit_sub_block_levels(const float* x, const float* step, int nmax, int8_t* L);

// How fit_with_min tries scales: iscale = (rmin + rdelta·k + nmax)/(max − min)
// for k = 0..steps; errors are absolute (mad) or squared.
struct MinSearch {
    float rmin;
    float rdelta;
    int steps;
    bool mad;
};

// Levels 0..nmax with an offset: x ≈ scale·L − neg_min (neg_min >= 0; the
// minimum is never above 0), weights w. Returns the scale and stores −min in
// *neg_min. aux is scratch of n bytes. Used by Q2_K, Q4_K and Q5_K.
float fit_with_min(int n, int nmax, const float* x, const float* w, uint8_t* L, float* neg_min, uint8_t* aux,
                   const MinSearch& search);

}  // namespace lugh::quant
