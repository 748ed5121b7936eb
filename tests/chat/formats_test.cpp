// The built-in formats: each renders as its template text does in Python
// jinja2 (the expected strings below came from jinja2 3.x rendering the same
// template text with bos_token "<s>" and eos_token "</s>"), the formats that
// correspond to a real model's template render as that template does, and
// architectures map to formats.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "lugh/chat.hpp"
#include "support/shared_fixtures.hpp"

namespace {

using lugh::chat::ChatTemplate;
using lugh::json::Value;

std::vector<Value> conversation(const std::string& which) {
    using lugh::chat::message;
    if (which == "sys_user") return {message("system", "You are terse."), message("user", "Hi!")};
    return {message("system", "Sys."), message("user", "Q1"), message("assistant", "A1"), message("user", "Q2")};
}

struct FormatCase {
    const char* format;
    const char* conversation;
    bool generation_prompt;
    const char* expected;
};

const FormatCase kCases[] = {
    {"chatml", "sys_user", true, "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n"},
    {"chatml", "sys_user", false, "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n"},
    {"chatml", "multi_turn", true, "<|im_start|>system\nSys.<|im_end|>\n<|im_start|>user\nQ1<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n<|im_start|>user\nQ2<|im_end|>\n<|im_start|>assistant\n"},
    {"chatml", "multi_turn", false, "<|im_start|>system\nSys.<|im_end|>\n<|im_start|>user\nQ1<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n<|im_start|>user\nQ2<|im_end|>\n"},
    {"llama2", "sys_user", true, "<s>[INST] <<SYS>>\nYou are terse.\n<</SYS>>\n\nHi! [/INST]"},
    {"llama2", "sys_user", false, "<s>[INST] <<SYS>>\nYou are terse.\n<</SYS>>\n\nHi! [/INST]"},
    {"llama2", "multi_turn", true, "<s>[INST] <<SYS>>\nSys.\n<</SYS>>\n\nQ1 [/INST] A1 </s><s>[INST] Q2 [/INST]"},
    {"llama2", "multi_turn", false, "<s>[INST] <<SYS>>\nSys.\n<</SYS>>\n\nQ1 [/INST] A1 </s><s>[INST] Q2 [/INST]"},
    {"llama3", "sys_user", true, "<s><|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi!<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"},
    {"llama3", "sys_user", false, "<s><|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi!<|eot_id|>"},
    {"llama3", "multi_turn", true, "<s><|start_header_id|>system<|end_header_id|>\n\nSys.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nQ1<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nA1<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nQ2<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"},
    {"llama3", "multi_turn", false, "<s><|start_header_id|>system<|end_header_id|>\n\nSys.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nQ1<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nA1<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nQ2<|eot_id|>"},
    {"mistral", "sys_user", true, "<s>[INST] You are terse.\n\nHi! [/INST]"},
    {"mistral", "sys_user", false, "<s>[INST] You are terse.\n\nHi! [/INST]"},
    {"mistral", "multi_turn", true, "<s>[INST] Sys.\n\nQ1 [/INST]A1</s>[INST] Q2 [/INST]"},
    {"mistral", "multi_turn", false, "<s>[INST] Sys.\n\nQ1 [/INST]A1</s>[INST] Q2 [/INST]"},
    {"gemma", "sys_user", true, "<s><start_of_turn>user\nYou are terse.\n\nHi!<end_of_turn>\n<start_of_turn>model\n"},
    {"gemma", "sys_user", false, "<s><start_of_turn>user\nYou are terse.\n\nHi!<end_of_turn>\n"},
    {"gemma", "multi_turn", true, "<s><start_of_turn>user\nSys.\n\nQ1<end_of_turn>\n<start_of_turn>model\nA1<end_of_turn>\n<start_of_turn>user\nQ2<end_of_turn>\n<start_of_turn>model\n"},
    {"gemma", "multi_turn", false, "<s><start_of_turn>user\nSys.\n\nQ1<end_of_turn>\n<start_of_turn>model\nA1<end_of_turn>\n<start_of_turn>user\nQ2<end_of_turn>\n"},
    {"phi3", "sys_user", true, "<|system|>\nYou are terse.<|end|>\n<|user|>\nHi!<|end|>\n<|assistant|>\n"},
    {"phi3", "sys_user", false, "<|system|>\nYou are terse.<|end|>\n<|user|>\nHi!<|end|>\n</s>"},
    {"phi3", "multi_turn", true, "<|system|>\nSys.<|end|>\n<|user|>\nQ1<|end|>\n<|assistant|>\nA1<|end|>\n<|user|>\nQ2<|end|>\n<|assistant|>\n"},
    {"phi3", "multi_turn", false, "<|system|>\nSys.<|end|>\n<|user|>\nQ1<|end|>\n<|assistant|>\nA1<|end|>\n<|user|>\nQ2<|end|>\n</s>"},
    {"zephyr", "sys_user", true, "<|system|>\nYou are terse.</s>\n<|user|>\nHi!</s>\n<|assistant|>\n"},
    {"zephyr", "sys_user", false, "<|system|>\nYou are terse.</s>\n<|user|>\nHi!</s>\n"},
    {"zephyr", "multi_turn", true, "<|system|>\nSys.</s>\n<|user|>\nQ1</s>\n<|assistant|>\nA1</s>\n<|user|>\nQ2</s>\n<|assistant|>\n"},
    {"zephyr", "multi_turn", false, "<|system|>\nSys.</s>\n<|user|>\nQ1</s>\n<|assistant|>\nA1</s>\n<|user|>\nQ2</s>\n"},
    {"alpaca", "sys_user", true, "You are terse.\n\n### Instruction:\nHi!\n\n### Response:\n"},
    {"alpaca", "sys_user", false, "You are terse.\n\n### Instruction:\nHi!\n\n"},
    {"alpaca", "multi_turn", true, "Sys.\n\n### Instruction:\nQ1\n\n### Response:\nA1\n\n### Instruction:\nQ2\n\n### Response:\n"},
    {"alpaca", "multi_turn", false, "Sys.\n\n### Instruction:\nQ1\n\n### Response:\nA1\n\n### Instruction:\nQ2\n\n"},
    {"vicuna", "sys_user", true, "You are terse.\n\nUSER: Hi!\nASSISTANT:"},
    {"vicuna", "sys_user", false, "You are terse.\n\nUSER: Hi!\n"},
    {"vicuna", "multi_turn", true, "Sys.\n\nUSER: Q1\nASSISTANT: A1</s>\nUSER: Q2\nASSISTANT:"},
    {"vicuna", "multi_turn", false, "Sys.\n\nUSER: Q1\nASSISTANT: A1</s>\nUSER: Q2\n"},
    {"raw", "sys_user", true, "You are terse.Hi!"},
    {"raw", "sys_user", false, "You are terse.Hi!"},
    {"raw", "multi_turn", true, "Sys.Q1A1Q2"},
    {"raw", "multi_turn", false, "Sys.Q1A1Q2"},
};

std::string read(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

TEST(ChatFormats, EveryFormatRendersItsLayout) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(std::string(c.format) + " " + c.conversation + (c.generation_prompt ? " +prompt" : ""));
        auto t = ChatTemplate::from_format(c.format);
        t.options().bos_token = "<s>";
        t.options().eos_token = "</s>";
        EXPECT_EQ(t.apply(conversation(c.conversation), c.generation_prompt), c.expected);
        EXPECT_EQ(t.name(), c.format);
    }
}

TEST(ChatFormats, NamesAndUnknownFormat) {
    const auto names = lugh::chat::format_names();
    ASSERT_EQ(names.size(), 10u);
    for (const auto& n : names) EXPECT_FALSE(lugh::chat::format_template(n).empty()) << n;
    try {
        ChatTemplate::from_format("chatml2");
        FAIL() << "unknown format accepted";
    } catch (const lugh::Error& e) {
        EXPECT_NE(std::string(e.what()).find("unknown format 'chatml2'"), std::string::npos) << e.what();
    }
}

TEST(ChatFormats, ArchitectureGuess) {
    EXPECT_EQ(lugh::chat::format_for_architecture("llama"), "llama2");
    EXPECT_EQ(lugh::chat::format_for_architecture("qwen2"), "chatml");
    EXPECT_EQ(lugh::chat::format_for_architecture("gemma2"), "gemma");
    EXPECT_EQ(lugh::chat::format_for_architecture("phi3"), "phi3");
    EXPECT_EQ(lugh::chat::format_for_architecture("mistral"), "mistral");
    EXPECT_EQ(lugh::chat::format_for_architecture("some-new-arch"), "chatml");
    EXPECT_EQ(lugh::chat::format_for_architecture(""), "chatml");
}

// Where a built-in format is the layout of a real model, it renders the shared
// conversations exactly as that model's template does.
TEST(ChatFormats, MatchRealTemplates) {
    LUGH_SHARED_OR_SKIP(dir, "chat-templates");
    const Value convs = lugh::json::parse(read(dir + "/conversations.json"));
    const struct {
        const char* format;
        const char* model;
        const char* conversation;
    } pairs[] = {
        {"chatml", "Qwen-Qwen3-0.6B", "sys_user"},           {"chatml", "Qwen-Qwen3-0.6B", "multi_turn"},
        {"chatml", "Qwen-Qwen3-0.6B", "user_only"},          {"gemma", "google-gemma-2-2b-it", "multi_turn"},
        {"gemma", "google-gemma-2-2b-it", "user_only"},      {"phi3", "microsoft-Phi-3.5-mini-instruct", "sys_user"},
        {"phi3", "microsoft-Phi-3.5-mini-instruct", "multi_turn"},
        {"phi3", "microsoft-Phi-3.5-mini-instruct", "user_only"},
    };
    for (const auto& p : pairs) {
        SCOPED_TRACE(std::string(p.format) + " vs " + p.model + "." + p.conversation);
        const Value& conv = convs.get(p.conversation);
        auto t = ChatTemplate::from_format(p.format);
        t.options().bos_token = "<s>";
        t.options().eos_token = "</s>";
        const std::string expected = read(dir + "/expected/" + p.model + "." + p.conversation + ".txt");
        EXPECT_EQ(t.apply(conv.get("messages").items(), conv.get("add_generation_prompt").as_bool()), expected);
    }
}
