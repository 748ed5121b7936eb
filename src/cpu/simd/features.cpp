// CPU feature detection. GCC's __builtin_cpu_supports reads cpuid and also
// checks that the OS saves the AVX / AVX-512 register state (XCR0), which
// is what "usable" means; vendor and family come from cpuid leaf 0 and 1.
#include "cpu/simd/features.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace lugh::cpu::simd {

namespace {

CpuFeatures detect() {
    CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    f.sse4 = __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("sse4.1") &&
             __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("popcnt");
    f.avx = __builtin_cpu_supports("avx");
    f.avx2 = f.sse4 && f.avx && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
             __builtin_cpu_supports("f16c") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
    f.avx512 = f.avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
    f.avx512_vnni = f.avx512 && __builtin_cpu_supports("avx512vnni");
    f.avx512_bf16 = f.avx512 && __builtin_cpu_supports("avx512bf16");
    f.avx_vnni = f.avx2 && __builtin_cpu_supports("avxvnni");
    f.amx_int8 = __builtin_cpu_supports("amx-int8");
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(0, &a, &b, &c, &d)) {
        f.intel = b == 0x756e6547u && d == 0x49656e69u && c == 0x6c65746eu;   // "GenuineIntel"
        f.amd = b == 0x68747541u && d == 0x69746e65u && c == 0x444d4163u;     // "AuthenticAMD"
    }
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        const unsigned base = (a >> 8) & 0xf, ext = (a >> 20) & 0xff;
        f.family = base == 0xf ? base + ext : base;
        f.model = ((a >> 4) & 0xf) | (base == 0x6 || base == 0xf ? ((a >> 16) & 0xf) << 4 : 0);
    }
    // Family 19h with AVX-512 is Zen 4 (Zen 3 has none); Zen 5 (1Ah) has
    // full-width 512-bit units on its server and desktop parts.
    f.splits_512 = f.amd && f.avx512 && f.family == 0x19;
#endif
    return f;
}

}  // namespace

const CpuFeatures& cpu_features() {
    static const CpuFeatures features = detect();
    return features;
}

}  // namespace lugh::cpu::simd
