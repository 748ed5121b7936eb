// lugh run -m MODEL -p PROMPT [-n N] [-c CTX] [-t THREADS] [--kv-type f16|f32]
//          [--temp T] [--top-k K] [--top-p P] [--min-p M] [--repeat-penalty R]
//          [--seed S] [--parse-special] [--json]
//
// The prompt gets BOS as the vocabulary says; the generated text streams to
// stdout as it is made, and one timing line goes to stderr at the end. With
// --json nothing streams: stdout gets one JSON object.
#include <cstdio>

#include "args.hpp"
#include "command.hpp"
#include "lugh/generate.hpp"
#include "lugh/json.hpp"
#include "model_options.hpp"

namespace lugh::tool {

namespace {

double per_second(int64_t n, double ms) { return ms > 0 ? n * 1000.0 / ms : 0.0; }

json::Value id_array(const std::vector<int32_t>& ids) {
    json::Value a = json::Value::array();
    for (int32_t id : ids) a.push_back(static_cast<int64_t>(id));
    return a;
}

int run(const std::vector<std::string>& args) {
    ModelOptions mo;
    std::string prompt;
    SamplingOptions so;
    int64_t n_predict = 128;
    bool parse_special = false, json = false;
    ArgParser p("lugh run", "-m MODEL -p PROMPT [options]",
                "Generate text from a prompt. The text streams to stdout; load time and speeds go to stderr.");
    mo.declare(p, ModelOptions::kCtx | ModelOptions::kBatch);
    p.text(&prompt, "-p,--prompt", "PROMPT", "the prompt (BOS added as the vocabulary says)").required("--prompt");
    p.integer(&n_predict, "-n,--n-predict", "N", "tokens to generate (default 128)", 0, 1 << 24);
    so.declare(p);
    p.flag(&parse_special, "--parse-special", "special-token text in the prompt (<s>, <|im_start|>) becomes those tokens");
    p.flag(&json, "--json", "print one JSON object instead of streaming");
    if (!p.parse(args)) return 0;

    const LoadedModel m = mo.load();
    const std::vector<int32_t> tokens = m.tokenizer.encode(prompt, true, parse_special);
    Session session(m.model, mo.session_params(m.model));
    Sampler sampler(so.params());
    GenerateParams gp;
    gp.max_tokens = n_predict;
    TokenCallback stream;
    if (!json)
        stream = [](const GeneratedToken& g) {
            std::fwrite(g.text.data(), 1, g.text.size(), stdout);
            std::fflush(stdout);
            return false;
        };
    const GenerateResult r = generate(session, sampler, tokens, gp, stream, &m.tokenizer);
    if (json) {
        json::Value timings = json::Value::object({
            {"load_ms", m.load_ms},
            {"prompt_ms", r.prompt_ms},
            {"prompt_tokens_per_second", per_second(r.n_prompt, r.prompt_ms)},
            {"generate_ms", r.generate_ms},
            {"generated_tokens_per_second", per_second(static_cast<int64_t>(r.tokens.size()), r.generate_ms)},
        });
        const json::Value out = json::Value::object({
            {"prompt_tokens", id_array(tokens)},
            {"generated", id_array(r.tokens)},
            {"text", r.text},
            {"stop", stop_reason_name(r.stop)},
            {"timings", std::move(timings)},
        });
        std::printf("%s\n", out.dump().c_str());
    } else {
        std::printf("\n");
    }
    std::fflush(stdout);
    std::fprintf(stderr, "lugh run: load %.1f ms, prompt %lld tokens at %.1f tokens/s, generated %zu tokens at %.1f tokens/s (%s)\n",
                 m.load_ms, static_cast<long long>(r.n_prompt), per_second(r.n_prompt, r.prompt_ms), r.tokens.size(),
                 per_second(static_cast<int64_t>(r.tokens.size()), r.generate_ms), stop_reason_name(r.stop));
    return 0;
}

}  // namespace

LUGH_COMMAND(run, "run", "generate text from a prompt with a model", run);

}  // namespace lugh::tool
