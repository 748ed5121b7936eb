/* lugh-ggml-cpu-features.h - part of Lugh's ggml-compatible C API; include "ggml-cpu.h".
 *
 * What the CPU running the program can do, detected at run time (not what the
 * library was compiled for): each function returns 1 when the feature is
 * present and usable (the OS saves the registers), else 0. Lugh picks its SIMD
 * kernels from the same detection, so one build runs on any x86-64.
 */
#ifndef LUGH_GGML_CPU_FEATURES_H
#define LUGH_GGML_CPU_FEATURES_H

#include "ggml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* x86 */
GGML_API int ggml_cpu_has_sse3(void);         /* SSE3                                    */
GGML_API int ggml_cpu_has_ssse3(void);        /* SSSE3                                   */
GGML_API int ggml_cpu_has_avx(void);          /* AVX (256-bit float)                     */
GGML_API int ggml_cpu_has_avx_vnni(void);     /* AVX-VNNI (VEX-encoded int8 dot)         */
GGML_API int ggml_cpu_has_avx2(void);         /* AVX2 (256-bit integer)                  */
GGML_API int ggml_cpu_has_bmi2(void);         /* BMI2                                    */
GGML_API int ggml_cpu_has_f16c(void);         /* F16C half <-> float conversions         */
GGML_API int ggml_cpu_has_fma(void);          /* FMA3                                    */
GGML_API int ggml_cpu_has_avx512(void);       /* AVX-512 Foundation                      */
GGML_API int ggml_cpu_has_avx512_vbmi(void);  /* AVX-512 VBMI                            */
GGML_API int ggml_cpu_has_avx512_vnni(void);  /* AVX-512 VNNI                            */
GGML_API int ggml_cpu_has_avx512_bf16(void);  /* AVX-512 BF16                            */
GGML_API int ggml_cpu_has_amx_int8(void);     /* AMX int8 tiles                          */
/* ARM */
GGML_API int ggml_cpu_has_neon(void);         /* Advanced SIMD                           */
GGML_API int ggml_cpu_has_arm_fma(void);      /* fused multiply-add in NEON              */
GGML_API int ggml_cpu_has_fp16_va(void);      /* half-precision vector arithmetic        */
GGML_API int ggml_cpu_has_dotprod(void);      /* int8 dot product                        */
GGML_API int ggml_cpu_has_matmul_int8(void);  /* int8 matrix multiply (i8mm)             */
GGML_API int ggml_cpu_has_sve(void);          /* Scalable Vector Extension               */
GGML_API int ggml_cpu_get_sve_cnt(void);      /* SVE vector length in bytes, 0 without   */
GGML_API int ggml_cpu_has_sme(void);          /* Scalable Matrix Extension               */
/* other architectures: always 0 on the ones Lugh builds for */
GGML_API int ggml_cpu_has_riscv_v(void);      /* RISC-V vector extension                 */
GGML_API int ggml_cpu_has_vsx(void);          /* POWER VSX                               */
GGML_API int ggml_cpu_has_vxe(void);          /* s390x vector extension                  */
GGML_API int ggml_cpu_has_wasm_simd(void);    /* WebAssembly SIMD                        */
GGML_API int ggml_cpu_has_llamafile(void);    /* llamafile sgemm kernels (never in Lugh) */

#ifdef __cplusplus
}
#endif

#endif
