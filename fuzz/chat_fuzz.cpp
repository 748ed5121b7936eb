// libFuzzer target: the chat template engine on arbitrary template text.
//
// Each input is a template. It is parsed, then rendered over a fixed set of
// conversations (plain turns, tool calls with nested data, an empty list),
// with and without the generation prompt, under small render limits. A
// lugh::Error (syntax error, raise_exception, limit, type error...) is the
// expected answer to bad input; any crash, sanitizer report, leak or hang is
// a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lugh/chat.hpp"
#include "lugh/json.hpp"

namespace {

std::vector<std::vector<lugh::json::Value>> conversations() {
    using lugh::json::Value;
    std::vector<std::vector<Value>> convs;
    convs.push_back({});
    convs.push_back({lugh::chat::message("system", "Be brief."), lugh::chat::message("user", "Hi <b> & \"q\" é")});
    Value call = lugh::json::parse(
        R"({"role": "assistant", "content": null, "tool_calls": [{"type": "function", "function":
            {"name": "get_weather", "arguments": {"city": "Paris", "days": [1, 2.5, true, null]}}}]})");
    convs.push_back({lugh::chat::message("user", "Weather?"), call,
                     lugh::json::parse(R"({"role": "tool", "name": "get_weather", "content": "sunny"})"),
                     lugh::chat::message("assistant", "Line one\nLine two\n\n  indented")});
    return convs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::vector<std::vector<lugh::json::Value>> convs = conversations();
    static const lugh::json::Value tools = lugh::json::parse(
        R"([{"type": "function", "function": {"name": "get_weather", "description": "Weather",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}])");
    const std::string text(reinterpret_cast<const char*>(data), size);
    lugh::chat::Options options;
    options.bos_token = "<s>";
    options.eos_token = "</s>";
    options.now = 1796000000;
    options.limits.max_steps = 200000;
    options.limits.max_output_bytes = 1 << 20;
    options.limits.max_allocated_bytes = 16 << 20;
    options.limits.max_depth = 64;
    try {
        const auto tmpl = lugh::chat::ChatTemplate::from_text(text, "fuzz");
        for (size_t i = 0; i < convs.size(); ++i) {
            options.tools = i == 2 ? tools : lugh::json::Value();
            try {
                (void)tmpl.apply(convs[i], (i & 1) != 0, options);
            } catch (const lugh::Error&) {
            }
        }
    } catch (const lugh::Error&) {
    }
    return 0;
}
