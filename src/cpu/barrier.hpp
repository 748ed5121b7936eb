// Barrier: the synchronisation point between two graph nodes.
//
// One atomic arrival counter and one phase number, no mutex: the last thread
// to arrive resets the counter and bumps the phase; the others spin on the
// phase. Costs one atomic add per thread per barrier, which is what keeps a
// graph of tiny nodes cheap.
#pragma once

#include <atomic>

#include "cpu/spin.hpp"

namespace lugh::cpu {

class Barrier {
public:
    explicit Barrier(int n_threads) : n_(n_threads) {}

    void wait() {
        if (n_ == 1) return;
        // Read the phase before arriving: once we arrive, the last thread may
        // bump it at any moment.
        const unsigned phase = phase_.load(std::memory_order_relaxed);
        if (arrived_.fetch_add(1, std::memory_order_acq_rel) == n_ - 1) {
            arrived_.store(0, std::memory_order_relaxed);
            phase_.store(phase + 1, std::memory_order_release);
            return;
        }
        Backoff backoff;
        while (phase_.load(std::memory_order_acquire) == phase) backoff.pause();
    }

private:
    const int n_;
    alignas(64) std::atomic<int> arrived_{0};
    alignas(64) std::atomic<unsigned> phase_{0};
};

}  // namespace lugh::cpu
