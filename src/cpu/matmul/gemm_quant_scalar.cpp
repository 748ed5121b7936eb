// The scalar quantized GEMM tile (the reference the vector tiles are tested
// against, and the set of CPUs without AVX2), and the choice of set.
#include "cpu/matmul/gemm_quant_kernels.hpp"
#include "cpu/simd/features.hpp"
#include "cpu/simd/targets.hpp"

namespace lugh::cpu::matmul {

namespace {

constexpr int kScalarNR = 4;

template <int G, bool MIN>
void tile_scalar(const uint8_t* w, const uint8_t* x, int64_t groups, float* dst, size_t ldd, int mv, int nv) {
    constexpr int NR = kScalarNR, S = G / 4;
    float acc[NR][kPanelRows] = {};
    const QuantScheme q{G, MIN, 0, false};
    for (int64_t g = 0; g < groups; ++g) {
        const auto* xcodes = reinterpret_cast<const int8_t*>(x);
        const auto* dx = reinterpret_cast<const float*>(x + G * NR);
        const auto* ws = reinterpret_cast<const float*>(w + G * kPanelRows);
        for (int j = 0; j < NR; ++j) {
            for (int m = 0; m < kPanelRows; ++m) {
                int32_t dot = MIN ? 0 : reinterpret_cast<const int32_t*>(dx + NR)[j];
                for (int s = 0; s < S; ++s)
                    for (int i = 0; i < 4; ++i) dot += w[(s * kPanelRows + m) * 4 + i] * xcodes[(s * NR + j) * 4 + i];
                acc[j][m] += static_cast<float>(dot) * (ws[m] * dx[j]);
                if (MIN) acc[j][m] += ws[kPanelRows + m] * (dx + NR)[j];
            }
        }
        w += weight_group_bytes(q);
        x += act_group_bytes(q, NR);
    }
    for (int j = 0; j < nv; ++j)
        for (int m = 0; m < mv; ++m) dst[j * ldd + m] = acc[j][m];
}

}  // namespace

QuantGemmKernels scalar_quant_gemm_kernels() {
    QuantGemmKernels k{"scalar", kScalarNR, {}};
    k.set<32, false>(tile_scalar<32, false>);
    k.set<32, true>(tile_scalar<32, true>);
    k.set<16, false>(tile_scalar<16, false>);
    k.set<16, true>(tile_scalar<16, true>);
    return k;
}

namespace {

struct Sets {
    QuantGemmKernels by_level[3];
    Sets() {
        by_level[0] = by_level[1] = by_level[2] = scalar_quant_gemm_kernels();
#if defined(__x86_64__)
        const simd::CpuFeatures& f = simd::cpu_features();
        if (f.avx2_fma) by_level[1] = by_level[2] = avx2_quant_gemm_kernels(f.avx_vnni);
        if (f.avx512 && f.avx512_vnni) by_level[2] = avx512_quant_gemm_kernels();
#endif
    }
};

}  // namespace

std::vector<QuantGemmKernels> runnable_quant_gemm_kernels() {
    std::vector<QuantGemmKernels> out{scalar_quant_gemm_kernels()};
#if defined(__x86_64__)
    const simd::CpuFeatures& f = simd::cpu_features();
    if (f.avx2_fma) out.push_back(avx2_quant_gemm_kernels(false));
    if (f.avx2_fma && f.avx_vnni) out.push_back(avx2_quant_gemm_kernels(true));
    if (f.avx512 && f.avx512_vnni) out.push_back(avx512_quant_gemm_kernels());
#endif
    return out;
}

const QuantGemmKernels& quant_gemm_kernels() {
    static const Sets sets;
    return sets.by_level[static_cast<int>(simd::kernel_level())];
}

}  // namespace lugh::cpu::matmul
