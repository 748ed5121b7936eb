// Command-line options for `lugh` commands: declared once, parsed strictly,
// with the --help text made from the same declarations.
//
//     std::string model; int64_t n = 32; double temp = 0.8; bool json = false;
//     ArgParser p("lugh run", "-m MODEL -p PROMPT [options]", "Generate text from a prompt.");
//     p.text(&model, "-m,--model", "MODEL", "the GGUF model file").required("--model");
//     p.integer(&n, "-n,--n-predict", "N", "tokens to generate", 0, 1 << 20);
//     p.number(&temp, "--temp", "T", "sampling temperature (0: greedy)", 0, 100);
//     p.flag(&json, "--json", "print one JSON object instead of streaming");
//     if (!p.parse(args)) return 0;        // --help was printed
//
// Every value is checked whole: "12x", "1.5" for an integer, "nan", a number
// out of range, an option given twice, an unknown option, a missing value or
// a missing required option is a UsageError naming the option. Values may
// follow as the next argument or after '=' (--temp=0.5); "--" ends options.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace lugh::tool {

// Bad usage: main() prints it with a pointer to --help and exits with 2.
class UsageError : public std::runtime_error {
public:
    explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

class ArgParser {
public:
    // command: "lugh run"; synopsis: what follows it in the usage line;
    // description: a paragraph for --help.
    ArgParser(std::string command, std::string synopsis, std::string description = "");

    // names: comma-separated spellings, e.g. "-m,--model". metavar names the value in --help.
    ArgParser& text(std::string* out, const char* names, const char* metavar, const char* help);
    ArgParser& number(double* out, const char* names, const char* metavar, const char* help, double min, double max);
    ArgParser& flag(bool* out, const char* names, const char* help);
    // Repeatable: each occurrence appends one value.
    ArgParser& list(std::vector<std::string>* out, const char* names, const char* metavar, const char* help);
    // A whole number in [min, max], stored in any integer type.
    template <class Int>
    ArgParser& integer(Int* out, const char* names, const char* metavar, const char* help,
                       int64_t min = std::numeric_limits<Int>::min(), int64_t max = std::numeric_limits<Int>::max()) {
        return add_integer(names, metavar, help, min, max, [out](int64_t v) { *out = static_cast<Int>(v); });
    }
    // A positional argument, in declaration order; required unless optional is true.
    ArgParser& positional(std::string* out, const char* metavar, const char* help, bool optional = false);
    // The option (any of its spellings) must be given.
    ArgParser& required(const char* name);
    // At most one of these options may be given; with need_one, exactly one.
    ArgParser& exclusive(std::vector<std::string> names, bool need_one = false);

    // Parse args (the words after the command). Returns false when -h/--help
    // was given: the help text went to stdout and the command should return 0.
    bool parse(const std::vector<std::string>& args);
    // Whether the option was given on the command line (any spelling).
    bool given(const char* name) const;
    // The --help text.
    std::string help() const;

private:
    struct Option {
        std::vector<std::string> names;
        std::string metavar, help;
        bool takes_value = true, repeatable = false, required = false, seen = false;
        std::function<void(const std::string& name, const std::string& value)> set;
    };
    struct Positional {
        std::string* out;
        std::string metavar, help;
        bool optional;
    };
    ArgParser& add(const char* names, const char* metavar, const char* help, bool takes_value,
                   std::function<void(const std::string&, const std::string&)> set);
    ArgParser& add_integer(const char* names, const char* metavar, const char* help, int64_t min, int64_t max,
                           std::function<void(int64_t)> store);
    Option* find(const std::string& name);
    const Option* find(const std::string& name) const;

    std::string command_, synopsis_, description_;
    std::vector<Option> options_;
    std::vector<Positional> positionals_;
    std::vector<std::pair<std::vector<std::string>, bool>> exclusive_;
};

// Parsers for values that are not options (a comma-separated token list, say).
int64_t parse_integer(const std::string& what, const std::string& text, int64_t min, int64_t max);
double parse_number(const std::string& what, const std::string& text, double min, double max);

}  // namespace lugh::tool
