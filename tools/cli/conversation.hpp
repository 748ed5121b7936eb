// A chat with a model, turn by turn: the whole conversation is rendered by
// the model's chat template each turn, and only what differs from what the
// session's KV cache already holds is evaluated.
//
//     lugh::Session session(model, params);
//     Conversation chat(session, tokenizer, lugh::chat::ChatTemplate::from_model(model.file()), sampler_params);
//     chat.set_system("You are terse.");
//     Conversation::Turn t = chat.reply("Hi!", 256, print_each_piece);   // t.result.text is the answer
//     chat.set_system("You are verbose.");   // the next turn rewinds to where the text changes
//     chat.reset();                          // a new conversation
//
// Each turn renders every message so far plus the new user message with the
// generation prompt and tokenizes it (special-token text such as
// <|im_start|> becomes those tokens; BOS first when the vocabulary asks for
// it and the template did not write it). One exception keeps sampled tokens:
// when the text begins with the previous turn's prompt and reply exactly,
// their tokens stay as they were evaluated and sampled and only the text
// after them is tokenized. The cache holds the tokens actually evaluated
// (the previous prompt and the reply but its last token); the turn keeps the
// longest common prefix of those and the new tokens, rewinds the cache to
// it (Session::truncate) and evaluates only the rest, at least the last
// token (its logits start the reply). So a template that trims or re-spaces
// the reply (llama2's `' ' + content | trim`), or a changed system message,
// costs only the tokens from the first one that differs; what follows is
// what a fresh evaluation of the same tokens gives. The reply joins the
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
        int64_t n_evaluated() const { return n_prompt - n_reused; }
    };

    Conversation(Session& session, const Tokenizer& tokenizer, chat::ChatTemplate tmpl,
                 const SamplerParams& sampling);

    // The system message the conversation starts with ("" for none). The
    // other messages stay; the next turn evaluates again from the first token
    // the new text changes.
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
    // The prompt tokens of a turn over these messages (the conversation and a
    // new user message): the rendered text tokenized, or the previous turn's
    // prompt and reply tokens as they were and the text after them.
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
