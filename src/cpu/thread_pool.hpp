// ThreadPool: persistent worker threads that run one job at a time.
//
// run(nth, fn, arg) calls fn(arg, ith) for ith = 0..nth-1: the caller is
// thread 0, workers 1..nth-1 the rest. Workers spin briefly after a job (the
// next compute usually follows at once) and then sleep on a condition
// variable, so an idle pool costs nothing.
//
// Pools are shared: lease_pool(n) hands out an idle pool with at least n
// workers (making one if needed) and takes it back when the lease ends, so
// concurrent computes from different threads each get their own.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace lugh::cpu {

class ThreadPool {
public:
    using Job = void (*)(void* arg, int ith);

    explicit ThreadPool(int n_workers);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int n_workers() const { return static_cast<int>(workers_.size()); }
    // Run job on nth threads (1 <= nth <= n_workers() + 1); returns when all are done.
    void run(int nth, Job job, void* arg);

private:
    void worker_main(int index);
    uint64_t wait_for_ticket(uint64_t seen_epoch);

    // epoch << 16 | nth, published in one atomic so a worker never pairs one
    // job's epoch with another's thread count.
    alignas(64) std::atomic<uint64_t> ticket_{0};
    alignas(64) std::atomic<int> pending_{0};   // participating workers still running
    Job job_ = nullptr;                         // written before the ticket is published
    void* arg_ = nullptr;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::thread> workers_;
};

// An exclusive loan of a shared pool; returns it on destruction.
class PoolLease {
public:
    explicit PoolLease(int n_workers);
    ~PoolLease();
    PoolLease(const PoolLease&) = delete;
    PoolLease& operator=(const PoolLease&) = delete;
    ThreadPool& pool() { return *pool_; }

private:
    std::unique_ptr<ThreadPool> pool_;
};

}  // namespace lugh::cpu
