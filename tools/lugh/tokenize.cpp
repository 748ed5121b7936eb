// lugh tokenize -m MODEL (-p TEXT | -f FILE | --stdin) [--no-bos] [--parse-special] [--ids] [--jsonl]
//
// Prints the tokens of a text: one `id 'piece'` line per token, or with --ids
// one line "[1, 2, 3]". With --jsonl every input line is a JSON string and
// every output line the JSON array of its ids, so a whole data set goes
// through one process (and one loaded vocabulary).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "args.hpp"
#include "command.hpp"
#include "lugh/error.hpp"
#include "lugh/json.hpp"
#include "lugh/tokenizer.hpp"

namespace lugh::tool {

namespace {

void write_out(const std::string& s) {
    if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size())
        throw Error("lugh tokenize: cannot write to standard output");
}

// A piece as printable text: control characters and bytes that are not
// UTF-8 as C escapes, so a byte token shows as '\xc3' rather than garbage.
std::string printable(std::string_view piece) {
    std::string out;
    for (size_t i = 0; i < piece.size(); ++i) {
        const auto c = static_cast<unsigned char>(piece[i]);
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else if (c == '\\') out += "\\\\";
        else if (c == '\'') out += "\\'";
        else if (c < 0x20 || c == 0x7F) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\x%02x", c);
            out += esc;
        } else if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            // Copy a whole well-formed character, or escape this one byte.
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            bool ok = n > 1 && i + n <= piece.size();
            for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(piece[i + k]) & 0xC0) == 0x80;
            if (ok) {
                out.append(piece.substr(i, n));
                i += n - 1;
            } else {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\x%02x", c);
                out += esc;
            }
        }
    }
    return out;
}

// "[1, 2, 3]"
std::string id_list(const std::vector<TokenId>& ids) {
    json::Value a = json::Value::array();
    for (TokenId id : ids) a.push_back(static_cast<int64_t>(id));
    return a.dump();
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("lugh tokenize: cannot open '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error("lugh tokenize: cannot read '" + path + "'");
    return ss.str();
}

int run_jsonl(const Tokenizer& tok, std::istream& in, const std::string& source, bool add_bos, bool parse_special) {
    std::string line;
    std::vector<TokenId> ids;
    for (size_t n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string text;
        try {
            const json::Value v = json::parse(line);
            if (!v.is_string()) throw Error("not a JSON string");
            text = v.as_string();
        } catch (const Error& e) {
            throw Error("lugh tokenize: " + source + " line " + std::to_string(n) + ": " + e.what());
        }
        ids.clear();
        tok.encode(text, &ids, add_bos, parse_special);
        write_out(id_list(ids) + "\n");
    }
    if (in.bad()) throw Error("lugh tokenize: cannot read " + source);
    return 0;
}

int tokenize(const std::vector<std::string>& args) {
    std::string model, prompt, file;
    bool from_stdin = false, no_bos = false, parse_special = false, ids_only = false, jsonl = false;
    ArgParser p("lugh tokenize", "-m MODEL (-p TEXT | -f FILE | --stdin) [options]",
                "Print the tokens the model's vocabulary gives a text: `id 'piece'` lines (pieces with "
                "control characters and stray bytes escaped), or the ids alone.");
    p.text(&model, "-m,--model", "MODEL", "a GGUF model or vocabulary file").required("--model");
    p.text(&prompt, "-p,--prompt", "TEXT", "the text to tokenize");
    p.text(&file, "-f,--file", "FILE", "read the text from FILE");
    p.flag(&from_stdin, "--stdin", "read the text from standard input");
    p.flag(&no_bos, "--no-bos", "do not add the BOS (and EOS) the vocabulary asks for");
    p.flag(&parse_special, "--parse-special", "turn control-token text such as <|im_start|> into those tokens");
    p.flag(&ids_only, "--ids", "print one line [id, id, ...]");
    p.flag(&jsonl, "--jsonl", "each input line is a JSON string; print one JSON array of ids per line");
    p.exclusive({"--prompt", "--file", "--stdin"}, true);
    p.exclusive({"--ids", "--jsonl"});
    if (!p.parse(args)) return 0;

    const Tokenizer tok(model);
    const bool add_bos = !no_bos;
    if (jsonl) {
        if (from_stdin) return run_jsonl(tok, std::cin, "standard input", add_bos, parse_special);
        if (!file.empty()) {
            std::ifstream in(file, std::ios::binary);
            if (!in) throw Error("lugh tokenize: cannot open '" + file + "'");
            return run_jsonl(tok, in, "'" + file + "'", add_bos, parse_special);
        }
        std::istringstream in(prompt);
        return run_jsonl(tok, in, "the prompt", add_bos, parse_special);
    }

    std::string text = prompt;
    if (!file.empty()) text = read_file(file);
    if (from_stdin) text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    const std::vector<TokenId> ids = tok.encode(text, add_bos, parse_special);
    if (ids_only) {
        write_out(id_list(ids) + "\n");
        return 0;
    }
    std::string out;
    for (TokenId id : ids) out += std::to_string(id) + " '" + printable(tok.piece(id)) + "'\n";
    write_out(out);
    return 0;
}

}  // namespace

LUGH_COMMAND(tokenize, "tokenize", "print the token ids (and pieces) a model's vocabulary gives a text", tokenize);

}  // namespace lugh::tool
