// Weights benchmarks:
//  - quantizing and dequantizing rows (every block type), as bytes of F32 per second
//    and as a ratio to memcpy of the same F32 data in the same run;
//  - loading a GGUF file with mmap: a 1 MiB and a 4 GiB file with the same 64
//    tensors, timed in the same iterations; large_over_small near 1 means the
//    cost does not grow with the file's size.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "lugh/ggml/ggml.h"
#include "lugh/ggml/gguf.h"
#include "lugh/gguf.hpp"

namespace {

std::vector<float> random_floats(size_t n) {
    std::mt19937 rng(42);
    std::normal_distribution<float> d(0.0f, 1.0f);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

double seconds_of_memcpy(const std::vector<float>& src, std::vector<float>& dst, int reps) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r) {
        std::memcpy(dst.data(), src.data(), src.size() * 4);
        benchmark::ClobberMemory();
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps;
}

void BM_QuantizeRows(benchmark::State& state, ggml_type type, bool back) {
    const int64_t n_per_row = 4096, nrows = 256;   // 4 MiB of F32
    const auto src = random_floats(static_cast<size_t>(n_per_row * nrows));
    std::vector<float> out(src.size());
    std::vector<unsigned char> q(ggml_row_size(type, n_per_row) * nrows);
    ggml_quantize_chunk(type, src.data(), q.data(), 0, nrows, n_per_row, nullptr);
    const auto* traits = ggml_get_type_traits(type);
    double total = 0;
    int64_t iters = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        if (back) traits->to_float(q.data(), out.data(), n_per_row * nrows);
        else ggml_quantize_chunk(type, src.data(), q.data(), 0, nrows, n_per_row, nullptr);
        benchmark::ClobberMemory();
        total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++iters;
    }
    const double per = total / static_cast<double>(iters);
    const double copy = seconds_of_memcpy(src, out, 20);
    state.SetBytesProcessed(iters * static_cast<int64_t>(src.size() * 4));
    state.counters["ratio_vs_memcpy"] = copy / per;   // 1.0 = as fast as copying the floats
}

// A GGUF file of 64 F32 tensors of `floats_each` elements; the data section is
// left sparse (a hole), since mmap loading must not read it.
std::string make_sparse_file(const std::string& stem, int64_t floats_each) {
    const std::string path = "/tmp/lugh_bench_" + stem + "_" + std::to_string(getpid()) + ".gguf";
    lugh::gguf::Writer w;
    w.set_string("general.name", stem);
    for (int i = 0; i < 64; ++i)
        w.add_tensor("blk." + std::to_string(i) + ".weight", lugh::Type::F32, {floats_each}, nullptr);
    w.write(path, true);
    const lugh::gguf::File meta_only(path);   // where the data section starts
    const off_t size = static_cast<off_t>(meta_only.data_offset()) + static_cast<off_t>(64 * floats_each * 4);
    if (truncate(path.c_str(), size) != 0) return "";
    return path;
}

double load_seconds(const std::string& path) {
    const auto t0 = std::chrono::steady_clock::now();
    ggml_context* weights = nullptr;
    gguf_context* g = lugh_gguf_init_from_file_mmap(path.c_str(), &weights);
    benchmark::DoNotOptimize(ggml_get_first_tensor(weights)->data);
    gguf_free(g);
    ggml_free(weights);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void BM_GgufMmapLoad(benchmark::State& state) {
    const std::string small = make_sparse_file("small", 4096);              // 64 x 16 KiB = 1 MiB
    const std::string large = make_sparse_file("large", int64_t(16) << 20);  // 64 x 64 MiB = 4 GiB
    if (small.empty() || large.empty()) {
        state.SkipWithError("cannot create the sparse test files");
        return;
    }
    double t_small = 0, t_large = 0;
    int64_t iters = 0;
    for (auto _ : state) {
        t_small += load_seconds(small);
        t_large += load_seconds(large);
        ++iters;
    }
    state.counters["small_us"] = 1e6 * t_small / static_cast<double>(iters);
    state.counters["large_us"] = 1e6 * t_large / static_cast<double>(iters);
    state.counters["large_over_small"] = t_large / t_small;
    std::remove(small.c_str());
    std::remove(large.c_str());
}

}  // namespace

BENCHMARK_CAPTURE(BM_QuantizeRows, q8_0_quantize, GGML_TYPE_Q8_0, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q8_0_dequantize, GGML_TYPE_Q8_0, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q4_0_quantize, GGML_TYPE_Q4_0, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q4_0_dequantize, GGML_TYPE_Q4_0, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q4_1_quantize, GGML_TYPE_Q4_1, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q4_1_dequantize, GGML_TYPE_Q4_1, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q5_0_quantize, GGML_TYPE_Q5_0, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q5_0_dequantize, GGML_TYPE_Q5_0, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q5_1_quantize, GGML_TYPE_Q5_1, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q5_1_dequantize, GGML_TYPE_Q5_1, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q2_k_quantize, GGML_TYPE_Q2_K, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q2_k_dequantize, GGML_TYPE_Q2_K, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q3_k_quantize, GGML_TYPE_Q3_K, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q3_k_dequantize, GGML_TYPE_Q3_K, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q4_k_quantize, GGML_TYPE_Q4_K, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q4_k_dequantize, GGML_TYPE_Q4_K, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q5_k_quantize, GGML_TYPE_Q5_K, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q5_k_dequantize, GGML_TYPE_Q5_K, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q6_k_quantize, GGML_TYPE_Q6_K, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q6_k_dequantize, GGML_TYPE_Q6_K, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q8_k_quantize, GGML_TYPE_Q8_K, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, q8_k_dequantize, GGML_TYPE_Q8_K, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, iq4_nl_quantize, GGML_TYPE_IQ4_NL, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, iq4_nl_dequantize, GGML_TYPE_IQ4_NL, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, iq4_xs_quantize, GGML_TYPE_IQ4_XS, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_QuantizeRows, iq4_xs_dequantize, GGML_TYPE_IQ4_XS, true)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GgufMmapLoad)->Unit(benchmark::kMicrosecond);
