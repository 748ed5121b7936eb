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

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double ms_since(double t0_ms) { return now_ms() - t0_ms; }

}  // namespace lugh::tool
