// Inputs for the tests of the spatial, sorting and generating ops: a tensor
// that is a transposed (strided) view, with its logical values, so every op
// is also checked on non-contiguous data.
#pragma once

#include "ops/op_test_util.hpp"

namespace optest {

// A [d0, d1, d2, d3] view of a [d1, d0, d2, d3] tensor (dimensions 0 and 1
// swapped: its rows are strided) filled with seeded values; *logical gets its
// values in row-major order of the view.
inline lugh::Tensor strided_input(lugh::Context& ctx, std::array<int64_t, 4> d, uint32_t seed,
                                  std::vector<float>* logical, float lo = -2.0f, float hi = 2.0f) {
    auto base = lugh::Tensor::new_f32(ctx, {d[1], d[0], d[2], d[3]});
    const auto v = random_values(static_cast<size_t>(d[0] * d[1] * d[2] * d[3]), seed, lo, hi);
    base.set_f32(v);
    logical->assign(v.size(), 0.0f);
    const Shape s(d), sb({d[1], d[0], d[2], d[3]});
    for (int64_t i3 = 0; i3 < d[3]; ++i3)
        for (int64_t i2 = 0; i2 < d[2]; ++i2)
            for (int64_t i1 = 0; i1 < d[1]; ++i1)
                for (int64_t i0 = 0; i0 < d[0]; ++i0) (*logical)[s.at(i0, i1, i2, i3)] = v[sb.at(i1, i0, i2, i3)];
    return lugh::ops::transpose(ctx, base);
}

// A contiguous F32 tensor of shape d with seeded values (also returned in *values).
inline lugh::Tensor packed_input(lugh::Context& ctx, std::array<int64_t, 4> d, uint32_t seed,
                                 std::vector<float>* values, float lo = -2.0f, float hi = 2.0f) {
    auto t = lugh::Tensor::new_f32(ctx, {d[0], d[1], d[2], d[3]});
    *values = random_values(static_cast<size_t>(d[0] * d[1] * d[2] * d[3]), seed, lo, hi);
    t.set_f32(*values);
    return t;
}

}  // namespace optest
