// The inference engine: load time against file size, a TinyLlama-shaped
// model's generation against memory bandwidth, the cost per token of a tiny
// model (graph reuse, thread wake-up, sampling: the engine's overhead), and
// the sampler against sorting the vocabulary. The models are synthetic
// (lugh::write_synth_model) with zero weights in a sparse file: a 2 GB model
// costs no disk and no time to write, and the kernels take the same time on
// zeros as on any other values. The comparison with llama.cpp is
// bench/llamacpp/compare.mjs (make bench-llamacpp).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <string>

#include <lugh/lugh.hpp>

#include "bench_support.hpp"

namespace {

using namespace lugh::bench;

// A zero-weight model of preset `preset` and type, written once per run into /tmp.
std::string zero_model(const std::string& name, lugh::SynthSpec spec) {
    static std::map<std::string, std::string> made;
    auto it = made.find(name);
    if (it != made.end()) return it->second;
    const std::string path = "/tmp/lugh-bench-" + std::to_string(getpid()) + "-" + name + ".gguf";
    spec.zero_weights = true;
    lugh::write_synth_model(spec, path);
    std::atexit([] {
        for (const auto& [n, p] : made) std::remove(p.c_str());
    });
    return made[name] = path;
}

lugh::SynthSpec tinyllama(lugh::Type type) {
    lugh::SynthSpec s = lugh::synth_preset("tinyllama");
    s.type = type;
    return s;
}

// Loading (mmap) a 2.2 GB TinyLlama F16 against a model of the same layers,
// vocabulary and tensor count but 64 wide (about 20 MB, mostly the vocabulary):
// ratio_big_vs_small near 1 means the load time does not grow with the weights.
void BM_LlmLoadTimeVsFileSize(benchmark::State& state) {
    lugh::SynthSpec narrow = tinyllama(lugh::Type::F16);
    narrow.n_embd = 64, narrow.n_head = 4, narrow.n_head_kv = 2, narrow.n_ff = 128;
    const std::string big = zero_model("load-big", tinyllama(lugh::Type::F16));
    const std::string small = zero_model("load-small", narrow);
    Paired paired;
    for (auto _ : state) {
        const double ts = time_once([&] { benchmark::DoNotOptimize(lugh::Model(small).n_params()); });
        const double tb = time_once([&] { benchmark::DoNotOptimize(lugh::Model(big).n_params()); });
        paired.add(tb, ts);
    }
    state.counters["ms_big"] = paired.best_op * 1e3;
    state.counters["ms_small"] = paired.best_ref * 1e3;
    state.counters["ratio_big_vs_small"] = paired.best_op / paired.best_ref;
    state.counters["big_mib"] = static_cast<double>(lugh::Model(big).weight_bytes()) / (1 << 20);
    state.counters["small_mib"] = static_cast<double>(lugh::Model(small).weight_bytes()) / (1 << 20);
}
BENCHMARK(BM_LlmLoadTimeVsFileSize)->Iterations(5)->Unit(benchmark::kMillisecond)->UseRealTime();

// One generated token of TinyLlama-1.1B reads every weight once:
// weight bytes per token x tokens/s against the same run's stream bandwidth.
void BM_LlmTinyLlamaToken(benchmark::State& state) {
    const auto type = static_cast<lugh::Type>(state.range(0));
    const lugh::Model model(zero_model(std::string("tg-") + lugh::type_name(type), tinyllama(type)));
    lugh::SessionParams sp;
    sp.n_ctx = 256;
    sp.n_threads = kThreads;
    lugh::Session session(model, sp);
    int32_t token = 1;
    session.decode(&token, 1);   // first touch of every page
    bandwidth_vs_stream(state, static_cast<double>(model.weight_bytes()), [&] {
        if (session.n_past() == session.n_ctx()) session.clear();
        session.decode(&token, 1);
    });
    state.SetLabel(model.describe());
}
BENCHMARK(BM_LlmTinyLlamaToken)
    ->Arg(static_cast<int>(lugh::Type::Q4_0))
    ->Arg(static_cast<int>(lugh::Type::Q8_0))
    ->Arg(static_cast<int>(lugh::Type::F16))
    ->Iterations(8)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A model so small (64 wide, 2 layers) that a token is nearly all overhead:
// writing the inputs, running the reused graph, reading the logits, greedy
// sampling. us_per_token is the engine's cost per token on one thread
// (cpu_us_per_token the same in CPU time, which a loaded machine inflates less).
void BM_LlmTinyModelToken(benchmark::State& state) {
    const lugh::Model model(zero_model("tiny", lugh::synth_preset("tiny")));
    lugh::SessionParams sp;
    sp.n_ctx = 64;
    sp.n_threads = 1;
    lugh::Session session(model, sp);
    int32_t token = 1;
    const double c0 = thread_cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    for (auto _ : state) {
        if (session.n_past() == session.n_ctx()) session.clear();
        token = lugh::argmax(session.decode(&token, 1), session.n_vocab()) % 100 + 1;
    }
    const double n = static_cast<double>(state.iterations());
    state.counters["us_per_token"] = seconds_since(t0) * 1e6 / n;
    state.counters["cpu_us_per_token"] = (thread_cpu_seconds() - c0) * 1e6 / n;   // what other jobs cannot inflate
    state.counters["builds_per_token"] =
        static_cast<double>(session.timings().n_graph_builds) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_LlmTinyModelToken)->UseRealTime();

// Sampling a 32000-token row with the default chain (top-k 40, top-p 0.95,
// min-p 0.05, temperature 0.8) against sorting the row once.
void BM_LlmSampler32000(benchmark::State& state) {
    std::vector<float> logits(32000);
    for (size_t i = 0; i < logits.size(); ++i) logits[i] = static_cast<float>((i * 7919) % 1000) * 0.01f;
    lugh::Sampler sampler;
    std::vector<std::pair<float, int32_t>> sorted(logits.size());
    Paired paired;
    for (auto _ : state) {
        const double ts = time_once([&] { benchmark::DoNotOptimize(sampler.sample(logits.data(), 32000)); });
        const double tr = time_once([&] {
            for (size_t i = 0; i < logits.size(); ++i) sorted[i] = {logits[i], static_cast<int32_t>(i)};
            std::sort(sorted.begin(), sorted.end(), std::greater<>());
            benchmark::DoNotOptimize(sorted.data());
        });
        paired.add(ts, tr);
    }
    state.counters["us_per_sample"] = paired.best_op * 1e6;
    state.counters["ratio_vs_full_sort"] = paired.best_op / paired.best_ref;
}
BENCHMARK(BM_LlmSampler32000)->Iterations(200)->UseRealTime();

}  // namespace
