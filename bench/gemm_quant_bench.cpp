// Prompt processing: mul_mat of weights by N = 64 and 512 rows of
// activations, the products of a TinyLlama-1.1B-shaped model's feed-forward
// (M = 5632 rows of weights, K = 2048), through the public graph API on 2
// threads, for Q4_0, Q8_0, F16 and F32 weights. Each iteration times the
// product and OpenBLAS sgemm of the same shape back to back (after a pause:
// OpenBLAS's idle workers spin), so both see the same machine.
// Counters: GFLOP/s (2 M N K per product, best iteration); ratio_vs_openblas
// (best against best); and ratio_vs_llamacpp: GFLOP/s over the rate that
// llama.cpp's prompt speed on that model implies, 2 x 0.969e9 matrix
// weights x tokens/s, with the tokens/s measured on this machine type for
// a 64-token prompt on 2 threads (docs/weights.md): Q4_0 130, Q8_0 98,
// F16 91 (F32: F16's figure). The implied rate leaves out attention and the
// other ops, so it understates what llama.cpp's matrix products reach.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "bench_support.hpp"
#include "lugh/ggml/ggml-cpu.h"
#include "lugh/ggml/ggml.h"

namespace {

constexpr int64_t kK = 2048, kM = 5632;
constexpr double kMatrixWeights = 0.969e9;   // TinyLlama-1.1B's mul_mat weights, output layer aside

// 0 when no figure was measured for the type.
double llamacpp_tokens_per_second(ggml_type type) {
    switch (type) {
        case GGML_TYPE_Q4_0: return 130;
        case GGML_TYPE_Q8_0: return 98;
        case GGML_TYPE_F16:
        case GGML_TYPE_F32: return 91;
        default: return 0;
    }
}

void BM_PromptGemm(benchmark::State& state, ggml_type type) {
    const int64_t N = state.range(0);
    const size_t wbytes = ggml_row_size(type, kK) * kM;
    ggml_context* ctx = ggml_init({wbytes + static_cast<size_t>(N * (kK + kM)) * 4 + (size_t(16) << 20), nullptr, false});
    ggml_tensor* a = ggml_new_tensor_2d(ctx, type, kK, kM);
    ggml_tensor* b = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, kK, N);
    {
        // 256 distinct rows (the K-quants' reference quantizers are slow),
        // repeated down the matrix: the speed does not depend on the values.
        constexpr int64_t kDistinct = 256;
        std::vector<float> rows(static_cast<size_t>(kK * kDistinct));
        lugh::bench::fill_uniform(rows.data(), rows.size(), 1, 0.05f);
        ggml_quantize_chunk(type, rows.data(), a->data, 0, kDistinct, kK, nullptr);
        for (int64_t r = kDistinct; r < kM; r += kDistinct)
            std::memcpy(static_cast<char*>(a->data) + r * a->nb[1], a->data,
                        static_cast<size_t>(std::min(kDistinct, kM - r)) * a->nb[1]);
        lugh::bench::fill_uniform(static_cast<float*>(b->data), static_cast<size_t>(kK * N), 7, 0.05f);
    }
    ggml_tensor* c = ggml_mul_mat(ctx, a, b);
    ggml_cgraph* g = ggml_new_graph(ctx);
    ggml_build_forward_expand(g, c);
    ggml_cplan plan = ggml_graph_plan(g, lugh::bench::kThreads, nullptr);
    std::vector<uint8_t> work(plan.work_size + 64);
    plan.work_data = work.data();
    ggml_graph_compute(g, &plan);   // warm up the pool and the caches

    lugh::bench::Paired paired;
    for (auto _ : state) {
        lugh::bench::settle();
        const double ref = lugh::bench::time_openblas_sgemm_shape(static_cast<int>(kM), static_cast<int>(N), static_cast<int>(kK));
        lugh::bench::settle();
        const double t = lugh::bench::time_once([&] { ggml_graph_compute(g, &plan); });
        state.SetIterationTime(t);
        paired.add(t, ref > 0 ? ref : t);
    }
    const double flop = 2.0 * static_cast<double>(kM) * static_cast<double>(N) * static_cast<double>(kK);
    const double gflops = flop / paired.best_op / 1e9;
    state.counters["GFLOPs"] = gflops;
    state.counters["ratio_vs_openblas"] = paired.best_ref / paired.best_op;
    if (llamacpp_tokens_per_second(type) > 0)
        state.counters["ratio_vs_llamacpp"] = gflops * 1e9 / (2.0 * kMatrixWeights * llamacpp_tokens_per_second(type));
    ggml_free(ctx);
}

}  // namespace

BENCHMARK_CAPTURE(BM_PromptGemm, q4_0, GGML_TYPE_Q4_0)->Arg(64)->Arg(512)->UseManualTime()->Iterations(8)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PromptGemm, q4_k, GGML_TYPE_Q4_K)->Arg(64)->Arg(512)->UseManualTime()->Iterations(8)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PromptGemm, q6_k, GGML_TYPE_Q6_K)->Arg(64)->Arg(512)->UseManualTime()->Iterations(8)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PromptGemm, q8_0, GGML_TYPE_Q8_0)->Arg(64)->Arg(512)->UseManualTime()->Iterations(8)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PromptGemm, f16, GGML_TYPE_F16)->Arg(64)->Arg(512)->UseManualTime()->Iterations(8)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PromptGemm, f32, GGML_TYPE_F32)->Arg(64)->Arg(512)->UseManualTime()->Iterations(8)->Unit(benchmark::kMillisecond);
