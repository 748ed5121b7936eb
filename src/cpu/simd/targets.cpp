// The Highway targets this CPU can run (from cpu_features(): each target's
// code is compiled with the instruction-set extensions Highway enables for
// it, so every one of them must be present), forcing one, and the level of
// the hand-written kernels that follows the allowed target.
#include "cpu/simd/targets.hpp"

#include <atomic>

#include "cpu/simd/hwy_config.hpp"
#include <hwy/highway.h>
#include <hwy/targets.h>

#include "core/check.hpp"
#include "cpu/simd/features.hpp"

namespace lugh::cpu::simd {
namespace {

int64_t detect_supported() {
    int64_t mask = HWY_SCALAR | HWY_EMU128;  // plain C++: runs anywhere
#if defined(__x86_64__) || defined(__i386__)
    const CpuFeatures& f = cpu_features();
    if (f.sse4) mask |= HWY_SSE4;
    if (f.avx2_fma) mask |= HWY_AVX2;
    if (f.avx512) mask |= HWY_AVX3;
#elif defined(__aarch64__)
    mask |= HWY_NEON;  // Advanced SIMD is mandatory on aarch64
#endif
    return mask;
}

int64_t supported() {
    static const int64_t mask = detect_supported();
    return mask;
}

int64_t compiled_and_supported() { return static_cast<int64_t>(HWY_TARGETS) & supported(); }

std::atomic<int64_t> forced{0};

}  // namespace

int64_t allowed_targets() {
    const int64_t f = forced.load(std::memory_order_relaxed);
    return f ? f : supported();
}

std::vector<int64_t> runnable_targets() {
    const int64_t runnable = compiled_and_supported();
    std::vector<int64_t> out;
    for (int bit = 0; bit < 63; ++bit) {  // lower bits are better targets in Highway's numbering
        const int64_t t = int64_t{1} << bit;
        if (runnable & t) out.push_back(t);
    }
    return out;
}

std::string target_name(int64_t target) { return hwy::TargetName(target); }

int64_t current_target() {
    const int64_t usable = static_cast<int64_t>(HWY_TARGETS) & allowed_targets();
    return usable & -usable;  // the lowest set bit: the best one
}

void force_target(int64_t target) {
    bool ok = false;
    for (int64_t t : runnable_targets()) ok = ok || t == target;
    if (!ok)
        core::fail("lugh: simd::force_target: target %s (0x%llx) is not compiled in or not supported by this CPU",
                   hwy::TargetName(target), static_cast<unsigned long long>(target));
    forced.store(target, std::memory_order_relaxed);
}

void reset_target() { forced.store(0, std::memory_order_relaxed); }

KernelLevel kernel_level() {
    const int64_t allowed = allowed_targets();
#if defined(__x86_64__)
    if (allowed & HWY_AVX3) return KernelLevel::avx512;
    if (allowed & HWY_AVX2) return KernelLevel::avx2;
#endif
    return KernelLevel::scalar;
}

}  // namespace lugh::cpu::simd
