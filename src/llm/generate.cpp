// The generation loop (include/lugh/generate.hpp).
#include "lugh/generate.hpp"

#include <algorithm>
#include <chrono>

#include "core/check.hpp"
#include "llm/text_stream.hpp"

namespace lugh {

const char* stop_reason_name(StopReason reason) {
    switch (reason) {
        case StopReason::MaxTokens: return "max_tokens";
        case StopReason::EndOfGeneration: return "eog";
        case StopReason::StopString: return "stop_string";
        case StopReason::Callback: return "callback";
        case StopReason::ContextFull: return "context_full";
    }
    return "?";
}

namespace {
using Clock = std::chrono::steady_clock;
double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}
}  // namespace

GenerateResult generate(Session& session, Sampler& sampler, const std::vector<int32_t>& prompt,
                        const GenerateParams& params, const TokenCallback& callback, const Tokenizer* tokenizer) {
    if (params.max_tokens < 0) core::fail("lugh: generate: max_tokens must be >= 0, got %lld", static_cast<long long>(params.max_tokens));
    if (!params.stop.empty() && !tokenizer)
        core::fail("lugh: generate: stop strings need a tokenizer (to see the text of the tokens)");
    for (const std::string& s : params.stop)
        if (s.empty()) core::fail("lugh: generate: a stop string is empty");
    if (prompt.empty() && session.n_logits() == 0)
        core::fail("lugh: generate: the prompt is empty and the session holds no logits to continue from");

    GenerateResult r;
    const auto t0 = Clock::now();
    const float* logits = prompt.empty() ? session.logits() : session.decode(prompt);
    for (int32_t t : prompt) sampler.accept(t);
    r.n_prompt = static_cast<int64_t>(prompt.size());
    const auto t1 = Clock::now();
    r.prompt_ms = ms_between(t0, t1);

    llm::TextStream text(params.stop);
    auto is_eog = [&](int32_t t) {
        if (params.ignore_eog) return false;
        if (tokenizer && tokenizer->is_eog(t)) return true;
        return std::find(params.eog.begin(), params.eog.end(), t) != params.eog.end();
    };
    const int64_t n_vocab = session.n_vocab();
    while (static_cast<int64_t>(r.tokens.size()) < params.max_tokens) {
        const int32_t token = sampler.sample(logits, n_vocab);
        sampler.accept(token);
        if (is_eog(token)) {
            r.stop = StopReason::EndOfGeneration;
            break;
        }
        r.tokens.push_back(token);
        std::string_view fresh;
        if (tokenizer) fresh = text.push(tokenizer->piece(token, false));
        if (callback && callback(GeneratedToken{token, static_cast<int64_t>(r.tokens.size()), fresh})) {
            r.stop = StopReason::Callback;
            break;
        }
        if (text.stopped()) {
            r.stop = StopReason::StopString;
            break;
        }
        if (static_cast<int64_t>(r.tokens.size()) == params.max_tokens) break;
        if (session.n_past() == session.n_ctx()) {
            r.stop = StopReason::ContextFull;
            break;
        }
        logits = session.decode(&token, 1);
    }
    if (tokenizer) {
        const std::string_view rest = text.finish();
        if (callback && !rest.empty() && r.stop != StopReason::Callback) callback(GeneratedToken{kNoToken, 0, rest});
        r.text = text.text();
    }
    r.generate_ms = ms_between(t1, Clock::now());
    return r;
}

}  // namespace lugh
