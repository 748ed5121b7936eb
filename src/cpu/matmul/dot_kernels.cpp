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
namespace {

// 512-bit float rows, the AVX2 integer dots.
DotKernels avx512_dot_kernels_without_vnni() {
    DotKernels set = avx2_dot_kernels();
    set.name = "avx512";
    set.f32 = dot_f32_avx512;
    set.f16 = dot_f16_avx512;
    set.bf16 = dot_bf16_avx512;
    set.f16_f16 = dot_f16_f16_avx512;
    return set;
}

}  // namespace

DotKernels avx512_vnni_dot_kernels(bool full_width) {
    DotKernels set = avx512_dot_kernels_without_vnni();
    set.name = full_width ? "avx512vnni" : "avx512vnni-256";
    set.quant[GGML_TYPE_Q8_0] = dot_q8_0_vnni;
    set.quant[GGML_TYPE_Q4_0] = dot_q4_0_vnni;
    set.quant[GGML_TYPE_Q4_1] = dot_q4_1_vnni;
    set.quant[GGML_TYPE_Q5_0] = dot_q5_0_vnni;
    set.quant[GGML_TYPE_Q5_1] = dot_q5_1_vnni;
    set.quant[GGML_TYPE_IQ4_NL] = dot_iq4_nl_vnni;
    set.quant[GGML_TYPE_Q4_K] = dot_q4_k_vnni;
    set.quant[GGML_TYPE_Q5_K] = dot_q5_k_vnni;
    // Fewer bits per weight than Q4_0 want more weights per instruction to
    // keep up with memory: 64 per step where 512-bit operations are whole
    // (docs/weights.md has the figures). Q2_K's table lookup needs VBMI.
    set.quant[GGML_TYPE_IQ4_XS] = full_width ? dot_iq4_xs_zmm : dot_iq4_xs_vnni;
    set.quant[GGML_TYPE_Q2_K] = full_width && simd::cpu_features().avx512vbmi ? dot_q2_k_zmm : dot_q2_k_vnni;
    set.quant[GGML_TYPE_Q3_K] = full_width ? dot_q3_k_zmm : dot_q3_k_vnni;
    set.quant[GGML_TYPE_Q6_K] = full_width ? dot_q6_k_zmm : dot_q6_k_vnni;
    return set;
}

DotKernels avx512_dot_kernels() {
    const simd::CpuFeatures& f = simd::cpu_features();
    return f.avx512_vnni ? avx512_vnni_dot_kernels(!f.splits_512) : avx512_dot_kernels_without_vnni();
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
    // Both VNNI sets where the CPU runs them, so tests cover the one it
    // does not choose; the chosen one last.
    if (f.avx512 && f.avx512_vnni) out.push_back(avx512_vnni_dot_kernels(f.splits_512));
    if (f.avx512) out.push_back(avx512_dot_kernels());
#endif
    return out;
}

}  // namespace lugh::cpu::matmul
