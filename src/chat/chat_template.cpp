// The public ChatTemplate: compiled once, rendered with fresh state each time.
#include <new>

#include "chat/evaluator.hpp"
#include "chat/parser.hpp"
#include "lugh/chat.hpp"
#include "util/utf8.hpp"

namespace lugh::chat {

namespace {

std::string error_text(ErrorKind kind, const std::string& message, int line, int column, const std::string& name) {
    std::string where = "chat template '" + name + "'";
    if (line > 0) where += ", line " + std::to_string(line);
    if (line > 0 && column > 0 && kind == ErrorKind::Syntax) where += ", column " + std::to_string(column);
    const char* what = "";
    switch (kind) {
        case ErrorKind::Syntax: what = "syntax error: "; break;
        case ErrorKind::Raised: what = "the template raised an error: "; break;
        case ErrorKind::Limit: what = "limit reached: "; break;
        case ErrorKind::Unsupported: what = "not supported: "; break;
        case ErrorKind::Security: what = "refused by the sandbox: "; break;
        default: break;
    }
    return where + ": " + what + message;
}

Value to_value(const json::Value& j, const std::string& where, int depth) {
    if (depth > 512) throw Error("chat: " + where + " is nested too deeply");
    switch (j.type()) {
        case json::Type::Null: return Value::none();
        case json::Type::Bool: return Value::boolean(j.as_bool());
        case json::Type::Int: return Value::integer(j.as_int());
        case json::Type::Float: return Value::number(j.as_number());
        case json::Type::String:
            if (!utf8::valid(j.as_string())) throw Error("chat: " + where + " holds text that is not valid UTF-8");
            return Value::string(j.as_string());
        case json::Type::Array: {
            ValueList items;
            for (const auto& item : j.items()) items.push_back(to_value(item, where, depth + 1));
            return Value::list(std::move(items));
        }
        case json::Type::Object: {
            Dict d;
            for (const auto& [k, v] : j.members()) {
                if (!utf8::valid(k)) throw Error("chat: " + where + " has a key that is not valid UTF-8");
                d.set(k, to_value(v, where, depth + 1));
            }
            return Value::dict(std::move(d));
        }
    }
    return Value::none();
}

}  // namespace

TemplateError::TemplateError(ErrorKind kind, std::string message, int line, int column, const std::string& name)
    : Error(error_text(kind, message, line, column, name)),
      kind_(kind),
      message_(std::move(message)),
      line_(line),
      column_(column) {}

struct ChatTemplate::Compiled {
    Template tmpl;
};

json::Value message(const std::string& role, const std::string& content) {
    return json::Value::object({{"role", role}, {"content", content}});
}

ChatTemplate::ChatTemplate(std::shared_ptr<const Compiled> compiled) : compiled_(std::move(compiled)) {}
ChatTemplate::ChatTemplate(ChatTemplate&&) noexcept = default;
ChatTemplate& ChatTemplate::operator=(ChatTemplate&&) noexcept = default;
ChatTemplate::ChatTemplate(const ChatTemplate&) = default;
ChatTemplate& ChatTemplate::operator=(const ChatTemplate&) = default;
ChatTemplate::~ChatTemplate() = default;

ChatTemplate ChatTemplate::from_text(const std::string& text, const std::string& name) {
    auto c = std::make_shared<Compiled>();
    c->tmpl = parse_template(text, name);
    return ChatTemplate(std::move(c));
}

ChatTemplate ChatTemplate::from_format(const std::string& format) { return from_text(format_template(format), format); }

const std::string& ChatTemplate::source() const { return compiled_->tmpl.source; }
const std::string& ChatTemplate::name() const { return compiled_->tmpl.name; }

std::string ChatTemplate::apply(const std::vector<json::Value>& messages, bool add_generation_prompt) const {
    return apply(messages, add_generation_prompt, options_);
}

std::string ChatTemplate::apply(const std::vector<json::Value>& messages, bool add_generation_prompt,
                                const Options& options) const {
    ValueList list;
    for (size_t i = 0; i < messages.size(); ++i) {
        const std::string where = "message " + std::to_string(i + 1);
        if (!messages[i].is_object()) throw Error("chat: " + where + " is not an object");
        list.push_back(to_value(messages[i], where, 0));
    }
    Dict vars;
    vars.set("messages", Value::list(std::move(list)));
    if (!options.tools.is_null()) vars.set("tools", to_value(options.tools, "tools", 0));
    vars.set("add_generation_prompt", Value::boolean(add_generation_prompt));
    for (const auto& [name, text] : {std::pair<const char*, const std::string*>{"bos_token", &options.bos_token},
                                     {"eos_token", &options.eos_token}}) {
        if (!utf8::valid(*text)) throw Error(std::string("chat: ") + name + " is not valid UTF-8");
        vars.set(name, Value::string(*text));
    }
    if (!options.variables.is_null()) {
        for (const auto& [k, v] : options.variables.members()) vars.set(k, to_value(v, "variable " + k, 0));
    }
    const Template& tmpl = compiled_->tmpl;
    Evaluator ev(tmpl, options.limits, options.now);
    try {
        return ev.render(vars);
    } catch (const RenderError& e) {
        throw TemplateError(e.kind, e.message, ev.line(), ev.column(), tmpl.name);
    } catch (const std::bad_alloc&) {
        throw TemplateError(ErrorKind::Limit, "out of memory", ev.line(), ev.column(), tmpl.name);
    } catch (const std::length_error&) {
        throw TemplateError(ErrorKind::Limit, "a value grew too large", ev.line(), ev.column(), tmpl.name);
    }
}

}  // namespace lugh::chat
