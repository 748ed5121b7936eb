// lugh bench -m MODEL [-p 64] [-n 32] [-t THREADS] [-r 3] [--kv-type f16|f32] [--json]
//
// Prompt processing (one batch of p tokens from an empty cache) and text
// generation (n tokens, one decode each, from an empty cache) in tokens/s,
// mean ± standard deviation over r runs after one warm-up, as a markdown
// table in the style of llama-bench, or JSON (which also gives the load
// time, the weight, KV cache and compute buffer sizes and the peak resident
// memory).
#include <sys/resource.h>
#include <time.h>

#include <cmath>
#include <cstdio>

#include "args.hpp"
#include "command.hpp"
#include "lugh/json.hpp"
#include "model_options.hpp"

namespace lugh::tool {

namespace {

struct Figure {
    int64_t tokens = 0;
    double mean = 0, sd = 0;
    double cpu_ms = 0;   // process CPU time of the timed runs, per run
};

Figure summarise(int64_t tokens, const std::vector<double>& rates) {
    Figure f;
    f.tokens = tokens;
    if (rates.empty()) return f;
    for (double r : rates) f.mean += r;
    f.mean /= static_cast<double>(rates.size());
    for (double r : rates) f.sd += (r - f.mean) * (r - f.mean);
    f.sd = rates.size() > 1 ? std::sqrt(f.sd / static_cast<double>(rates.size() - 1)) : 0.0;
    return f;
}

// Tokens of the vocabulary's ordinary range, spread out (ids are what is timed, not their meaning).
std::vector<int32_t> bench_tokens(int64_t n, int64_t n_vocab) {
    std::vector<int32_t> out;
    for (int64_t i = 0; i < n; ++i) out.push_back(static_cast<int32_t>((i * 7919 + 1000) % n_vocab));
    return out;
}

double tokens_per_second(int64_t n, double ms) { return ms > 0 ? n * 1000.0 / ms : 0.0; }

// CPU time this process has used (every thread), in milliseconds.
double cpu_ms() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

// The most resident memory this process has had, in bytes.
int64_t max_rss_bytes() {
    struct rusage u;
    return getrusage(RUSAGE_SELF, &u) == 0 ? static_cast<int64_t>(u.ru_maxrss) * 1024 : 0;
}

int bench(const std::vector<std::string>& args) {
    ModelOptions mo;
    int64_t n_prompt = 64, n_gen = 32, reps = 3;
    bool json = false;
    ArgParser p("lugh bench", "-m MODEL [options]",
                "Measure prompt processing (one batch of -p tokens) and generation (-n tokens, one at a time) in "
                "tokens/s: mean and standard deviation over -r runs after a warm-up.");
    mo.declare(p, 0);
    p.integer(&n_prompt, "-p,--n-prompt", "N", "prompt tokens, evaluated as one batch; 0 skips (default 64)", 0, 1 << 20);
    p.integer(&n_gen, "-n,--n-gen", "N", "tokens generated one at a time; 0 skips (default 32)", 0, 1 << 20);
    p.integer(&reps, "-r,--repetitions", "N", "timed runs of each (default 3)", 1, 1000);
    p.flag(&json, "--json", "print JSON instead of a table");
    if (!p.parse(args)) return 0;

    const LoadedModel m = mo.load();
    ModelOptions sized = mo;
    sized.ctx = std::max<int64_t>(1, std::max(n_prompt, n_gen));
    sized.batch = std::max<int64_t>(1, n_prompt);
    Session session(m.model, sized.session_params(m.model));
    const auto tokens = bench_tokens(std::max(n_prompt, n_gen), m.model.hparams().n_vocab);

    std::vector<double> pp, tg;
    double pp_cpu = 0, tg_cpu = 0;
    for (int64_t run = 0; run <= reps; ++run) {   // run 0 warms up
        if (n_prompt > 0) {
            session.clear();
            const double t0 = now_ms(), c0 = cpu_ms();
            session.decode(tokens.data(), static_cast<size_t>(n_prompt));
            if (run > 0) {
                pp.push_back(tokens_per_second(n_prompt, ms_since(t0)));
                pp_cpu += cpu_ms() - c0;
            }
        }
        if (n_gen > 0) {
            session.clear();
            const double t0 = now_ms(), c0 = cpu_ms();
            int32_t next = tokens[0];
            for (int64_t i = 0; i < n_gen; ++i) next = argmax(session.decode(&next, 1), session.n_vocab());
            if (run > 0) {
                tg.push_back(tokens_per_second(n_gen, ms_since(t0)));
                tg_cpu += cpu_ms() - c0;
            }
        }
    }
    Figure fpp = summarise(n_prompt, pp), ftg = summarise(n_gen, tg);
    fpp.cpu_ms = pp_cpu / static_cast<double>(reps);
    ftg.cpu_ms = tg_cpu / static_cast<double>(reps);
    const std::string desc = m.model.describe();
    const double mib = static_cast<double>(m.model.weight_bytes()) / (1 << 20);
    const int threads = session.n_threads();
    if (json) {
        json::Value out = json::Value::object({
            {"model", m.model.path()},
            {"description", desc},
            {"size_bytes", static_cast<int64_t>(m.model.weight_bytes())},
            {"params", static_cast<int64_t>(m.model.n_params())},
            {"n_vocab", static_cast<int64_t>(m.model.hparams().n_vocab)},
            {"threads", threads},
            {"kv_type", mo.kv_type},
            {"repetitions", reps},
            {"load_ms", m.load_ms},
            {"weight_bytes", static_cast<int64_t>(m.model.weight_bytes())},
            {"kv_bytes", static_cast<int64_t>(session.kv_bytes())},
            {"compute_bytes", static_cast<int64_t>(session.compute_bytes())},
            {"max_rss_bytes", max_rss_bytes()},
        });
        for (const auto& [name, f] : {std::pair<const char*, Figure>{"pp", fpp}, {"tg", ftg}})
            out.set(name, json::Value::object({
                              {"tokens", f.tokens},
                              {"mean", f.mean},
                              {"sd", f.sd},
                              {"cpu_ms", f.cpu_ms},
                          }));
        std::printf("%s\n", out.dump().c_str());
        return 0;
    }
    std::printf("| model | size | params | backend | threads | test | t/s |\n");
    std::printf("| --- | ---: | ---: | --- | ---: | ---: | ---: |\n");
    for (const auto& [name, f] : {std::pair<const char*, Figure>{"pp", fpp}, {"tg", ftg}}) {
        if (f.tokens == 0) continue;
        std::printf("| %s | %.2f MiB | %.2f M | CPU | %d | %s%lld | %.2f ± %.2f |\n", desc.c_str(), mib,
                    static_cast<double>(m.model.n_params()) / 1e6, threads, name, static_cast<long long>(f.tokens),
                    f.mean, f.sd);
    }
    return 0;
}

}  // namespace

LUGH_COMMAND(bench, "bench", "measure prompt processing and generation speed", bench);

}  // namespace lugh::tool
