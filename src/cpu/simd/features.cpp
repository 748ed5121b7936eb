// CPU feature detection from cpuid (leaves 1 and 7) and, for the vector
// register state the OS saves, xgetbv: AVX needs XMM and YMM state, AVX-512
// also the opmask and upper ZMM state. Read directly rather than through a
// compiler builtin so that GCC and clang builds (the fuzzers) agree.
#include "cpu/simd/features.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

#include <cstdint>
#endif

namespace lugh::cpu::simd {

namespace {

#if defined(__x86_64__) || defined(__i386__)
bool bit(unsigned word, int n) { return (word >> n) & 1u; }

uint64_t xcr0() {
    uint32_t lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return static_cast<uint64_t>(hi) << 32 | lo;
}
#endif

CpuFeatures detect() {
    CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(0, &a, &b, &c, &d)) return f;
    const unsigned max_leaf = a;
    f.intel = b == 0x756e6547u && d == 0x49656e69u && c == 0x6c65746eu;   // "GenuineIntel"
    f.amd = b == 0x68747541u && d == 0x69746e65u && c == 0x444d4163u;     // "AuthenticAMD"
    __get_cpuid(1, &a, &b, &c, &d);
    const unsigned base = (a >> 8) & 0xf;
    f.family = base == 0xf ? base + ((a >> 20) & 0xff) : base;
    f.model = ((a >> 4) & 0xf) | (base == 0x6 || base == 0xf ? ((a >> 16) & 0xf) << 4 : 0);
    f.sse3 = bit(c, 0);
    f.ssse3 = bit(c, 9);
    f.sse41 = bit(c, 19);
    f.sse42 = bit(c, 20);
    f.popcnt = bit(c, 23);
    const uint64_t state = bit(c, 27) ? xcr0() : 0;   // OSXSAVE: the OS manages the state
    const bool ymm = (state & 0x6) == 0x6, zmm = ymm && (state & 0xe0) == 0xe0;
    f.avx = ymm && bit(c, 28);
    f.fma = f.avx && bit(c, 12);
    f.f16c = f.avx && bit(c, 29);
    unsigned b7 = 0, c7 = 0, d7 = 0, a71 = 0;
    if (max_leaf >= 7) {
        __get_cpuid_count(7, 0, &a, &b7, &c7, &d7);
        unsigned b71 = 0, c71 = 0, d71 = 0;
        __get_cpuid_count(7, 1, &a71, &b71, &c71, &d71);
    }
    f.avx2 = f.avx && bit(b7, 5);
    f.bmi1 = bit(b7, 3);
    f.bmi2 = bit(b7, 8);
    f.avx512f = zmm && bit(b7, 16);
    f.avx512dq = f.avx512f && bit(b7, 17);
    f.avx512bw = f.avx512f && bit(b7, 30);
    f.avx512vl = f.avx512f && bit(b7, 31);
    f.avx512vbmi = f.avx512f && bit(c7, 1);
    f.avx512_vnni = f.avx512f && bit(c7, 11);
    f.amx_int8 = bit(d7, 25);
    f.avx_vnni = f.avx2 && bit(a71, 4);
    f.avx512_bf16 = f.avx512f && bit(a71, 5);

    f.sse4 = f.ssse3 && f.sse41 && f.sse42 && f.popcnt;
    f.avx2_fma = f.sse4 && f.avx2 && f.fma && f.f16c && f.bmi1 && f.bmi2;
    f.avx512 = f.avx2_fma && f.avx512f && f.avx512vl && f.avx512dq && f.avx512bw;
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
