// Core benchmarks: tensor creation in a metadata-only context, and context
// create/free.
//
// Method for the per-tensor figure: every benchmark iteration makes a FRESH
// no_alloc context sized for one batch (kBatch records), creates kBatch
// tensors in it and frees it, all inside the timed region. So the figure
// includes the first touch of every arena page (the page faults a real
// program pays) and the context's own create/free cost spread over the
// batch. "per_tensor" is wall time / tensors created.
//
// Reference in the same run: BM_Reference_TouchFreshRecords writes the same
// number of 256-byte records into freshly mapped memory with memset, the
// floor any arena-based design pays for metadata of this size. The ratio
// per_tensor(Lugh) / per_tensor(reference) is what to compare across
// machines; the goal is <= 100 ns per tensor (ggml: 213 ns here).
#include <benchmark/benchmark.h>
#include <sys/mman.h>

#include <cstring>

#include "lugh/ggml/ggml.h"

namespace {

constexpr int kBatch = 4096;

void report_per_tensor(benchmark::State& state) {
    state.SetItemsProcessed(state.iterations() * kBatch);
    // Seconds per tensor (printed with an SI prefix, e.g. "48.2ns"), from
    // real time because the benchmarks are registered with UseRealTime().
    state.counters["per_tensor"] = benchmark::Counter(
        static_cast<double>(kBatch), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_TensorCreate_NoAlloc_FreshContext(benchmark::State& state) {
    const ggml_init_params params = {kBatch * ggml_tensor_overhead(), nullptr, true};
    for (auto _ : state) {
        ggml_context* ctx = ggml_init(params);
        for (int i = 0; i < kBatch; ++i) {
            ggml_tensor* t = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 4096, 4096);
            benchmark::DoNotOptimize(t);
        }
        ggml_free(ctx);
    }
    report_per_tensor(state);
}
BENCHMARK(BM_TensorCreate_NoAlloc_FreshContext)->UseRealTime();

// The same loop in one context that is reset between batches: the pages are
// already touched, so this is the bookkeeping cost alone.
void BM_TensorCreate_NoAlloc_WarmContext(benchmark::State& state) {
    const ggml_init_params params = {kBatch * ggml_tensor_overhead(), nullptr, true};
    ggml_context* ctx = ggml_init(params);
    for (auto _ : state) {
        for (int i = 0; i < kBatch; ++i) {
            ggml_tensor* t = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 4096, 4096);
            benchmark::DoNotOptimize(t);
        }
        ggml_reset(ctx);
    }
    ggml_free(ctx);
    report_per_tensor(state);
}
BENCHMARK(BM_TensorCreate_NoAlloc_WarmContext)->UseRealTime();

// Reference: map fresh memory, write kBatch zeroed 256-byte records, unmap.
void BM_Reference_TouchFreshRecords(benchmark::State& state) {
    const size_t bytes = kBatch * sizeof(ggml_tensor);
    for (auto _ : state) {
        void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            state.SkipWithError("mmap failed");
            break;
        }
        auto* records = static_cast<unsigned char*>(p);
        for (int i = 0; i < kBatch; ++i) {
            std::memset(records + i * sizeof(ggml_tensor), 0, sizeof(ggml_tensor));
            benchmark::ClobberMemory();
        }
        munmap(p, bytes);
    }
    report_per_tensor(state);
}
BENCHMARK(BM_Reference_TouchFreshRecords)->UseRealTime();

// ggml_init + ggml_free of an empty context; arg = arena bytes.
void BM_ContextCreateFree(benchmark::State& state) {
    const ggml_init_params params = {static_cast<size_t>(state.range(0)), nullptr, true};
    for (auto _ : state) {
        ggml_context* ctx = ggml_init(params);
        benchmark::DoNotOptimize(ctx);
        ggml_free(ctx);
    }
}
BENCHMARK(BM_ContextCreateFree)->Arg(4096)->Arg(1 << 20)->Arg(64 << 20);

// ggml_init + ggml_free over a caller's buffer: registry and bookkeeping only.
void BM_ContextCreateFree_CallerBuffer(benchmark::State& state) {
    static unsigned char buffer[1 << 16];
    const ggml_init_params params = {sizeof buffer, buffer, true};
    for (auto _ : state) {
        ggml_context* ctx = ggml_init(params);
        benchmark::DoNotOptimize(ctx);
        ggml_free(ctx);
    }
}
BENCHMARK(BM_ContextCreateFree_CallerBuffer);

}  // namespace
