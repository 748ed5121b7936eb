// What a chat turn (tools/cli/conversation.hpp) takes from the KV cache: the
// longest common prefix of the tokens the cache holds and the new render's
// tokens, whatever the template did to the reply or the system message, and
// nothing more. Each case derives that prefix itself from the template and
// the tokenizer, counts the tokens the session really evaluated (its
// timings), and checks the reply and the last logits against the same
// tokens evaluated from nothing in a new session.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chat_fixture.hpp"
#include "llm/llm_test_util.hpp"
#include "support/shared_fixtures.hpp"

namespace {

using chattest::ChatConversation;
using lugh::tool::Conversation;
using Messages = std::vector<lugh::json::Value>;

size_t common_prefix(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
    size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    return n;
}

// The rendered text tokenized as a new conversation is: special-token text
// parsed, BOS first when the vocabulary asks for it and the text lacks it.
std::vector<int32_t> render_tokens(const lugh::Tokenizer& tok, const std::string& text) {
    std::vector<int32_t> ids = tok.encode(text, false, true);
    if (tok.add_bos() && tok.bos() >= 0 && (ids.empty() || ids.front() != tok.bos())) ids.insert(ids.begin(), tok.bos());
    return ids;
}

Messages with_user(Messages m, const std::string& user) {
    m.push_back(lugh::chat::message("user", user));
    return m;
}

// One turn as the session saw it.
struct Observed {
    Conversation::Turn turn;
    int64_t prompt_evaluated = 0;   // prompt tokens the session evaluated (its timings, less the reply's)
    std::vector<float> last_logits; // of the last token evaluated
};

// prompt: the turn's tokens as the test derived them.
Observed observe(Conversation& chat, lugh::Session& s, const std::string& user, int64_t n_reply,
                 const std::vector<int32_t>& prompt) {
    s.reset_timings();
    Observed o;
    o.turn = chat.reply(user, n_reply);
    const lugh::SessionTimings& t = s.timings();
    const int64_t reply_evaluated = s.n_past() - static_cast<int64_t>(prompt.size());
    o.prompt_evaluated = t.n_prompt_tokens + t.n_decode_tokens - reply_evaluated;
    o.last_logits.assign(s.logits(), s.logits() + s.n_vocab());
    return o;
}

// The same prompt evaluated from nothing in a new session gives the same
// reply and, at its last evaluated token, the same logits.
void expect_fresh_evaluation(const lugh::Model& model, const lugh::Tokenizer& tok, const lugh::SamplerParams& sp,
                             const std::vector<int32_t>& prompt, int64_t n_reply, const Observed& got) {
    lugh::SessionParams params;
    params.n_ctx = 512;
    params.n_threads = 2;
    params.kv_type = lugh::Type::F32;
    lugh::Session fresh(model, params);
    lugh::Sampler sampler(sp);
    lugh::GenerateParams gp;
    gp.max_tokens = n_reply;
    const lugh::GenerateResult want = lugh::generate(fresh, sampler, prompt, gp, {}, &tok);
    EXPECT_EQ(got.turn.result.tokens, want.tokens);
    const std::vector<float> want_logits(fresh.logits(), fresh.logits() + fresh.n_vocab());
    EXPECT_LE(llmtest::relative_error(got.last_logits.data(), want_logits), 1e-4);
}

lugh::chat::ChatTemplate with_model_tokens(lugh::chat::ChatTemplate t) {
    t.options().bos_token = "<s>";   // the synthetic vocabulary's
    t.options().eos_token = "</s>";
    return t;
}

TEST_F(ChatConversation, APromptAndReplyRepeatedVerbatimAreAllReused) {
    lugh::Session s = session(512);
    const lugh::chat::ChatTemplate tmpl = lugh::chat::ChatTemplate::from_format("chatml");
    Conversation chat = conversation(s);
    chat.set_system("You are terse.");
    const std::vector<int32_t> prompt1 = render_tokens(*tokenizer, tmpl.apply(with_user(chat.messages(), "Hello there"), true));
    const Observed first = observe(chat, s, "Hello there", 6, prompt1);
    EXPECT_EQ(first.turn.n_reused, 0);
    EXPECT_EQ(first.prompt_evaluated, static_cast<int64_t>(prompt1.size()));
    ASSERT_EQ(first.turn.result.tokens.size(), 6u);
    ASSERT_EQ(chat.messages().size(), 3u);   // system, user, assistant
    EXPECT_EQ(chat.messages()[2].get("role").as_string(), "assistant");
    // The cache: the prompt and the reply but its last token (sampled, never evaluated).
    std::vector<int32_t> held = prompt1;
    held.insert(held.end(), first.turn.result.tokens.begin(), first.turn.result.tokens.end() - 1);
    EXPECT_EQ(chat.cached(), held);

    // chatml writes the reply as it was: the new text begins with the first
    // turn's prompt and reply, whose tokens are kept as they were sampled.
    const Messages whole = with_user(chat.messages(), "And then?");
    const std::string text = tmpl.apply(whole, true);
    const std::string said = tmpl.apply(with_user({chat.messages()[0]}, "Hello there"), true) + first.turn.result.text;
    ASSERT_EQ(text.compare(0, said.size(), said), 0);
    std::vector<int32_t> prompt2 = held;
    prompt2.push_back(first.turn.result.tokens.back());
    tokenizer->encode(std::string_view(text).substr(said.size()), &prompt2, false, true);
    EXPECT_EQ(chat.tokenize(whole), prompt2);

    const Observed second = observe(chat, s, "And then?", 6, prompt2);
    EXPECT_EQ(second.turn.n_prompt, static_cast<int64_t>(prompt2.size()));
    EXPECT_EQ(second.turn.n_reused, static_cast<int64_t>(held.size()));
    EXPECT_EQ(second.prompt_evaluated, static_cast<int64_t>(prompt2.size() - held.size()));
    EXPECT_EQ(second.turn.n_evaluated(), second.prompt_evaluated);
    expect_fresh_evaluation(*model, *tokenizer, greedy_pieces(), prompt2, 6, second);
    EXPECT_EQ(chat.messages().size(), 5u);
}

// A template that changes the reply: the first turn, then a second over the
// re-rendered conversation; the second keeps exactly the common prefix.
struct Rewritten {
    std::vector<int32_t> prompt1, reply1, held, prompt2;
    size_t prefix = 0;   // of held and prompt2
    Observed second;
};

Rewritten converse_through(const lugh::Model& model, const lugh::Tokenizer& tok,
                           lugh::Session& s, const lugh::chat::ChatTemplate& tmpl, const lugh::SamplerParams& sp,
                           int64_t n_reply) {
    Rewritten r;
    Conversation chat(s, tok, tmpl, sp);
    chat.set_system("You are terse.");
    const std::string text1 = tmpl.apply(with_user(chat.messages(), "Hello there"), true);
    r.prompt1 = render_tokens(tok, text1);
    const Observed first = observe(chat, s, "Hello there", n_reply, r.prompt1);
    r.reply1 = first.turn.result.tokens;
    r.held = r.prompt1;
    r.held.insert(r.held.end(), r.reply1.begin(), r.reply1.end() - 1);
    EXPECT_EQ(chat.cached(), r.held);

    const Messages whole = with_user(chat.messages(), "And then?");
    const std::string text2 = tmpl.apply(whole, true);
    // The template did change the reply: the new text does not repeat the first turn's.
    const std::string said = text1 + first.turn.result.text;
    EXPECT_NE(text2.compare(0, said.size(), said), 0) << "the template kept the reply as it was";
    r.prompt2 = render_tokens(tok, text2);
    EXPECT_EQ(chat.tokenize(whole), r.prompt2);
    r.prefix = common_prefix(r.held, r.prompt2);

    r.second = observe(chat, s, "And then?", n_reply, r.prompt2);
    EXPECT_EQ(r.second.turn.n_prompt, static_cast<int64_t>(r.prompt2.size()));
    EXPECT_EQ(r.second.turn.n_reused, static_cast<int64_t>(r.prefix));
    EXPECT_EQ(r.second.prompt_evaluated, static_cast<int64_t>(r.prompt2.size() - r.prefix));
    expect_fresh_evaluation(model, tok, sp, r.prompt2, n_reply, r.second);
    return r;
}

TEST_F(ChatConversation, ATemplateThatTrimsTheReplyKeepsTheCommonPrefix) {
    // llama2 writes ' ' + reply | trim: the synthetic model's first reply
    // piece has no word-start mark, so the text gains a space there and the
    // reply's tokens differ from its first one on. The whole first prompt stays.
    lugh::Session s = session(512);
    const Rewritten r = converse_through(*model, *tokenizer, s,
                                         with_model_tokens(lugh::chat::ChatTemplate::from_format("llama2")),
                                         greedy_pieces(), 6);
    EXPECT_GE(r.prefix, r.prompt1.size());
    EXPECT_LT(r.prefix, r.held.size());
}

TEST_F(ChatConversation, ATemplateThatReSpacesTheReplyKeepsItUpToTheChange) {
    // Replies of one word piece and newlines; the template writes earlier
    // replies on one line. The cache keeps the reply up to its first newline.
    const auto tmpl = with_model_tokens(lugh::chat::ChatTemplate::from_text(
        "{{ bos_token }}{% for m in messages %}"
        "{% if m.role == 'system' %}{{ m.content + '\\n' }}"
        "{% elif m.role == 'user' %}{{ '[INST] ' + m.content + ' [/INST]' }}"
        "{% else %}{{ m.content | replace('\\n', ' ') + eos_token }}{% endif %}"
        "{% endfor %}",
        "one-line replies"));
    lugh::SamplerParams sp;
    sp.temperature = 0;
    const int32_t newline = 3 + '\n', word = 261;   // <0x0A> and "▁t" in the synthetic vocabulary
    ASSERT_EQ(lugh::synth_token_text(newline), "<0x0A>");
    ASSERT_EQ(lugh::synth_token_text(word), "\xE2\x96\x81t");
    for (int32_t id = 0; id < model->hparams().n_vocab; ++id)
        if (id != newline && id != word) sp.logit_bias.emplace_back(id, -1000.0f);
    lugh::Session s = session(512);
    const Rewritten r = converse_through(*model, *tokenizer, s, tmpl, sp, 8);
    // The precondition: a newline inside the evaluated part of the reply.
    size_t first_newline = 0;
    while (first_newline < r.reply1.size() && r.reply1[first_newline] != newline) ++first_newline;
    ASSERT_LT(first_newline + 1, r.reply1.size()) << "the synthetic model's reply has no newline to re-space";
    EXPECT_EQ(r.prefix, r.prompt1.size() + first_newline);
}

TEST_F(ChatConversation, AChangedSystemMessageRewindsToWhereTheTextDiffers) {
    lugh::Session s = session(512);
    const lugh::chat::ChatTemplate tmpl = lugh::chat::ChatTemplate::from_format("chatml");
    Conversation chat = conversation(s);
    chat.set_system("You are terse.");
    const std::vector<int32_t> prompt1 = render_tokens(*tokenizer, tmpl.apply(with_user(chat.messages(), "Hello there"), true));
    observe(chat, s, "Hello there", 6, prompt1);
    const std::vector<int32_t> held = chat.cached();

    // A new system message: the conversation stays, the cache rewinds into the first prompt.
    chat.set_system("You are verbose.");
    ASSERT_EQ(chat.messages().size(), 3u);
    EXPECT_EQ(chat.messages()[0].get("content").as_string(), "You are verbose.");
    EXPECT_EQ(chat.cached(), held);   // nothing evaluated or dropped until the next turn
    const std::vector<int32_t> prompt2 = render_tokens(*tokenizer, tmpl.apply(with_user(chat.messages(), "And then?"), true));
    const size_t prefix = common_prefix(held, prompt2);
    EXPECT_GT(prefix, 1u);   // BOS and "<|im_start|>system\nYou are "
    EXPECT_LT(prefix, prompt1.size());
    const Observed second = observe(chat, s, "And then?", 6, prompt2);
    EXPECT_EQ(second.turn.n_reused, static_cast<int64_t>(prefix));
    EXPECT_EQ(second.prompt_evaluated, static_cast<int64_t>(prompt2.size() - prefix));
    expect_fresh_evaluation(*model, *tokenizer, greedy_pieces(), prompt2, 6, second);

    // No system message at all: BOS and "<|im_start|>" are left in common
    // (the synthetic vocabulary spells the marker out).
    chat.set_system("");
    ASSERT_EQ(chat.messages().size(), 4u);
    EXPECT_EQ(chat.messages()[0].get("role").as_string(), "user");
    const std::vector<int32_t> prompt3 = render_tokens(*tokenizer, tmpl.apply(with_user(chat.messages(), "Why?"), true));
    const size_t prefix3 = common_prefix(chat.cached(), prompt3);
    EXPECT_GE(prefix3, 1u);
    EXPECT_LT(prefix3, prefix);
    const Observed third = observe(chat, s, "Why?", 6, prompt3);
    EXPECT_EQ(third.turn.n_reused, static_cast<int64_t>(prefix3));
    EXPECT_EQ(third.prompt_evaluated, static_cast<int64_t>(prompt3.size() - prefix3));
    expect_fresh_evaluation(*model, *tokenizer, greedy_pieces(), prompt3, 6, third);
}

TEST_F(ChatConversation, TheLastTokenIsEvaluatedAgainWhenTheCacheHoldsTheWholePrompt) {
    // A template that shows the model only the last message: the same
    // message twice renders the same prompt, which the cache holds whole.
    const auto tmpl = with_model_tokens(lugh::chat::ChatTemplate::from_text(
        "{{ bos_token + '[INST] ' + messages[-1].content + ' [/INST]' }}", "last message only"));
    lugh::Session s = session(512);
    Conversation chat(s, *tokenizer, tmpl, greedy_pieces());
    const std::vector<int32_t> prompt = render_tokens(*tokenizer, tmpl.apply(with_user({}, "Hi"), true));
    const Observed first = observe(chat, s, "Hi", 4, prompt);
    ASSERT_GE(chat.cached().size(), prompt.size());
    const Observed second = observe(chat, s, "Hi", 4, prompt);
    EXPECT_EQ(second.turn.n_reused, static_cast<int64_t>(prompt.size()) - 1);
    EXPECT_EQ(second.prompt_evaluated, 1);   // its logits start the reply
    EXPECT_EQ(second.turn.result.tokens, first.turn.result.tokens);
    expect_fresh_evaluation(*model, *tokenizer, greedy_pieces(), prompt, 4, second);
}

TEST(ChatCacheShared, ARealModelsTrimmedReplyCostsOnlyTheTokensFromTheChange) {
    LUGH_SHARED_OR_SKIP(path, "models/real/aidreams260K.gguf");
    lugh::Model model(path);
    lugh::Tokenizer tok(model.file());
    lugh::SessionParams params;
    params.n_ctx = 512;
    params.n_threads = 2;
    params.kv_type = lugh::Type::F32;
    lugh::Session s(model, params);
    lugh::SamplerParams sp;
    sp.temperature = 0;
    // No template in the file: the llama2 layout, which trims the reply.
    const lugh::chat::ChatTemplate tmpl = lugh::chat::ChatTemplate::from_model(model.file());
    Conversation chat(s, tok, tmpl, sp);
    chat.set_system("You tell stories.");
    const std::vector<int32_t> prompt1 = render_tokens(tok, tmpl.apply(with_user(chat.messages(), "Once upon a time"), true));
    observe(chat, s, "Once upon a time", 16, prompt1);
    const std::vector<int32_t> held = chat.cached();
    const std::vector<int32_t> prompt2 = render_tokens(tok, tmpl.apply(with_user(chat.messages(), "What happened next?"), true));
    const size_t prefix = common_prefix(held, prompt2);
    EXPECT_GE(prefix, prompt1.size());
    const Observed second = observe(chat, s, "What happened next?", 16, prompt2);
    EXPECT_EQ(second.turn.n_reused, static_cast<int64_t>(prefix));
    EXPECT_EQ(second.prompt_evaluated, static_cast<int64_t>(prompt2.size() - prefix));
    EXPECT_LT(second.prompt_evaluated, static_cast<int64_t>(prompt2.size()));
    expect_fresh_evaluation(model, tok, sp, prompt2, 16, second);
}

}  // namespace
