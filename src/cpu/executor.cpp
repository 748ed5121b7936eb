#include "cpu/executor.hpp"

#include <algorithm>
#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <vector>

#include "core/check.hpp"
#include "cpu/barrier.hpp"
#include "cpu/kernels.hpp"
#include "cpu/thread_pool.hpp"
#include "graph/cgraph.hpp"

namespace lugh::cpu {

namespace {

size_t round64(size_t n) { return (n + 63) & ~size_t{63}; }

struct Step {
    ggml_tensor* node;
    int n_tasks;            // 1: thread 0 alone; else every thread
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
            args.ith = ith;
            args.nth = s.n_tasks;
        }
        run_kernel(s.node, args);
        if (ith == 0 && run.abort_callback && run.abort_callback(run.abort_callback_data))
            run.aborted.store(true, std::memory_order_relaxed);
    }
}

// A view made before its source had data points nowhere yet: point it now.
void resolve_view(ggml_tensor* t) {
    if (!t->data && t->view_src && t->view_src->data) t->data = static_cast<char*>(t->view_src->data) + t->view_offs;
}

bool missing_data(const ggml_tensor* t) { return !t->data && ggml_nelements(t) > 0; }

}  // namespace

size_t plan_work_size(const ggml_cgraph* g, int n_threads) {
    size_t per_thread = 0;
    for (int i = 0; i < g->n_nodes; ++i) {
        const ggml_tensor* node = g->nodes[i];
        if (n_tasks(node, n_threads) == 0) continue;
        per_thread = std::max(per_thread, round64(work_bytes_per_thread(node)));
    }
    // Room to align the caller's buffer to 64 bytes.
    return per_thread ? per_thread * static_cast<size_t>(n_threads) + 64 : 0;
}

ComputeResult compute_graph(ggml_cgraph* g, const ComputeOptions& opt, const char* caller) {
    if (!g) core::fail("lugh: %s: graph is NULL", caller);
    if (opt.n_threads < 1 || opt.n_threads > kMaxThreads)
        core::fail("lugh: %s: n_threads must be 1..%d, got %d", caller, kMaxThreads, opt.n_threads);
    const size_t need = plan_work_size(g, opt.n_threads);
    if (need > 0 && (!opt.work || opt.work_size < need))
        core::fail("lugh: %s: the graph needs a work buffer of %zu bytes for %d threads, but %s%zu bytes were given "
                   "(use ggml_graph_plan's work_size)",
                   caller, need, opt.n_threads, opt.work ? "" : "a NULL buffer of ", opt.work_size);

    ComputeResult result;
    // Every tensor the graph reads or writes needs memory before anything runs.
    for (int i = 0; i < g->n_leafs + g->n_nodes; ++i) {
        const bool leaf = i < g->n_leafs;
        ggml_tensor* t = leaf ? g->leafs[i] : g->nodes[i - g->n_leafs];
        resolve_view(t);
        if (missing_data(t)) {
            char msg[512];
            std::snprintf(msg, sizeof msg,
                          "lugh: %s: %s %d '%s' (%s) has no data: it belongs to a no_alloc context and no buffer "
                          "holds it (allocate it, e.g. with ggml_backend_alloc_ctx_tensors or ggml_gallocr)",
                          caller, leaf ? "leaf" : "node", leaf ? i : i - g->n_leafs, t->name, ggml_op_name(t->op));
            result.status = GGML_STATUS_FAILED;
            result.message = msg;
            return result;
        }
    }

    std::vector<Step> steps;
    steps.reserve(static_cast<size_t>(g->n_nodes));
    int widest = 1;
    for (int i = 0; i < g->n_nodes; ++i) {
        const int n = n_tasks(g->nodes[i], opt.n_threads);
        if (n == 0) continue;
        const bool prev_alone = steps.empty() || steps.back().n_tasks == 1;
        steps.push_back({g->nodes[i], n, !steps.empty() && !(prev_alone && n == 1)});
        widest = std::max(widest, n);
    }

    Run run;
    run.steps = steps.data();
    run.n_steps = steps.size();
    run.abort_callback = opt.abort_callback;
    run.abort_callback_data = opt.abort_callback_data;
    if (need > 0) {
        const uintptr_t base = reinterpret_cast<uintptr_t>(opt.work);
        run.work = reinterpret_cast<char*>((base + 63) & ~uintptr_t{63});
        run.work_per_thread = (need - 64) / static_cast<size_t>(opt.n_threads);
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
