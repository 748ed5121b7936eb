// lugh chat -m MODEL [--system TEXT] [--format NAME | --file T.jinja] [-n N] [-c CTX]
//           [-t THREADS] [--kv-type f16|f32] [sampling options as lugh run] [-v]
//
// An interactive chat: each line typed is a user message, the model's chat
// template lays out the whole conversation, and the reply streams to stdout.
// Only the part of the rendered conversation the KV cache does not hold yet
// is evaluated (tools/cli/conversation.hpp). /reset starts a new
// conversation, /system TEXT changes the system message (the conversation
// stays; the next turn evaluates from where its text changes), /exit (or
// end of input) ends. Without a terminal on stdin it
// reads one user message per line and writes each reply on one line of its
// own, so it can be scripted and tested.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "args.hpp"
#include "command.hpp"
#include "conversation.hpp"
#include "input_file.hpp"
#include "lugh/chat.hpp"
#include "model_options.hpp"

namespace lugh::tool {

namespace {

const char* const kCommands =
    "/reset starts a new conversation, /system TEXT changes the system message, /exit ends, /help shows this";

void write_out(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
        throw Error("lugh chat: cannot write to stdout");
}

chat::ChatTemplate choose_template(const std::string& format, const std::string& file, const LoadedModel& m) {
    if (format.empty() && file.empty()) return chat::ChatTemplate::from_model(m.model.file());
    chat::ChatTemplate t = !format.empty() ? chat::ChatTemplate::from_format(format)
                                           : chat::ChatTemplate::from_text(read_input_file(file), file);
    // A built-in format or a file still writes the model's own BOS/EOS text.
    const Tokenizer& tok = m.tokenizer;
    if (tok.bos() >= 0) t.options().bos_token = std::string(tok.token_text(tok.bos()));
    if (tok.eos() >= 0) t.options().eos_token = std::string(tok.token_text(tok.eos()));
    return t;
}

int run_chat(const std::vector<std::string>& args) {
    ModelOptions mo;
    SamplingOptions so;
    std::string system, format, file;
    int64_t n_reply = 512;
    bool verbose = false;
    ArgParser p("lugh chat", "-m MODEL [options]",
                "Chat with a model, its chat template applied to the whole conversation. On a terminal: type a "
                "message, the reply streams back; " + std::string(kCommands) +
                ". Without a terminal: one user message per input line, each reply on one output line.");
    mo.declare(p, ModelOptions::kCtx | ModelOptions::kBatch);
    p.text(&system, "--system", "TEXT", "the system message the conversation starts with");
    p.text(&format, "--format", "NAME", "a built-in chat format instead of the model's template (chatml, llama2, "
                                         "llama3, mistral, gemma, phi3, zephyr, alpaca, vicuna, raw)");
    p.text(&file, "--file", "T.jinja", "a chat template file instead of the model's");
    p.integer(&n_reply, "-n,--n-predict", "N", "most tokens per reply (default 512)", 1, 1 << 24);
    so.declare(p);
    p.flag(&verbose, "-v,--verbose", "after each reply, tokens reused from the cache, evaluated and generated (stderr)");
    p.exclusive({"--format", "--file"});
    if (!p.parse(args)) return 0;

    const LoadedModel m = mo.load();
    Session session(m.model, mo.session_params(m.model));
    Conversation chat(session, m.tokenizer, choose_template(format, file, m), so.params());
    chat.set_system(system);

    const bool interactive = isatty(STDIN_FILENO) != 0;
    if (interactive)
        std::fprintf(stderr, "lugh chat: %s, %lld positions; %s.\n", m.model.describe().c_str(),
                     static_cast<long long>(session.n_ctx()), kCommands);
    std::string line;
    for (;;) {
        if (interactive) write_out("> ");
        if (!std::getline(std::cin, line)) {
            if (interactive) write_out("\n");
            break;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (line == "/exit" || line == "/quit") break;
        if (line == "/reset") {
            chat.reset();
            std::fprintf(stderr, "lugh chat: a new conversation\n");
            continue;
        }
        if (line == "/system" || line.compare(0, 8, "/system ") == 0) {
            chat.set_system(line.size() > 8 ? line.substr(8) : std::string());
            std::fprintf(stderr, "lugh chat: %s\n", line.size() > 8 ? "a new system message" : "no system message");
            continue;
        }
        if (line == "/help" || line[0] == '/') {
            if (line != "/help") std::fprintf(stderr, "lugh chat: unknown command %s\n", line.c_str());
            std::fprintf(stderr, "lugh chat: %s\n", kCommands);
            continue;
        }
        Conversation::Turn turn;
        try {
            turn = chat.reply(line, n_reply, [](const GeneratedToken& g) {
                write_out(g.text);
                return false;
            });
        } catch (const Error& e) {
            // The conversation is as it was: say why, and go on reading.
            const std::string why = e.what();
            std::fprintf(stderr, "lugh chat: %s\n", why.compare(0, 6, "lugh: ") == 0 ? why.c_str() + 6 : why.c_str());
            if (!interactive) write_out("\n");   // one output line per input line
            continue;
        }
        write_out("\n");
        if (turn.result.stop == StopReason::ContextFull)
            std::fprintf(stderr, "lugh chat: the context is full (%lld positions): /reset to start again\n",
                         static_cast<long long>(session.n_ctx()));
        if (verbose)
            std::fprintf(stderr, "lugh chat: prompt %lld tokens, %lld from the cache, %lld evaluated; reply %zu tokens (%s)\n",
                         static_cast<long long>(turn.n_prompt), static_cast<long long>(turn.n_reused),
                         static_cast<long long>(turn.n_prompt - turn.n_reused), turn.result.tokens.size(),
                         stop_reason_name(turn.result.stop));
    }
    return 0;
}

}  // namespace

LUGH_COMMAND(chat, "chat", "chat with a model, its chat template applied", run_chat);

}  // namespace lugh::tool
