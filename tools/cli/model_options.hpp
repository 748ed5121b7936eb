// The options every `lugh` command that runs a model shares (-m, -t, -c, -b,
// --kv-type), declared once, and opening the model and a session from them;
// the sampling options of the commands that generate.
//
//     ModelOptions mo;
//     ArgParser p("lugh eval", ...);
//     mo.declare(p, ModelOptions::kBatch);
//     if (!p.parse(args)) return 0;
//     LoadedModel m = mo.load();                  // model + tokenizer, load time measured
//     lugh::Session s(m.model, mo.session_params(m.model, n_tokens));
#pragma once

#include <string>

#include "args.hpp"
#include "lugh/model.hpp"
#include "lugh/sampler.hpp"
#include "lugh/session.hpp"
#include "lugh/tokenizer.hpp"

namespace lugh::tool {

struct LoadedModel {
    Model model;
    Tokenizer tokenizer;
    double load_ms;
};

struct ModelOptions {
    enum Parts { kCtx = 1, kBatch = 2 };
    std::string model;
    int threads = 0;
    int64_t ctx = 0;           // 0: the model's training context, at most 4096
    int64_t batch = 512;
    std::string kv_type = "f16";

    // -m (required), -t, --kv-type, and -c / -b when asked for.
    void declare(ArgParser& p, int parts);
    // Opens the model (memory-mapped) and its tokenizer.
    LoadedModel load() const;
    // Session parameters; n_ctx is ctx, else the model's (capped), at least min_ctx.
    SessionParams session_params(const Model& model, int64_t min_ctx = 1) const;
};

// The sampling options of the commands that generate (run, chat), declared
// once: --temp, --top-k, --top-p, --min-p, --repeat-penalty, --seed.
struct SamplingOptions {
    double temp = 0.8, top_p = 0.95, min_p = 0.05, repeat_penalty = 1.0;
    int top_k = 40;
    int64_t seed = 42;

    void declare(ArgParser& p);
    SamplerParams params() const;
};

// Milliseconds since t0 (a steady clock reading).
double ms_since(double t0_ms);
double now_ms();

}  // namespace lugh::tool
