// Helpers shared by the quantization tests.
#pragma once

#include <random>
#include <vector>

namespace quanttest {

// n normally distributed values (mean 0, standard deviation `scale`), reproducible from `seed`.
inline std::vector<float> randn(size_t n, unsigned seed, float scale = 1.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

}  // namespace quanttest
