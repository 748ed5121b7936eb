// lugh template (-m MODEL | --file T.jinja | --format NAME) --messages FILE.json
//               [--add-generation-prompt] [--bos TEXT] [--eos TEXT]
//               [--tools FILE.json] [--var NAME=JSON]... [--date YYYY-MM-DD]
//
// Writes exactly the rendered prompt to stdout, nothing else.
#include <cstdio>
#include <ctime>

#include "args.hpp"
#include "command.hpp"
#include "input_file.hpp"
#include "lugh/chat.hpp"
#include "lugh/gguf.hpp"
#include "lugh/json.hpp"

namespace lugh::tool {

namespace {

std::time_t parse_date(const std::string& text) {
    int y, m, d;
    char extra;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        throw UsageError("--date: expected YYYY-MM-DD, got '" + text + "'");
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    return std::mktime(&tm);
}

int run_template(const std::vector<std::string>& args) {
    std::string model, file, format, messages_path, bos, eos, tools_path, date;
    std::vector<std::string> vars;
    bool generation_prompt = false;
    ArgParser p("lugh template", "(-m MODEL | --file T.jinja | --format NAME) --messages FILE.json [options]",
                "Render a conversation with a chat template and print the prompt exactly (no newline added). "
                "FILE.json holds a list of messages ({\"role\": ..., \"content\": ..., any other fields}). "
                "Formats: chatml, llama2, llama3, mistral, gemma, phi3, zephyr, alpaca, vicuna, raw.");
    p.text(&model, "-m,--model", "MODEL", "a GGUF model: its tokenizer.chat_template (or a format guessed from "
                                           "its architecture) and its bos/eos tokens");
    p.text(&file, "--file", "T.jinja", "a template file");
    p.text(&format, "--format", "NAME", "a built-in format");
    p.text(&messages_path, "--messages", "FILE.json", "the conversation: a JSON list of messages ('-': stdin)")
        .required("--messages");
    p.flag(&generation_prompt, "--add-generation-prompt", "end with the start of the assistant's turn");
    p.text(&bos, "--bos", "TEXT", "bos_token (default: the model's, or empty)");
    p.text(&eos, "--eos", "TEXT", "eos_token (default: the model's, or empty)");
    p.text(&tools_path, "--tools", "FILE.json", "tool definitions (a JSON list) passed as `tools`");
    p.list(&vars, "--var", "NAME=JSON", "an extra template variable, e.g. --var enable_thinking=false");
    p.text(&date, "--date", "YYYY-MM-DD", "the date strftime_now() formats (default: today)");
    p.exclusive({"--model", "--file", "--format"}, true);
    if (!p.parse(args)) return 0;

    chat::ChatTemplate tmpl = !model.empty()  ? chat::ChatTemplate::from_model(gguf::File(model))
                              : !file.empty() ? chat::ChatTemplate::from_text(read_input_file(file), file)
                                              : chat::ChatTemplate::from_format(format);
    chat::Options options = tmpl.options();
    if (p.given("--bos")) options.bos_token = bos;
    if (p.given("--eos")) options.eos_token = eos;
    if (!tools_path.empty()) options.tools = json::parse(read_input_file(tools_path), tools_path);
    for (const auto& v : vars) {
        const size_t eq = v.find('=');
        if (eq == std::string::npos || eq == 0) throw UsageError("--var: expected NAME=JSON, got '" + v + "'");
        options.variables.set(v.substr(0, eq), json::parse(v.substr(eq + 1), "--var " + v.substr(0, eq)));
    }
    if (!date.empty()) options.now = parse_date(date);

    const json::Value messages = json::parse(read_input_file(messages_path), messages_path);
    if (!messages.is_array()) throw Error(messages_path + ": expected a JSON list of messages");
    const std::string prompt = tmpl.apply(messages.items(), generation_prompt, options);
    if (std::fwrite(prompt.data(), 1, prompt.size(), stdout) != prompt.size() || std::fflush(stdout) != 0)
        throw Error("lugh template: cannot write to stdout");
    return 0;
}

}  // namespace

LUGH_COMMAND(template_, "template", "render a conversation with a chat template", run_template);

}  // namespace lugh::tool
