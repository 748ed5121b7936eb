// Chat templates: turn a conversation into the prompt text a model was
// trained on, exactly as Hugging Face's apply_chat_template (Python jinja2)
// renders it.
//
//     lugh::gguf::File file("model.gguf");
//     auto tmpl = lugh::chat::ChatTemplate::from_model(file);   // its template, or a built-in guess
//     std::vector<lugh::json::Value> messages = {
//         lugh::chat::message("system", "You are terse."),
//         lugh::chat::message("user", "Hi!"),
//     };
//     std::string prompt = tmpl.apply(messages, /*add_generation_prompt=*/true);
//
//     auto chatml = lugh::chat::ChatTemplate::from_format("chatml");
//     auto custom = lugh::chat::ChatTemplate::from_text("{% for m in messages %}{{ m.content }}{% endfor %}");
//
// A template is untrusted input (it comes inside the model file): it can read
// nothing but the variables it is given, and every render is bounded in
// steps, output, memory and recursion (Limits). Every failure is a
// TemplateError: a syntax error names the line and column, a template's
// raise_exception("...") carries exactly its message.
//
// The template sees: `messages` (each message as given: role, content and
// any other fields, nested JSON-like data included), `add_generation_prompt`,
// `bos_token`, `eos_token`, `tools` when given, every extra variable, and the
// functions raise_exception(msg) and strftime_now(fmt). See docs/chat.md for
// the language supported.
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "lugh/error.hpp"
#include "lugh/json.hpp"

namespace lugh::gguf {
class File;
}

namespace lugh::chat {

// What went wrong in a template.
enum class ErrorKind {
    Syntax,        // the text is not a valid template (line and column set)
    Raised,        // the template called raise_exception(message)
    Undefined,     // an undefined value was used (jinja2's UndefinedError)
    Type,          // an operation on values of the wrong type (Python's TypeError / ValueError)
    Security,      // something the sandbox forbids (mutating a list, a private attribute)
    Limit,         // a render limit was reached (steps, output, memory, depth)
    Unsupported,   // valid jinja2 that Lugh does not implement (loading other templates...)
};

class TemplateError : public Error {
public:
    TemplateError(ErrorKind kind, std::string message, int line, int column, const std::string& name);
    ErrorKind kind() const { return kind_; }
    // The message alone, as jinja2 words it (for Raised: exactly the template's text).
    const std::string& message() const { return message_; }
    int line() const { return line_; }       // 1-based; 0 when unknown
    int column() const { return column_; }   // 1-based; 0 when unknown

private:
    ErrorKind kind_;
    std::string message_;
    int line_, column_;
};

// Bounds on one render. The defaults are far above what real templates need.
struct Limits {
    uint64_t max_steps = 20'000'000;            // expression evaluations, loop iterations, items processed
    size_t max_output_bytes = 64u << 20;        // the rendered text
    size_t max_allocated_bytes = 512u << 20;    // bytes of strings and lists built, cumulatively
    int max_depth = 200;                        // macro calls / recursive loops / nesting of values
};

// Per-render inputs besides the messages.
struct Options {
    std::string bos_token, eos_token;
    json::Value tools;                          // null: `tools` is undefined in the template
    json::Value variables = json::Value::object();   // any other variables (e.g. enable_thinking)
    // The date strftime_now() formats; 0 means the current local time.
    std::time_t now = 0;
    Limits limits;
};

// A {role, content} message object.
json::Value message(const std::string& role, const std::string& content);

class ChatTemplate {
public:
    // Parses the template (throws TemplateError with the line and column of a syntax error).
    static ChatTemplate from_text(const std::string& text, const std::string& name = "template");
    // A built-in format (see format_names()); throws lugh::Error for an unknown name.
    static ChatTemplate from_format(const std::string& format);
    // The model's tokenizer.chat_template, or the built-in format guessed from
    // general.architecture; bos/eos token text from the vocabulary.
    static ChatTemplate from_model(const gguf::File& file);

    ChatTemplate(ChatTemplate&&) noexcept;
    ChatTemplate& operator=(ChatTemplate&&) noexcept;
    ChatTemplate(const ChatTemplate&);
    ChatTemplate& operator=(const ChatTemplate&);
    ~ChatTemplate();

    // Render messages (each a JSON object) with options(); throws TemplateError.
    std::string apply(const std::vector<json::Value>& messages, bool add_generation_prompt) const;
    // Render with explicit options.
    std::string apply(const std::vector<json::Value>& messages, bool add_generation_prompt,
                      const Options& options) const;

    // Defaults for apply(): from_model fills bos_token / eos_token.
    Options& options() { return options_; }
    const Options& options() const { return options_; }
    const std::string& source() const;   // the template text
    const std::string& name() const;     // "template", the format name, or "model"

private:
    struct Compiled;
    ChatTemplate(std::shared_ptr<const Compiled> compiled);
    std::shared_ptr<const Compiled> compiled_;
    Options options_;
};

// The built-in format names: chatml, llama2, llama3, mistral, gemma, phi3, zephyr, alpaca, vicuna, raw.
std::vector<std::string> format_names();
// The template text of a built-in format; throws lugh::Error for an unknown name.
const std::string& format_template(const std::string& format);
// The built-in format that suits a model architecture (general.architecture), "chatml" when unknown.
std::string format_for_architecture(const std::string& architecture);

}  // namespace lugh::chat
