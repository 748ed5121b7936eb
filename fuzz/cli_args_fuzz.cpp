// libFuzzer target: lugh::tool::ArgParser, the option parser of every `lugh`
// command, on arbitrary command lines.
//
// The input is the argument words separated by NUL bytes; its first byte
// picks the parser's declarations (required options, exclusive groups). A
// parse either throws UsageError or returns values that keep every promise
// of args.hpp: integers within their range and of their type, numbers finite
// and within range, each non-repeatable option at most once. Anything else
// (another exception, a crash, a sanitizer report) is a bug.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "args.hpp"

using lugh::tool::ArgParser;
using lugh::tool::UsageError;

namespace {

std::vector<std::string> words_of(const uint8_t* data, size_t size) {
    std::vector<std::string> words;
    std::string cur;
    for (size_t i = 0; i < size && words.size() < 64; ++i) {
        if (data[i] == 0) {
            words.push_back(cur);
            cur.clear();
        } else {
            cur += static_cast<char>(data[i]);
        }
    }
    if (!cur.empty()) words.push_back(cur);
    return words;
}

void check(bool ok) {
    if (!ok) std::abort();
}

// What an integer value may look like: an optional sign, then digits only.
bool is_plain_integer(const std::string& w) {
    const size_t digits = w.find_first_not_of("+-") == 1 ? 1 : 0;
    if (w.size() <= digits) return false;
    for (size_t i = digits; i < w.size(); ++i)
        if (w[i] < '0' || w[i] > '9') return false;
    return true;
}

// Each word as a bare value too, with the range taken from the input.
void values(const std::vector<std::string>& words, uint8_t shape) {
    const int64_t lo = -static_cast<int64_t>(shape) * 1000, hi = static_cast<int64_t>(shape) << 20;
    for (const auto& w : words) {
        try {
            const int64_t v = lugh::tool::parse_integer("N", w, lo, hi);
            check(v >= lo && v <= hi && is_plain_integer(w) && std::strtoll(w.c_str(), nullptr, 10) == v);
        } catch (const UsageError&) {
        }
        try {
            const double v = lugh::tool::parse_number("X", w, -1.5, 1e6);
            check(std::isfinite(v) && v >= -1.5 && v <= 1e6);
        } catch (const UsageError&) {
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t shape = data[0];
    const std::vector<std::string> args = words_of(data + 1, size - 1);

    std::string model, prompt, in, out;
    double temp = 0.8;
    int64_t n = 32;
    int32_t threads = 1;
    uint8_t level = 0;
    bool json = false, quiet = false;
    std::vector<std::string> extra;
    ArgParser p("lugh fuzz", "-m MODEL [options] IN [OUT]", "A parser with every kind of option.");
    p.text(&model, "-m,--model", "MODEL", "a file")
        .text(&prompt, "-p,--prompt", "TEXT", "a prompt")
        .number(&temp, "--temp", "T", "a number", 0, 100)
        .integer(&n, "-n,--n-predict", "N", "a count", -1, 1 << 20)
        .integer(&threads, "-t,--threads", "N", "threads", 1, 512)
        .integer(&level, "--level", "L", "a byte")
        .flag(&json, "--json", "a flag")
        .flag(&quiet, "-q,--quiet", "another")
        .list(&extra, "-x,--extra", "X", "repeatable")
        .positional(&in, "IN", "input")
        .positional(&out, "OUT", "output", true);
    if (shape & 1) p.required("--model");
    if (shape & 2) p.exclusive({"--json", "--quiet"}, (shape & 4) != 0);
    if (shape & 8) p.exclusive({"--temp", "-n", "--prompt"});
    try {
        if (p.parse(args)) {
            check(std::isfinite(temp) && temp >= 0 && temp <= 100);
            check(n >= -1 && n <= (1 << 20));
            check(threads >= 1 && threads <= 512);
            check(!(shape & 1) || p.given("--model"));
            check(!(shape & 2) || !(json && quiet));
            check(!(shape & 2 && shape & 4) || json || quiet);
            check(json == p.given("--json") && quiet == p.given("-q"));
            size_t times = 0;   // each spelling of --extra adds one value
            for (const auto& a : args) times += a == "-x" || a == "--extra" || a.rfind("--extra=", 0) == 0;
            check(extra.size() <= times);
        }
    } catch (const UsageError& e) {
        check(e.what()[0] != '\0');
    }
    check(!p.help().empty());
    values(args, shape);
    return 0;
}
