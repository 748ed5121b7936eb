#include "model_options.hpp"

#include <algorithm>
#include <chrono>

namespace lugh::tool {

void ModelOptions::declare(ArgParser& p, int parts) {
    p.text(&model, "-m,--model", "MODEL", "the GGUF model file").required("--model");
    p.integer(&threads, "-t,--threads", "N", "compute threads (default: the cores, at most 4)", 1, 512);
    if (parts & kCtx) p.integer(&ctx, "-c,--ctx-size", "N", "context positions (default: the model's, at most 4096)", 1, 1 << 20);
    if (parts & kBatch) p.integer(&batch, "-b,--batch-size", "N", "most tokens per graph (default 512)", 1, 1 << 20);
    p.text(&kv_type, "--kv-type", "TYPE", "KV cache type: f16 (default) or f32");
}

LoadedModel ModelOptions::load() const {
    if (kv_type != "f16" && kv_type != "f32") throw UsageError("--kv-type: '" + kv_type + "' is not f16 or f32");
    const double t0 = now_ms();
    Model m(model);
    Tokenizer tok(m.file());
    return LoadedModel{std::move(m), std::move(tok), ms_since(t0)};
}

SessionParams ModelOptions::session_params(const Model& m, int64_t min_ctx) const {
    SessionParams p;
    p.n_ctx = std::max(min_ctx, ctx > 0 ? ctx : std::min<int64_t>(m.hparams().n_ctx_train, 4096));
    p.n_threads = threads;
    p.n_batch = batch;
    p.kv_type = kv_type == "f32" ? Type::F32 : Type::F16;
    return p;
}

void SamplingOptions::declare(ArgParser& p) {
    p.number(&temp, "--temp", "T", "temperature; 0 is greedy (default 0.8)", 0, 100);
    p.integer(&top_k, "--top-k", "K", "keep the K most likely; 0 off (default 40)", 0, 1 << 30);
    p.number(&top_p, "--top-p", "P", "keep the most likely up to probability P; 1 off (default 0.95)", 0, 1);
    p.number(&min_p, "--min-p", "M", "keep tokens at least M times as likely as the best; 0 off (default 0.05)", 0, 1);
    p.number(&repeat_penalty, "--repeat-penalty", "R", "penalise the last 64 tokens; 1 off (default 1)", 0.01, 100);
    p.integer(&seed, "--seed", "S", "random seed (default 42)", 0, INT64_MAX);
}

SamplerParams SamplingOptions::params() const {
    SamplerParams sp;
    sp.temperature = static_cast<float>(temp);
    sp.top_k = top_k;
    sp.top_p = static_cast<float>(top_p);
    sp.min_p = static_cast<float>(min_p);
    sp.repeat_penalty = static_cast<float>(repeat_penalty);
    sp.seed = static_cast<uint64_t>(seed);
    return sp;
}

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double ms_since(double t0_ms) { return now_ms() - t0_ms; }

}  // namespace lugh::tool
