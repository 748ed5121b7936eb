// lugh perplexity -m MODEL -f TEXT [-c 128] [-t THREADS] [-b BATCH] [--kv-type f16|f32]
//
// Perplexity of a text, as llama.cpp's perplexity tool measures it: the text
// (tokenized with BOS) is cut into windows of c tokens; each window starts
// from an empty cache with BOS in its first place, and the predictions of its
// second half are scored (the first half is context).
#include <cmath>
#include <cstdio>

#include "args.hpp"
#include "command.hpp"
#include "lugh/error.hpp"
#include "model_options.hpp"
#include "progress.hpp"

namespace lugh::tool {

namespace {

std::string read_text(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw Error("lugh perplexity: cannot read " + path);
    std::string text;
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) throw Error("lugh perplexity: error reading " + path);
    return text;
}

// -log p(target) under the softmax of logits, in double.
double neg_log_prob(const float* logits, int64_t n_vocab, int32_t target) {
    double top = logits[0];
    for (int64_t i = 1; i < n_vocab; ++i) top = std::max(top, static_cast<double>(logits[i]));
    double sum = 0;
    for (int64_t i = 0; i < n_vocab; ++i) sum += std::exp(static_cast<double>(logits[i]) - top);
    return std::log(sum) - (static_cast<double>(logits[target]) - top);
}

int perplexity(const std::vector<std::string>& args) {
    ModelOptions mo;
    std::string path;
    int64_t window = 128;
    ArgParser p("lugh perplexity", "-m MODEL -f TEXT [options]",
                "Perplexity of a text file, in windows of -c tokens (the second half of each window is scored).");
    mo.declare(p, ModelOptions::kBatch);
    p.text(&path, "-f,--file", "TEXT", "the text file").required("--file");
    p.integer(&window, "-c,--ctx-size", "N", "tokens per window (default 128)", 4, 1 << 20);
    if (!p.parse(args)) return 0;

    const LoadedModel m = mo.load();
    const std::vector<int32_t> tokens = m.tokenizer.encode(read_text(path), true, false);
    const int64_t n_windows = static_cast<int64_t>(tokens.size()) / window;
    if (n_windows == 0)
        throw Error("lugh perplexity: " + path + " gives " + std::to_string(tokens.size()) +
                    " tokens, fewer than one window of " + std::to_string(window) + " (-c)");
    ModelOptions sized = mo;
    sized.ctx = window;
    Session session(m.model, sized.session_params(m.model));
    const int64_t n_vocab = session.n_vocab();
    const int32_t bos = m.tokenizer.add_bos() ? m.tokenizer.bos() : kNoToken;

    Progress bar("perplexity", static_cast<uint64_t>(n_windows));
    double nll = 0, nll2 = 0;
    int64_t scored = 0;
    const double t0 = now_ms();
    for (int64_t w = 0; w < n_windows; ++w) {
        std::vector<int32_t> piece(tokens.begin() + w * window, tokens.begin() + (w + 1) * window);
        if (bos != kNoToken) piece[0] = bos;
        session.clear();
        session.decode(piece, true);
        for (int64_t i = window / 2; i + 1 < window; ++i) {
            const double v = neg_log_prob(session.logits(i), n_vocab, tokens[static_cast<size_t>(w * window + i + 1)]);
            nll += v;
            nll2 += v * v;
            ++scored;
        }
        char note[64];
        std::snprintf(note, sizeof note, "ppl %.4f", std::exp(nll / static_cast<double>(scored)));
        bar.update(static_cast<uint64_t>(w + 1), note);
    }
    bar.finish();
    const double mean = nll / static_cast<double>(scored);
    const double var = nll2 / static_cast<double>(scored) - mean * mean;
    const double ppl = std::exp(mean);
    // The estimate's standard error, carried through exp (as llama.cpp reports it).
    const double err = scored > 1 ? ppl * std::sqrt(std::max(var, 0.0) / static_cast<double>(scored - 1)) : 0.0;
    const double ms = ms_since(t0);
    std::printf("perplexity: %.4f +/- %.4f over %lld tokens scored in %lld windows of %lld\n", ppl, err,
                static_cast<long long>(scored), static_cast<long long>(n_windows), static_cast<long long>(window));
    std::fprintf(stderr, "lugh perplexity: %.1f tokens/s\n", n_windows * window * 1000.0 / ms);
    return 0;
}

}  // namespace

LUGH_COMMAND(perplexity, "perplexity", "perplexity of a text file under a model", perplexity);

}  // namespace lugh::tool
