// The row-dot kernels behind quantized and half mul_mat, one thread, without
// the graph around them: every runnable kernel set (scalar, avx2,
// avx512vnni) on 64 weight rows of K = 4096 that stay in L2 ("in cache":
// what the arithmetic costs), and the best set over a whole 4096 x 14336
// matrix streamed from memory ("stream": what one core gets of the memory;
// F16 also against the activations rounded to F16, as mul_mat does by default).
// Counters: ns per block of 32 weights and weight GB/s; the stream variant
// also reports its ratio to one thread reading as many bytes in the same
// iterations.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "lugh/ggml/ggml.h"
#include "quant/dot.hpp"

namespace {

constexpr int64_t kK = 4096;

// Cheap reproducible values in [-1, 1).
void fill(float* x, size_t n, uint64_t seed) {
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    for (size_t i = 0; i < n; ++i) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        x[i] = static_cast<float>(s >> 40) / 8388608.0f - 1.0f;
    }
}

// Weights of `rows` rows of kK in `type`, and one activation row prepared
// for every kernel (Q8_0 blocks, their side data, and the F32 row).
struct Operands {
    Operands(ggml_type type, int64_t rows) : row_bytes(ggml_row_size(type, kK)) {
        weights.resize(row_bytes * static_cast<size_t>(rows));
        std::vector<float> tmp(static_cast<size_t>(kK) * 64);
        for (int64_t r = 0; r < rows; r += 64) {
            const int64_t n = std::min<int64_t>(64, rows - r);
            fill(tmp.data(), tmp.size(), static_cast<uint64_t>(r + 1));
            ggml_quantize_chunk(type, tmp.data(), weights.data() + r * row_bytes, 0, n, kK, nullptr);
        }
        x.resize(kK);
        fill(x.data(), x.size(), 12345);
        for (float v : x) xh.push_back(ggml_fp32_to_fp16(v));
        q8.resize(ggml_row_size(GGML_TYPE_Q8_0, kK));
        ggml_quantize_chunk(GGML_TYPE_Q8_0, x.data(), q8.data(), 0, 1, kK, nullptr);
        scale.resize(kK / 32);
        offset.resize(kK / 32);
        groups.resize(static_cast<size_t>(lugh::quant::activation_groups(kK)));
        lugh::quant::prepare_activation(q8.data(), kK, scale.data(), offset.data(), groups.data());
    }
    lugh::quant::ActivationRow act() const { return {q8.data(), scale.data(), offset.data(), groups.data()}; }

    // out[r] for rows [r0, r1) with the set's kernel for `type` (F16 weights:
    // against the F32 row, or with half_x against the row rounded to F16).
    void dot_rows(const lugh::quant::DotKernels& k, ggml_type type, int64_t r0, int64_t r1, float* out,
                  bool half_x = false) const {
        const char* w = reinterpret_cast<const char*>(weights.data());
        if (type == GGML_TYPE_Q4_0) {
            k.q4_0_act_rows(kK, w + r0 * row_bytes, row_bytes, r1 - r0, act(), out + r0);
            return;
        }
        for (int64_t r = r0; r < r1; ++r) {
            const char* row = w + r * row_bytes;
            switch (type) {
                case GGML_TYPE_Q8_0: out[r] = k.q8_0_q8_0(kK, row, q8.data()); break;
                case GGML_TYPE_F16: out[r] = half_x ? k.f16_f16(kK, row, xh.data()) : k.f16(kK, row, x.data()); break;
                case GGML_TYPE_BF16: out[r] = k.bf16(kK, row, x.data()); break;
                default: out[r] = k.f32(kK, row, x.data()); break;
            }
        }
    }

    size_t row_bytes;
    std::vector<unsigned char> weights, q8;
    std::vector<float> x, scale;
    std::vector<uint16_t> xh;
    std::vector<int32_t> offset;
    std::vector<lugh::quant::ActivationGroup> groups;
};

void report(benchmark::State& state, double bytes, double blocks, double seconds) {
    state.counters["ns_per_block"] = 1e9 * seconds / blocks;
    state.counters["weight_GBps"] = bytes / seconds / 1e9;
}

void BM_DotInCache(benchmark::State& state, ggml_type type) {
    constexpr int64_t kRows = 64;
    const auto sets = lugh::quant::runnable_dot_kernels();
    const size_t which = static_cast<size_t>(state.range(0));
    if (which >= sets.size()) {
        state.SkipWithError("kernel set not runnable on this CPU");
        return;
    }
    const auto& k = sets[which];
    const Operands op(type, kRows);
    std::vector<float> out(kRows);
    double seconds = 0;
    int64_t passes = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        for (int rep = 0; rep < 16; ++rep) op.dot_rows(k, type, 0, kRows, out.data());
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        benchmark::DoNotOptimize(out.data());
        passes += 16;
    }
    const double rows = static_cast<double>(passes) * kRows;
    report(state, rows * static_cast<double>(op.row_bytes), rows * (kK / 32), seconds);
    state.SetLabel(k.name);
}

// One thread summing `bytes` of floats (the stream reference).
double read_seconds(const float* p, size_t n) {
    const auto t0 = std::chrono::steady_clock::now();
    // 16 independent sums: the compiler keeps them in vector registers.
    float acc[16] = {};
    for (size_t i = 0; i + 16 <= n; i += 16)
        for (int j = 0; j < 16; ++j) acc[j] += p[i + j];
    float s = 0;
    for (float v : acc) s += v;
    benchmark::DoNotOptimize(s);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void BM_DotStream(benchmark::State& state, ggml_type type, bool half_x) {
    constexpr int64_t kRows = 14336;
    const auto& k = lugh::quant::dot_kernels();
    const Operands op(type, kRows);
    const size_t bytes = op.weights.size();
    // Reference buffer: a fresh slice per iteration from 256 MiB.
    const size_t slice = bytes / sizeof(float), total = std::max(slice * 2, size_t(64) << 20);
    std::vector<float> probe(total, 1.0f);
    size_t at = 0;
    std::vector<float> out(kRows);
    double seconds = 0, read = 0;
    int64_t passes = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        op.dot_rows(k, type, 0, kRows, out.data(), half_x);
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        benchmark::DoNotOptimize(out.data());
        if (at + slice > total) at = 0;
        read += read_seconds(probe.data() + at, slice);
        at += slice;
        ++passes;
    }
    const double n = static_cast<double>(passes);
    report(state, n * static_cast<double>(bytes), n * kRows * (kK / 32), seconds);
    state.counters["ratio_vs_read"] = read / seconds;
    state.SetLabel(k.name);
}

}  // namespace

// Argument: index into runnable_dot_kernels() (0 scalar, 1 avx2, 2 avx512vnni).
BENCHMARK_CAPTURE(BM_DotInCache, q4_0, GGML_TYPE_Q4_0)->DenseRange(0, 2)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, q8_0, GGML_TYPE_Q8_0)->DenseRange(0, 2)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, f16, GGML_TYPE_F16)->DenseRange(0, 2)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotInCache, f32, GGML_TYPE_F32)->DenseRange(0, 2)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_DotStream, q4_0, GGML_TYPE_Q4_0, false)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_DotStream, q8_0, GGML_TYPE_Q8_0, false)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_DotStream, f16, GGML_TYPE_F16, false)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK_CAPTURE(BM_DotStream, f32, GGML_TYPE_F32, false)->Unit(benchmark::kMillisecond)->MinTime(1.0);
// F16 weights against the activation row rounded to F16 (GGML_PREC_DEFAULT's matrix-vector path).
BENCHMARK_CAPTURE(BM_DotStream, f16_half_x, GGML_TYPE_F16, true)->Unit(benchmark::kMillisecond)->MinTime(1.0);
