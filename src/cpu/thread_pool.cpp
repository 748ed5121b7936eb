#include "cpu/thread_pool.hpp"

#include "cpu/spin.hpp"

namespace lugh::cpu {

namespace {
constexpr int kWorkerSpins = 4096;    // a few microseconds of PAUSE...
constexpr int kWorkerYields = 64;     // ...then some yields, then sleep
constexpr uint64_t kNthMask = 0xffff;
}  // namespace

ThreadPool::ThreadPool(int n_workers) {
    workers_.reserve(static_cast<size_t>(n_workers));
    for (int i = 1; i <= n_workers; ++i) workers_.emplace_back([this, i] { worker_main(i); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_.store(true, std::memory_order_release);
        ticket_.fetch_add(uint64_t{1} << 16, std::memory_order_release);
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
}

uint64_t ThreadPool::wait_for_ticket(uint64_t seen_epoch) {
    for (int i = 0; i < kWorkerSpins; ++i) {
        const uint64_t t = ticket_.load(std::memory_order_acquire);
        if ((t >> 16) != seen_epoch) return t;
        cpu_relax();
    }
    for (int i = 0; i < kWorkerYields; ++i) {
        const uint64_t t = ticket_.load(std::memory_order_acquire);
        if ((t >> 16) != seen_epoch) return t;
        std::this_thread::yield();
    }
    std::unique_lock<std::mutex> lock(mutex_);
    uint64_t t = 0;
    wake_.wait(lock, [&] {
        t = ticket_.load(std::memory_order_acquire);
        return (t >> 16) != seen_epoch;
    });
    return t;
}

void ThreadPool::worker_main(int index) {
    uint64_t seen_epoch = 0;
    for (;;) {
        const uint64_t t = wait_for_ticket(seen_epoch);
        if (stop_.load(std::memory_order_acquire)) return;
        seen_epoch = t >> 16;
        const int nth = static_cast<int>(t & kNthMask);
        if (index >= nth) continue;   // not part of this job: touch nothing of it
        job_(arg_, index);
        pending_.fetch_sub(1, std::memory_order_release);
    }
}

void ThreadPool::run(int nth, Job job, void* arg) {
    if (nth <= 1) {
        job(arg, 0);
        return;
    }
    job_ = job;
    arg_ = arg;
    pending_.store(nth - 1, std::memory_order_relaxed);
    {
        // Under the mutex so a worker about to sleep cannot miss the new ticket.
        std::lock_guard<std::mutex> lock(mutex_);
        const uint64_t epoch = (ticket_.load(std::memory_order_relaxed) >> 16) + 1;
        ticket_.store(epoch << 16 | static_cast<uint64_t>(nth), std::memory_order_release);
    }
    wake_.notify_all();
    job(arg, 0);
    Backoff backoff;
    while (pending_.load(std::memory_order_acquire) != 0) backoff.pause();
}

// ---- the shared pools -------------------------------------------------------

namespace {

struct PoolCache {
    std::mutex mutex;
    std::vector<std::unique_ptr<ThreadPool>> idle;
};

PoolCache& cache() {
    static PoolCache c;   // destroyed at exit: joins the idle workers
    return c;
}

constexpr size_t kMaxIdlePools = 4;

}  // namespace

PoolLease::PoolLease(int n_workers) {
    std::unique_ptr<ThreadPool> too_small;
    {
        PoolCache& c = cache();
        std::lock_guard<std::mutex> lock(c.mutex);
        for (size_t i = 0; i < c.idle.size(); ++i) {
            if (c.idle[i]->n_workers() >= n_workers) {
                pool_ = std::move(c.idle[i]);
                c.idle.erase(c.idle.begin() + static_cast<std::ptrdiff_t>(i));
                return;
            }
        }
        if (!c.idle.empty()) {   // retire one too-small pool for a bigger one
            too_small = std::move(c.idle.back());
            c.idle.pop_back();
        }
    }
    too_small.reset();
    pool_ = std::make_unique<ThreadPool>(n_workers);
}

PoolLease::~PoolLease() {
    std::unique_ptr<ThreadPool> extra;
    PoolCache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    c.idle.push_back(std::move(pool_));
    if (c.idle.size() > kMaxIdlePools) {
        extra = std::move(c.idle.front());
        c.idle.erase(c.idle.begin());
    }
}

}  // namespace lugh::cpu
