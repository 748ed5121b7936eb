// A chat with a model, turn by turn: the whole conversation is rendered by
// the model's chat template each turn, and only what differs from what the
// session's KV cache already holds is evaluated.
//
//     lugh::Session session(model, params);
//     Conversation chat(session, tokenizer, lugh::chat::ChatTemplate::from_model(model.file()), sampler_params);
//     chat.set_system("You are terse.");
//     Conversation::Turn t = chat.reply("Hi!", 256, print_each_piece);   // t.result.text is the answer
//     chat.reset();                                                       // a new conversation
//
// Each turn renders every message so far plus the new user message with the
// generation prompt. When that text begins with the previous turn's prompt
// and reply (the usual case), their tokens are kept as they were evaluated
// and sampled and only the rest is tokenized (special-token text such as
// <|im_start|> becomes those tokens); otherwise the whole text is (BOS first
// when the vocabulary asks for it and the template did not write it). The
// turn keeps the longest prefix of those tokens the cache holds, rewinds the
// cache to it, and generates after the rest. The reply joins the
// conversation as the assistant's message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lugh/chat.hpp"
#include "lugh/generate.hpp"
#include "lugh/json.hpp"
#include "lugh/sampler.hpp"
#include "lugh/session.hpp"
#include "lugh/tokenizer.hpp"

namespace lugh::tool {

class Conversation {
public:
    struct Turn {
        GenerateResult result;     // the reply: tokens, text, why it stopped
        int64_t n_prompt = 0;      // tokens of the rendered conversation
        int64_t n_reused = 0;      // of them, found in the cache (not evaluated again)
    };

    Conversation(Session& session, const Tokenizer& tokenizer, chat::ChatTemplate tmpl,
                 const SamplerParams& sampling);

    // The system message the conversation starts with ("" for none); resets it.
    void set_system(const std::string& text);
    // Adds the user's message and generates the reply (at most max_tokens,
    // streamed to callback), which joins the conversation. Throws
    // lugh::Error, leaving the conversation as it was, when the rendered
    // conversation leaves no room in the context for a reply (or the
    // template refuses it). A reply cut short by a full context still joins.
    Turn reply(const std::string& user, int64_t max_tokens, const TokenCallback& callback = {});
    // Forget every message but the system one, empty the cache, restart the sampler.
    void reset();

    const std::vector<json::Value>& messages() const { return messages_; }
    // The tokens whose keys and values the session's cache holds, in order.
    const std::vector<int32_t>& cached() const { return cached_; }
    // The prompt tokens a turn over these messages (the conversation and a new
    // user message) evaluates: the previous turns' tokens as they were, then
    // the new text tokenized.
    std::vector<int32_t> tokenize(const std::vector<json::Value>& messages) const;

private:
    std::vector<int32_t> tokens_of(const std::string& text) const;

    Session& session_;
    const Tokenizer& tokenizer_;
    chat::ChatTemplate template_;
    Sampler sampler_;
    std::string system_;
    std::vector<json::Value> messages_;
    std::vector<int32_t> cached_;
    // The last turn: its prompt's text and tokens, its reply's text and tokens.
    std::string last_prompt_text_, last_reply_text_;
    std::vector<int32_t> last_prompt_tokens_, last_reply_tokens_;
};

}  // namespace lugh::tool
