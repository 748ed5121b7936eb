// Target bookkeeping on top of Highway's run-time detection. The compiled set
// is HWY_TARGETS as seen with Lugh's configuration (hwy_config.hpp), the same
// set every kernel file is compiled for.
#include "cpu/simd/targets.hpp"

#include "cpu/simd/hwy_config.hpp"
#include <hwy/highway.h>
#include <hwy/targets.h>

#include "core/check.hpp"

namespace lugh::cpu::simd {

std::vector<int64_t> runnable_targets() {
    const int64_t runnable = static_cast<int64_t>(HWY_TARGETS) & static_cast<int64_t>(hwy::SupportedTargets());
    std::vector<int64_t> out;
    // Lower bits are better targets in Highway's numbering.
    for (int bit = 0; bit < 63; ++bit) {
        const int64_t t = int64_t{1} << bit;
        if (runnable & t) out.push_back(t);
    }
    return out;
}

std::string target_name(int64_t target) { return hwy::TargetName(target); }

int64_t current_target() {
    const int64_t runnable = static_cast<int64_t>(HWY_TARGETS) & static_cast<int64_t>(hwy::SupportedTargets());
    return runnable & -runnable;  // the lowest set bit: the best one
}

void force_target(int64_t target) {
    hwy::SetSupportedTargetsForTest(0);  // judge against what the CPU really has
    bool ok = false;
    for (int64_t t : runnable_targets()) ok = ok || t == target;
    if (!ok) core::fail("lugh: simd::force_target: target %s (0x%llx) is not compiled in or not supported by this CPU",
                        hwy::TargetName(target), static_cast<unsigned long long>(target));
    hwy::SetSupportedTargetsForTest(target);
}

void reset_target() { hwy::SetSupportedTargetsForTest(0); }

}  // namespace lugh::cpu::simd
