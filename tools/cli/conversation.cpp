#include "conversation.hpp"

#include <algorithm>
#include <utility>

#include "util/utf8.hpp"

namespace lugh::tool {

Conversation::Conversation(Session& session, const Tokenizer& tokenizer, chat::ChatTemplate tmpl,
                           const SamplerParams& sampling)
    : session_(session), tokenizer_(tokenizer), template_(std::move(tmpl)), sampler_(sampling) {
    reset();
}

void Conversation::set_system(const std::string& text) {
    // The cache stays: the next turn's text differs from the system message
    // on, and only that part is evaluated again (reply).
    const bool had = !system_.empty();
    system_ = text;
    if (had && system_.empty())
        messages_.erase(messages_.begin());
    else if (had)
        messages_.front() = chat::message("system", system_);
    else if (!system_.empty())
        messages_.insert(messages_.begin(), chat::message("system", system_));
}

void Conversation::reset() {
    messages_.clear();
    if (!system_.empty()) messages_.push_back(chat::message("system", system_));
    session_.clear();
    cached_.clear();
    last_prompt_text_.clear();
    last_prompt_tokens_.clear();
    last_reply_text_.clear();
    last_reply_tokens_.clear();
    sampler_.reset();
}

std::vector<int32_t> Conversation::tokenize(const std::vector<json::Value>& messages) const {
    return tokens_of(template_.apply(messages, true));
}

std::vector<int32_t> Conversation::tokens_of(const std::string& text) const {
    // After a turn the text normally begins with that turn's prompt and
    // reply: their tokens stay as they were evaluated (and sampled), and
    // only the text after them is tokenized.
    const std::string said = last_prompt_text_ + last_reply_text_;
    if (!last_prompt_tokens_.empty() && text.compare(0, said.size(), said) == 0) {
        std::vector<int32_t> tokens = last_prompt_tokens_;
        tokens.insert(tokens.end(), last_reply_tokens_.begin(), last_reply_tokens_.end());
        tokenizer_.encode(std::string_view(text).substr(said.size()), &tokens, false, true);
        return tokens;
    }
    // Templates usually write the BOS text themselves; add the token only when they did not.
    std::vector<int32_t> tokens = tokenizer_.encode(text, false, true);
    const int32_t bos = tokenizer_.bos();
    if (tokenizer_.add_bos() && bos >= 0 && (tokens.empty() || tokens.front() != bos))
        tokens.insert(tokens.begin(), bos);
    return tokens;
}

Conversation::Turn Conversation::reply(const std::string& user, int64_t max_tokens, const TokenCallback& callback) {
    std::vector<json::Value> messages = messages_;
    messages.push_back(chat::message("user", user));
    const std::string prompt_text = template_.apply(messages, true);
    const std::vector<int32_t> tokens = tokens_of(prompt_text);
    const auto n = static_cast<int64_t>(tokens.size());
    if (n >= session_.n_ctx())
        throw Error("lugh: the conversation is " + std::to_string(n) + " tokens, the context holds " +
                    std::to_string(session_.n_ctx()) + ": no room for a reply (reset it, or use a larger -c)");

    // The longest common prefix of what the cache holds and the new tokens;
    // at least the last token is evaluated again (its logits start the reply).
    size_t keep = 0;
    const size_t limit = std::min(cached_.size(), tokens.size() - 1);
    while (keep < limit && cached_[keep] == tokens[keep]) ++keep;
    session_.truncate(static_cast<int64_t>(keep));
    cached_.resize(keep);

    Turn turn;
    turn.n_prompt = n;
    turn.n_reused = static_cast<int64_t>(keep);
    GenerateParams gp;
    gp.max_tokens = max_tokens;
    const std::vector<int32_t> rest(tokens.begin() + static_cast<std::ptrdiff_t>(keep), tokens.end());
    try {
        turn.result = generate(session_, sampler_, rest, gp, callback, &tokenizer_);
    } catch (...) {
        // The session kept what it had before the call: the reused prefix.
        cached_.resize(static_cast<size_t>(session_.n_past()));
        throw;
    }
    // The cache now holds the prompt and every generated token but the last
    // (sampled, never evaluated).
    cached_ = tokens;
    cached_.insert(cached_.end(), turn.result.tokens.begin(), turn.result.tokens.end());
    cached_.resize(static_cast<size_t>(session_.n_past()));
    // A reply can end inside a character (or a small model can emit stray
    // bytes); the template takes text, so those become U+FFFD.
    const std::string& text = turn.result.text;
    const bool valid = utf8::valid(text);
    messages.push_back(chat::message("assistant", valid ? text : utf8::encode(utf8::decode(text))));
    messages_ = std::move(messages);
    // What the next turn's text should begin with (tokenize); a reply whose
    // text had to be repaired is tokenized again instead.
    last_prompt_text_ = valid ? prompt_text : std::string();
    last_prompt_tokens_ = valid ? tokens : std::vector<int32_t>();
    last_reply_text_ = text;
    last_reply_tokens_ = turn.result.tokens;
    return turn;
}

}  // namespace lugh::tool
