// Spin-wait helpers shared by the thread pool and the barrier.
#pragma once

#include <thread>

namespace lugh::cpu {

// One polite busy-wait step (PAUSE on x86, YIELD on Arm).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield" ::: "memory");
#endif
}

// Spins first; after `kSpinsBeforeYield` steps, yields the core each step, so
// more threads than cores (or a busy machine) still make progress.
class Backoff {
public:
    void pause() {
        if (spins_ < kSpinsBeforeYield) {
            ++spins_;
            cpu_relax();
        } else {
            std::this_thread::yield();
        }
    }

private:
    static constexpr int kSpinsBeforeYield = 256;
    int spins_ = 0;
};

}  // namespace lugh::cpu
