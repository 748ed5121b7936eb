// Which row dot serves which weight type, and which set this CPU runs.
#include "cpu/matmul/dot.hpp"

#include "cpu/matmul/integer_form.hpp"
#include "cpu/simd/features.hpp"
#include "cpu/simd/targets.hpp"

namespace lugh::cpu::matmul {

bool has_row_dot(ggml_type type) { return integer_form(type) != nullptr; }

RowDotFn row_dot(const DotKernels& set, ggml_type type) {
    return type >= 0 && type < GGML_TYPE_COUNT ? set.quant[type] : nullptr;
}

#if defined(__x86_64__)
DotKernels avx512_dot_kernels() {
    DotKernels set = avx2_dot_kernels();   // the integer dots without VNNI
    set.name = "avx512";
    if (simd::cpu_features().avx512_vnni) {
        set.name = "avx512vnni";
        set.quant[GGML_TYPE_Q8_0] = dot_q8_0_vnni;
        set.quant[GGML_TYPE_Q4_0] = dot_q4_0_vnni;
        set.quant[GGML_TYPE_Q4_1] = dot_q4_1_vnni;
        set.quant[GGML_TYPE_Q5_0] = dot_q5_0_vnni;
        set.quant[GGML_TYPE_Q5_1] = dot_q5_1_vnni;
        set.quant[GGML_TYPE_IQ4_NL] = dot_iq4_nl_vnni;
        set.quant[GGML_TYPE_IQ4_XS] = dot_iq4_xs_vnni;
        set.quant[GGML_TYPE_Q2_K] = dot_q2_k_vnni;
        set.quant[GGML_TYPE_Q3_K] = dot_q3_k_vnni;
        set.quant[GGML_TYPE_Q4_K] = dot_q4_k_vnni;
        set.quant[GGML_TYPE_Q5_K] = dot_q5_k_vnni;
        set.quant[GGML_TYPE_Q6_K] = dot_q6_k_vnni;
    }
    set.f32 = dot_f32_avx512;
    set.f16 = dot_f16_avx512;
    set.bf16 = dot_bf16_avx512;
    set.f16_f16 = dot_f16_f16_avx512;
    return set;
}
#endif

namespace {

struct Sets {
    DotKernels by_level[3];
    Sets() {
        by_level[0] = by_level[1] = by_level[2] = scalar_dot_kernels();
#if defined(__x86_64__)
        const simd::CpuFeatures& f = simd::cpu_features();
        if (f.avx2_fma) by_level[1] = by_level[2] = avx2_dot_kernels();
        if (f.avx512) by_level[2] = avx512_dot_kernels();
#endif
    }
};

const Sets& sets() {
    static const Sets s;
    return s;
}

}  // namespace

const DotKernels& dot_kernels() { return sets().by_level[static_cast<int>(simd::kernel_level())]; }

std::vector<DotKernels> runnable_dot_kernels() {
    std::vector<DotKernels> out{scalar_dot_kernels()};
#if defined(__x86_64__)
    const simd::CpuFeatures& f = simd::cpu_features();
    if (f.avx2_fma) out.push_back(avx2_dot_kernels());
    if (f.avx512) out.push_back(avx512_dot_kernels());
#endif
    return out;
}

}  // namespace lugh::cpu::matmul
