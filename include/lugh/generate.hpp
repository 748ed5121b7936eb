// lugh::generate: from prompt tokens, sample and evaluate one token after
// another, streaming each to a callback, until an end-of-generation token,
// a stop string, the callback, max_tokens or the end of the context.
//
//     lugh::Model model("model.gguf");
//     lugh::Tokenizer tok(model.file());
//     lugh::Session session(model);
//     lugh::Sampler sampler;                          // sampler.hpp: temperature 0.8, top-k 40, ...
//     lugh::GenerateParams gp;
//     gp.max_tokens = 64;
//     gp.stop = {"\n\n"};
//     lugh::GenerateResult r = lugh::generate(session, sampler, tok.encode("Once upon a time"), gp,
//         [](const lugh::GeneratedToken& g) { std::fwrite(g.text.data(), 1, g.text.size(), stdout); return false; },
//         &tok);
//     // r.tokens, r.text, r.stop
//
// The prompt is evaluated after whatever the session holds already (so a
// chat continues in the same cache), and accepted by the sampler for its
// penalties. Each generated token is accepted too, then evaluated, except
// the last. With a tokenizer, text streams as it becomes final: whole UTF-8
// characters only, and text that could be the start of a stop string is
// held back until it is not; a stop string ends generation and neither it
// nor anything after it is in the text. End-of-generation tokens end
// generation and are not part of the output.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lugh/sampler.hpp"
#include "lugh/session.hpp"
#include "lugh/tokenizer.hpp"

namespace lugh {

struct GenerateParams {
    int64_t max_tokens = 128;            // most tokens to generate (0: none, only evaluate the prompt)
    std::vector<std::string> stop;       // stop strings (need a tokenizer)
    std::vector<int32_t> eog;            // more end-of-generation ids (besides the tokenizer's is_eog)
    bool ignore_eog = false;             // keep going through end-of-generation tokens
};

enum class StopReason {
    MaxTokens,         // max_tokens generated
    EndOfGeneration,   // the model produced an end-of-generation token
    StopString,        // the text reached one of the stop strings
    Callback,          // the callback returned true
    ContextFull,       // the session's n_ctx positions are all used
};
const char* stop_reason_name(StopReason reason);   // "max_tokens", "eog", "stop_string", "callback", "context_full"

// What the callback sees: a generated token with the text that became final
// with it (possibly empty), or, once at the end, token kNoToken with the text
// held back until then (an unfinished UTF-8 sequence or a partial stop string
// that did not complete). The flush is skipped when the callback stopped generation.
struct GeneratedToken {
    int32_t token;         // kNoToken for the final flush
    int64_t index;         // 1 for the first generated token (0 for the flush)
    std::string_view text;
};
// Return true to stop generating.
using TokenCallback = std::function<bool(const GeneratedToken&)>;

struct GenerateResult {
    std::vector<int32_t> tokens;   // generated (no end-of-generation token)
    std::string text;              // their text (with a tokenizer; up to any stop string)
    StopReason stop = StopReason::MaxTokens;
    int64_t n_prompt = 0;          // prompt tokens evaluated
    double prompt_ms = 0;          // evaluating the prompt
    double generate_ms = 0;        // sampling and evaluating the generated tokens
};

// Throws lugh::Error when the prompt does not fit in the context, when stop
// strings are given without a tokenizer, or when the prompt is empty and
// the session holds no logits to start from; the session keeps what it had.
GenerateResult generate(Session& session, Sampler& sampler, const std::vector<int32_t>& prompt,
                        const GenerateParams& params, const TokenCallback& callback = {},
                        const Tokenizer* tokenizer = nullptr);

}  // namespace lugh
