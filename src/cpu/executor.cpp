#include "cpu/executor.hpp"

#include <algorithm>
#include <atomic>
#include <vector>

#include "core/check.hpp"
#include "cpu/barrier.hpp"
#include "cpu/kernels.hpp"
#include "cpu/thread_pool.hpp"

namespace lugh::cpu {

namespace {

size_t round64(size_t n) { return (n + 63) & ~size_t{63}; }

struct Step {
    ggml_tensor* node;
    int n_tasks;            // 1: thread 0 alone; else threads 0..n_tasks-1
    bool barrier_before;    // wait for every thread before starting this step
};

struct Run {
    const Step* steps = nullptr;
    size_t n_steps = 0;
    Barrier* barrier = nullptr;
    char* work = nullptr;           // 64-byte aligned
    size_t work_per_thread = 0;
    ErrorSink errors;
    std::atomic<bool> aborted{false};
    ggml_abort_callback abort_callback = nullptr;
    void* abort_callback_data = nullptr;
};

void run_steps(void* arg, int ith) {
    Run& run = *static_cast<Run*>(arg);
    KernelArgs args;
    args.work = run.work + static_cast<size_t>(ith) * run.work_per_thread;
    args.work_size = run.work_per_thread;
    args.errors = &run.errors;
    for (size_t i = 0; i < run.n_steps; ++i) {
        const Step& s = run.steps[i];
        if (s.barrier_before) run.barrier->wait();
        if (run.errors.failed.load(std::memory_order_relaxed) || run.aborted.load(std::memory_order_relaxed)) continue;
        if (s.n_tasks == 1) {
            if (ith != 0) continue;
            args.ith = 0;
            args.nth = 1;
        } else {
            if (ith >= s.n_tasks) continue;   // a custom node may ask for fewer threads than the run has
            args.ith = ith;
            args.nth = s.n_tasks;
        }
        run_kernel(s.node, args);
        if (ith == 0 && run.abort_callback && run.abort_callback(run.abort_callback_data))
            run.aborted.store(true, std::memory_order_relaxed);
    }
}

size_t per_thread_bytes(ggml_tensor* const* nodes, int n_nodes, int n_threads) {
    size_t per_thread = 0;
    for (int i = 0; i < n_nodes; ++i) {
        if (n_tasks(nodes[i], n_threads) == 0) continue;
        per_thread = std::max(per_thread, round64(work_bytes_per_thread(nodes[i])));
    }
    return per_thread;
}

}  // namespace

void require_thread_count(int n_threads, const char* caller) {
    if (n_threads < 1 || n_threads > kMaxThreads)
        core::fail("lugh: %s: n_threads must be 1..%d, got %d", caller, kMaxThreads, n_threads);
}

size_t work_size(ggml_tensor* const* nodes, int n_nodes, int n_threads) {
    const size_t per_thread = per_thread_bytes(nodes, n_nodes, n_threads);
    // Room to align the buffer to 64 bytes.
    return per_thread ? per_thread * static_cast<size_t>(n_threads) + 64 : 0;
}

ComputeResult run_nodes(ggml_tensor* const* nodes, int n_nodes, const RunOptions& opt, const char* caller) {
    require_thread_count(opt.n_threads, caller);
    std::vector<Step> steps;
    steps.reserve(static_cast<size_t>(n_nodes));
    int widest = 1;
    for (int i = 0; i < n_nodes; ++i) {
        const int n = n_tasks(nodes[i], opt.n_threads);
        if (n == 0) continue;
        const bool prev_alone = steps.empty() || steps.back().n_tasks == 1;
        steps.push_back({nodes[i], n, !steps.empty() && !(prev_alone && n == 1)});
        widest = std::max(widest, n);
    }

    Run run;
    run.steps = steps.data();
    run.n_steps = steps.size();
    run.abort_callback = opt.abort_callback;
    run.abort_callback_data = opt.abort_callback_data;
    const size_t per_thread = per_thread_bytes(nodes, n_nodes, opt.n_threads);
    if (per_thread > 0) {
        const uintptr_t base = reinterpret_cast<uintptr_t>(opt.work);
        run.work = reinterpret_cast<char*>((base + 63) & ~uintptr_t{63});
        run.work_per_thread = per_thread;
    }
    // Only as many threads as the widest step uses: a graph of tiny nodes
    // never wakes the pool.
    Barrier barrier(widest);
    run.barrier = &barrier;
    if (widest == 1) {
        run_steps(&run, 0);
    } else {
        PoolLease lease(widest - 1);
        lease.pool().run(widest, run_steps, &run);
    }

    ComputeResult result;
    if (run.errors.failed.load(std::memory_order_acquire)) {
        result.status = GGML_STATUS_FAILED;
        result.message = run.errors.message;
    } else if (run.aborted.load(std::memory_order_acquire)) {
        result.status = GGML_STATUS_ABORTED;
        result.message = std::string("lugh: ") + caller + ": aborted by the abort callback";
    }
    return result;
}

}  // namespace lugh::cpu
