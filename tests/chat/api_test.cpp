// The C++ API: templates from text, formats and model files; options
// (bos/eos, tools, extra variables, the date); messages carrying nested data;
// renders that leave no state behind.
#include <unistd.h>

#include <ctime>
#include <string>

#include <gtest/gtest.h>

#include "chat/chat_test_util.hpp"
#include "lugh/chat.hpp"
#include "lugh/gguf.hpp"

namespace {

using lugh::chat::ChatTemplate;
using lugh::json::Value;

std::string temp_path(const char* name) {
    return std::string("/tmp/lugh_chat_") + std::to_string(getpid()) + "_" + name;
}

void write_model(const std::string& path, const char* tmpl, const char* arch) {
    lugh::gguf::Writer w;
    w.set_string("general.architecture", arch);
    if (tmpl) w.set_string("tokenizer.chat_template", tmpl);
    w.set_string_array("tokenizer.ggml.tokens", {"<unk>", "<|begin|>", "<|end|>", "hello"});
    w.set_u32("tokenizer.ggml.bos_token_id", 1);
    w.set_u32("tokenizer.ggml.eos_token_id", 2);
    w.write(path);
}

}  // namespace

TEST(ChatApi, FromModelUsesItsTemplateAndTokens) {
    const std::string path = temp_path("with_template.gguf");
    write_model(path, "{{ bos_token }}{% for m in messages %}[{{ m.role }}:{{ m.content }}]{% endfor %}{{ eos_token }}",
                "llama");
    const auto t = ChatTemplate::from_model(lugh::gguf::File(path));
    EXPECT_EQ(t.name(), "model");
    EXPECT_EQ(t.options().bos_token, "<|begin|>");
    EXPECT_EQ(t.options().eos_token, "<|end|>");
    EXPECT_EQ(t.apply({lugh::chat::message("user", "hi")}, false), "<|begin|>[user:hi]<|end|>");
    std::remove(path.c_str());
}

TEST(ChatApi, FromModelWithoutTemplateGuessesFromArchitecture) {
    const std::string path = temp_path("no_template.gguf");
    write_model(path, nullptr, "qwen2");
    const auto t = ChatTemplate::from_model(lugh::gguf::File(path));
    EXPECT_EQ(t.name(), "chatml");
    EXPECT_EQ(t.apply({lugh::chat::message("user", "hi")}, true),
              "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
    std::remove(path.c_str());
}

TEST(ChatApi, MessagesCarryNestedFields) {
    const auto t = ChatTemplate::from_text(
        "{% for m in messages %}{{ m.role }}{% if m.tool_calls %}{% for c in m.tool_calls %}"
        " {{ c.function.name }}{{ c.function.arguments|tojson }}{% endfor %}{% endif %}"
        "{% if m.content is none %} (no content){% endif %};{% endfor %}");
    Value call = lugh::json::parse(
        R"({"role": "assistant", "content": null, "tool_calls": [{"function": {"name": "f", "arguments": {"a": [1, 2.5, "é"]}}}]})");
    EXPECT_EQ(t.apply({lugh::chat::message("user", "q"), call}, false),
              "user;assistant f{\"a\": [1, 2.5, \"é\"]} (no content);");
}

TEST(ChatApi, ToolsAndExtraVariables) {
    const auto t = ChatTemplate::from_text(
        "{% if tools is defined %}{{ tools|map(attribute='name')|join(',') }}{% else %}no tools{% endif %}|"
        "{{ enable_thinking }}|{{ custom.k if custom is defined }}");
    lugh::chat::Options opt;
    EXPECT_EQ(t.apply({}, false, opt), "no tools||");
    opt.tools = lugh::json::parse(R"([{"name": "a"}, {"name": "b"}])");
    opt.variables.set("enable_thinking", false);
    opt.variables.set("custom", lugh::json::parse(R"({"k": 5})"));
    EXPECT_EQ(t.apply({}, false, opt), "a,b|False|5");
}

TEST(ChatApi, StrftimeNowUsesTheGivenDate) {
    const auto t = ChatTemplate::from_text("{{ strftime_now('%Y-%m-%d %B') }}");
    lugh::chat::Options opt;
    opt.now = lugh::test::local_noon(2025, 2, 3);
    EXPECT_EQ(t.apply({}, false, opt), "2025-02-03 February");
    // Without a date, today's.
    const std::time_t now = std::time(nullptr);
    std::tm today{};
    localtime_r(&now, &today);
    char year[8];
    std::strftime(year, sizeof year, "%Y", &today);
    EXPECT_EQ(ChatTemplate::from_text("{{ strftime_now('%Y') }}").apply({}, false), year);
}

TEST(ChatApi, RendersAreIndependent) {
    // A template is compiled once; each render starts from nothing.
    const auto t = ChatTemplate::from_text(
        "{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}"
        "{% if add_generation_prompt %}+{% endif %}");
    const std::vector<Value> two = {lugh::chat::message("user", "a"), lugh::chat::message("user", "b")};
    EXPECT_EQ(t.apply(two, true), "2+");
    EXPECT_EQ(t.apply(two, false), "2");
    const ChatTemplate copy = t;
    EXPECT_EQ(copy.apply({}, false), "0");
    EXPECT_EQ(copy.source(), t.source());
}

TEST(ChatApi, KeyOrderIsKept) {
    // Messages keep their keys in the order given, as Python dicts do.
    const auto t = ChatTemplate::from_text("{{ messages[0]|tojson }} {{ messages[0] }}");
    Value m = lugh::json::parse(R"({"content": "x", "role": "user", "z": 1, "a": [true, null]})");
    EXPECT_EQ(t.apply({m}, false),
              "{\"content\": \"x\", \"role\": \"user\", \"z\": 1, \"a\": [true, null]} "
              "{'content': 'x', 'role': 'user', 'z': 1, 'a': [True, None]}");
}
