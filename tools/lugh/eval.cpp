// lugh eval -m MODEL (-p PROMPT | --tokens 1,2,3) --logits FILE [-t THREADS] [-b BATCH] [--kv-type f16|f32]
//
// Evaluates the tokens from position 0 and writes the logits of every
// position to FILE: float32 little-endian, n_vocab values per position, in
// position order (the layout of ../shared's .logits.f32 references).
#include <cstdio>
#include <cstring>

#include "args.hpp"
#include "command.hpp"
#include "model_options.hpp"
#include "output_file.hpp"

namespace lugh::tool {

namespace {

std::vector<int32_t> parse_tokens(const std::string& list) {
    std::vector<int32_t> out;
    size_t at = 0;
    while (at <= list.size()) {
        const size_t comma = list.find(',', at);
        const std::string item = list.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        out.push_back(static_cast<int32_t>(parse_integer("--tokens", item, 0, INT32_MAX)));
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    return out;
}

int eval(const std::vector<std::string>& args) {
    ModelOptions mo;
    std::string prompt, token_list, logits_path;
    bool parse_special = false;
    ArgParser p("lugh eval", "-m MODEL (-p PROMPT | --tokens 1,2,3) --logits FILE [options]",
                "Evaluate tokens from position 0 and write every position's logits to FILE as float32 "
                "little-endian, n_vocab values per position.");
    mo.declare(p, ModelOptions::kBatch);
    p.text(&prompt, "-p,--prompt", "PROMPT", "the text to evaluate (BOS added as the vocabulary says)");
    p.text(&token_list, "--tokens", "IDS", "the token ids to evaluate, comma-separated");
    p.flag(&parse_special, "--parse-special", "special-token text in the prompt becomes those tokens");
    p.text(&logits_path, "--logits", "FILE", "where the logits go").required("--logits");
    p.exclusive({"--prompt", "--tokens"}, true);
    if (!p.parse(args)) return 0;

    const std::vector<int32_t> given = p.given("--tokens") ? parse_tokens(token_list) : std::vector<int32_t>{};
    const LoadedModel m = mo.load();
    const std::vector<int32_t> tokens = p.given("--tokens") ? given : m.tokenizer.encode(prompt, true, parse_special);
    if (tokens.empty()) throw UsageError("the prompt gives no tokens");
    SessionParams sp = mo.session_params(m.model, static_cast<int64_t>(tokens.size()));
    sp.n_ctx = static_cast<int64_t>(tokens.size());
    Session session(m.model, sp);
    const double t0 = now_ms();
    session.decode(tokens, true);
    const double ms = ms_since(t0);
    OutputFile out(logits_path);
    const size_t row = static_cast<size_t>(session.n_vocab()) * sizeof(float);
    for (int64_t i = 0; i < session.n_logits(); ++i) out.write(session.logits(i), row);
    out.commit();
    std::fprintf(stderr, "lugh eval: %zu positions x %lld logits written to %s (%.1f tokens/s)\n", tokens.size(),
                 static_cast<long long>(session.n_vocab()), logits_path.c_str(),
                 ms > 0 ? static_cast<double>(tokens.size()) * 1000.0 / ms : 0.0);
    return 0;
}

}  // namespace

LUGH_COMMAND(eval, "eval", "evaluate tokens and write every position's logits", eval);

}  // namespace lugh::tool
