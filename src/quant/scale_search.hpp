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
