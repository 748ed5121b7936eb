// The same workloads as simd_bench.cpp, but through the public ggml C API: one
// node built with ggml_add / ggml_soft_max / ggml_rms_norm / ggml_mul_mat and
// computed with ggml_graph_plan + ggml_graph_compute on 2 threads, so the
// figures include the executor and the thread pool. Reported like
// simd_bench.cpp, each iteration paired with its reference.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "bench_support.hpp"
#include "ggml-cpu.h"
#include "ggml.h"

namespace lugh::bench {
namespace {

void fill(ggml_tensor* t, uint32_t seed) {
    const int64_t n = ggml_nelements(t);
    for (int64_t i = 0; i < n; ++i) {
        const float v = static_cast<float>((static_cast<uint32_t>(i) * 2654435761u + seed) % 1000) * 0.002f - 1.0f;
        if (t->type == GGML_TYPE_F16)
            static_cast<ggml_fp16_t*>(t->data)[i] = ggml_fp32_to_fp16(v);
        else
            static_cast<float*>(t->data)[i] = v;
    }
}

// One-node graph over a context that owns the tensors; computed on kThreads.
struct OneNode {
    ggml_context* ctx;
    ggml_cgraph* graph = nullptr;
    std::vector<uint8_t> work;
    ggml_cplan plan{};
    explicit OneNode(size_t bytes) {
        ggml_init_params params = {bytes, nullptr, false};
        ctx = ggml_init(params);
    }
    ~OneNode() { ggml_free(ctx); }
    void build(ggml_tensor* out) {
        graph = ggml_new_graph(ctx);
        ggml_build_forward_expand(graph, out);
        plan = ggml_graph_plan(graph, kThreads, nullptr);
        work.resize(plan.work_size + 64);
        plan.work_data = work.data();
        compute();  // touch the result's pages and start the pool before timing
    }
    void compute() { ggml_graph_compute(graph, &plan); }
};

void BM_ggml_add_16M(benchmark::State& state) {
    const int64_t n = int64_t{16} << 20;
    OneNode g(3 * n * sizeof(float) + (4 << 20));
    ggml_tensor* a = ggml_new_tensor_1d(g.ctx, GGML_TYPE_F32, n);
    ggml_tensor* b = ggml_new_tensor_1d(g.ctx, GGML_TYPE_F32, n);
    fill(a, 1);
    fill(b, 2);
    g.build(ggml_add(g.ctx, a, b));
    bandwidth_vs_stream(state, 3.0 * n * sizeof(float), [&] { g.compute(); });
}
BENCHMARK(BM_ggml_add_16M)->UseManualTime()->Unit(benchmark::kMillisecond);

template <class MakeOp>
void rows_4096(benchmark::State& state, MakeOp make) {
    const int64_t n = 4096;
    OneNode g(2 * n * n * sizeof(float) + (4 << 20));
    ggml_tensor* a = ggml_new_tensor_2d(g.ctx, GGML_TYPE_F32, n, n);
    fill(a, 3);
    g.build(make(g.ctx, a));
    bandwidth_vs_stream(state, 2.0 * n * n * sizeof(float), [&] { g.compute(); });
}

void BM_ggml_soft_max_4096x4096(benchmark::State& state) {
    rows_4096(state, [](ggml_context* ctx, ggml_tensor* a) { return ggml_soft_max(ctx, a); });
}
BENCHMARK(BM_ggml_soft_max_4096x4096)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_ggml_rms_norm_4096x4096(benchmark::State& state) {
    rows_4096(state, [](ggml_context* ctx, ggml_tensor* a) { return ggml_rms_norm(ctx, a, 1e-6f); });
}
BENCHMARK(BM_ggml_rms_norm_4096x4096)->UseManualTime()->Unit(benchmark::kMillisecond);

// mul_mat of a [K, M] (type ta) by b [K, N] F32.
struct MulMat {
    OneNode g;
    double flops;
    MulMat(ggml_type ta, int64_t M, int64_t N, int64_t K)
        : g(static_cast<size_t>(M * K * 4 + N * K * 4 + M * N * 4) + (4 << 20)), flops(2.0 * M * N * K) {
        ggml_tensor* a = ggml_new_tensor_2d(g.ctx, ta, K, M);
        ggml_tensor* b = ggml_new_tensor_2d(g.ctx, GGML_TYPE_F32, K, N);
        fill(a, 4);
        fill(b, 5);
        g.build(ggml_mul_mat(g.ctx, a, b));
    }
};

void BM_ggml_mul_mat_f32_1024(benchmark::State& state) {
    MulMat mm(GGML_TYPE_F32, 1024, 1024, 1024);
    Paired paired;
    for (auto _ : state) {
        settle();  // both runs start from the same idle state
        const double ref = time_openblas_sgemm(1024);
        settle();
        const double t = time_once([&] { mm.g.compute(); });
        state.SetIterationTime(t);
        paired.add(t, ref);
    }
    state.counters["FLOPS"] = benchmark::Counter(mm.flops * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
    if (paired.best_ref > 0 && time_openblas_sgemm(1024) > 0)
        state.counters["ratio_vs_openblas"] = paired.ratio(mm.flops, mm.flops);
    else
        state.SetLabel("OpenBLAS absent: no ratio");
}
BENCHMARK(BM_ggml_mul_mat_f32_1024)->Iterations(15)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_ggml_mul_mat_f16_4096x512x4096(benchmark::State& state) {
    MulMat f16(GGML_TYPE_F16, 4096, 512, 4096);
    MulMat f32(GGML_TYPE_F32, 1024, 1024, 1024);
    Paired paired;
    for (auto _ : state) {
        const double ref = time_once([&] { f32.g.compute(); });
        const double ref_cpu = last_cpu_seconds_per_thread();
        const double t = time_once([&] { f16.g.compute(); });
        state.SetIterationTime(t);
        paired.add(t, ref);
        paired.add_cpu(last_cpu_seconds_per_thread(), ref_cpu);
    }
    state.counters["FLOPS"] = benchmark::Counter(f16.flops * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
    state.counters["ratio_vs_f32"] = paired.ratio(f16.flops, f32.flops);
    state.counters["ratio_vs_f32_cpu"] = paired.ratio_cpu(f16.flops, f32.flops);
}
BENCHMARK(BM_ggml_mul_mat_f16_4096x512x4096)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lugh::bench
