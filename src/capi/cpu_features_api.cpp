// ggml_cpu_has_*: run-time CPU feature detection for the C API. On x86 the
// answers come from the one detection the kernels are chosen by
// (cpu/simd/features.hpp: cpuid plus the register state the OS saves, which
// is what "usable" means); on aarch64 Linux the kernel's hwcaps say the same.
#include "cpu/simd/features.hpp"
#include "lugh/ggml/ggml-cpu.h"

#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#include <sys/prctl.h>
#endif

namespace {

// One feature of the x86 detection as 0 or 1 (0 on other architectures).
#define LUGH_X86(field) (lugh::cpu::simd::cpu_features().field ? 1 : 0)

#if defined(__aarch64__) && defined(__linux__)
int arm_hwcap(unsigned long bit) { return (getauxval(AT_HWCAP) & bit) ? 1 : 0; }
int arm_hwcap2(unsigned long bit) { return (getauxval(AT_HWCAP2) & bit) ? 1 : 0; }
#endif

}  // namespace

extern "C" {

int ggml_cpu_has_sse3(void) { return LUGH_X86(sse3); }
int ggml_cpu_has_ssse3(void) { return LUGH_X86(ssse3); }
int ggml_cpu_has_avx(void) { return LUGH_X86(avx); }
int ggml_cpu_has_avx_vnni(void) { return LUGH_X86(avx_vnni); }
int ggml_cpu_has_avx2(void) { return LUGH_X86(avx2); }
int ggml_cpu_has_bmi2(void) { return LUGH_X86(bmi2); }
int ggml_cpu_has_f16c(void) { return LUGH_X86(f16c); }
int ggml_cpu_has_fma(void) { return LUGH_X86(fma); }
int ggml_cpu_has_avx512(void) { return LUGH_X86(avx512f); }
int ggml_cpu_has_avx512_vbmi(void) { return LUGH_X86(avx512vbmi); }
int ggml_cpu_has_avx512_vnni(void) { return LUGH_X86(avx512_vnni); }
int ggml_cpu_has_avx512_bf16(void) { return LUGH_X86(avx512_bf16); }
int ggml_cpu_has_amx_int8(void) { return LUGH_X86(amx_int8); }

#if defined(__aarch64__) && defined(__linux__)
// Bit numbers from the Linux arm64 hwcap ABI (asm/hwcap.h).
int ggml_cpu_has_neon(void) { return arm_hwcap(1UL << 1); }       // HWCAP_ASIMD
int ggml_cpu_has_arm_fma(void) { return arm_hwcap(1UL << 1); }    // FMA is part of ASIMD
int ggml_cpu_has_fp16_va(void) { return arm_hwcap(1UL << 10); }   // HWCAP_ASIMDHP
int ggml_cpu_has_dotprod(void) { return arm_hwcap(1UL << 20); }   // HWCAP_ASIMDDP
int ggml_cpu_has_matmul_int8(void) { return arm_hwcap2(1UL << 13); }  // HWCAP2_I8MM
int ggml_cpu_has_sve(void) { return arm_hwcap(1UL << 22); }       // HWCAP_SVE
int ggml_cpu_get_sve_cnt(void) {
    if (!ggml_cpu_has_sve()) return 0;
    const int r = prctl(51 /* PR_SVE_GET_VL */);
    return r < 0 ? 0 : (r & 0xffff);
}
int ggml_cpu_has_sme(void) { return arm_hwcap2(1UL << 23); }      // HWCAP2_SME
#else
int ggml_cpu_has_neon(void) { return 0; }
int ggml_cpu_has_arm_fma(void) { return 0; }
int ggml_cpu_has_fp16_va(void) { return 0; }
int ggml_cpu_has_dotprod(void) { return 0; }
int ggml_cpu_has_matmul_int8(void) { return 0; }
int ggml_cpu_has_sve(void) { return 0; }
int ggml_cpu_get_sve_cnt(void) { return 0; }
int ggml_cpu_has_sme(void) { return 0; }
#endif

int ggml_cpu_has_riscv_v(void) { return 0; }
int ggml_cpu_has_vsx(void) { return 0; }
int ggml_cpu_has_vxe(void) { return 0; }
int ggml_cpu_has_wasm_simd(void) { return 0; }
int ggml_cpu_has_llamafile(void) { return 0; }

}  // extern "C"
