#include "args.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lugh::tool {

namespace {

std::vector<std::string> split_names(const char* names) {
    std::vector<std::string> out;
    std::string cur;
    for (const char* p = names;; ++p) {
        if (*p == ',' || *p == '\0') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
            if (*p == '\0') break;
        } else {
            cur += *p;
        }
    }
    return out;
}

// strtoll and strtod skip any leading white space (tab, newline, ...) and
// stop early; a value must be the whole word, so both are refused.
bool whole_word(const std::string& text, const char* end) {
    return !text.empty() && !std::isspace(static_cast<unsigned char>(text[0])) && end == text.c_str() + text.size();
}

// Values quoted in messages are cut short: an argument may be a whole prompt.
std::string quoted(const std::string& s) {
    return "'" + (s.size() > 40 ? s.substr(0, 40) + "..." : s) + "'";
}

}  // namespace

int64_t parse_integer(const std::string& what, const std::string& text, int64_t min, int64_t max) {
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (!whole_word(text, end))
        throw UsageError(what + ": " + quoted(text) + " is not a whole number");
    if (errno == ERANGE || v < min || v > max)
        throw UsageError(what + ": " + quoted(text) + " is out of range (" + std::to_string(min) + " to " +
                         std::to_string(max) + ")");
    return v;
}

double parse_number(const std::string& what, const std::string& text, double min, double max) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (!whole_word(text, end))
        throw UsageError(what + ": " + quoted(text) + " is not a number");
    if (!std::isfinite(v) || v < min || v > max) {
        char range[96];
        std::snprintf(range, sizeof range, " is out of range (%g to %g)", min, max);
        throw UsageError(what + ": " + quoted(text) + range);
    }
    return v;
}

ArgParser::ArgParser(std::string command, std::string synopsis, std::string description)
    : command_(std::move(command)), synopsis_(std::move(synopsis)), description_(std::move(description)) {}

ArgParser& ArgParser::add(const char* names, const char* metavar, const char* help, bool takes_value,
                          std::function<void(const std::string&, const std::string&)> set) {
    Option o;
    o.names = split_names(names);
    o.metavar = metavar ? metavar : "";
    o.help = help;
    o.takes_value = takes_value;
    o.set = std::move(set);
    options_.push_back(std::move(o));
    return *this;
}

ArgParser& ArgParser::text(std::string* out, const char* names, const char* metavar, const char* help) {
    return add(names, metavar, help, true, [out](const std::string&, const std::string& v) { *out = v; });
}

ArgParser& ArgParser::number(double* out, const char* names, const char* metavar, const char* help, double min,
                             double max) {
    return add(names, metavar, help, true, [out, min, max](const std::string& name, const std::string& v) {
        *out = parse_number(name, v, min, max);
    });
}

ArgParser& ArgParser::add_integer(const char* names, const char* metavar, const char* help, int64_t min,
                                  int64_t max, std::function<void(int64_t)> store) {
    return add(names, metavar, help, true, [store, min, max](const std::string& name, const std::string& v) {
        store(parse_integer(name, v, min, max));
    });
}

ArgParser& ArgParser::flag(bool* out, const char* names, const char* help) {
    return add(names, nullptr, help, false, [out](const std::string&, const std::string&) { *out = true; });
}

ArgParser& ArgParser::list(std::vector<std::string>* out, const char* names, const char* metavar, const char* help) {
    add(names, metavar, help, true, [out](const std::string&, const std::string& v) { out->push_back(v); });
    options_.back().repeatable = true;
    return *this;
}

ArgParser& ArgParser::positional(std::string* out, const char* metavar, const char* help, bool optional) {
    positionals_.push_back({out, metavar, help, optional});
    return *this;
}

ArgParser& ArgParser::required(const char* name) {
    Option* o = find(name);
    if (!o) throw std::logic_error(command_ + ": required() names an undeclared option " + name);
    o->required = true;
    return *this;
}

ArgParser& ArgParser::exclusive(std::vector<std::string> names, bool need_one) {
    for (const auto& n : names)
        if (!find(n)) throw std::logic_error(command_ + ": exclusive() names an undeclared option " + n);
    exclusive_.emplace_back(std::move(names), need_one);
    return *this;
}

ArgParser::Option* ArgParser::find(const std::string& name) {
    for (auto& o : options_)
        for (const auto& n : o.names)
            if (n == name) return &o;
    return nullptr;
}

const ArgParser::Option* ArgParser::find(const std::string& name) const {
    return const_cast<ArgParser*>(this)->find(name);
}

bool ArgParser::given(const char* name) const {
    const Option* o = find(name);
    return o && o->seen;
}

bool ArgParser::parse(const std::vector<std::string>& args) {
    size_t next_positional = 0;
    bool options_done = false;
    auto take_positional = [&](const std::string& word) {
        if (next_positional >= positionals_.size()) throw UsageError("unexpected argument " + quoted(word));
        *positionals_[next_positional++].out = word;
    };
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        // "-" alone is a value (standard input), and so is anything after "--".
        if (options_done || word.size() < 2 || word[0] != '-') {
            take_positional(word);
            continue;
        }
        if (word == "--") {
            options_done = true;
            continue;
        }
        if (word == "-h" || word == "--help") {
            std::fputs(help().c_str(), stdout);
            return false;
        }
        std::string name = word, value;
        bool inline_value = false;
        const size_t eq = word.find('=');
        if (word.compare(0, 2, "--") == 0 && eq != std::string::npos) {
            name = word.substr(0, eq);
            value = word.substr(eq + 1);
            inline_value = true;
        }
        Option* o = find(name);
        if (!o) throw UsageError("unknown option " + quoted(name));
        if (o->seen && !o->repeatable) throw UsageError(name + " is given twice");
        if (!o->takes_value) {
            if (inline_value) throw UsageError(name + " takes no value");
        } else if (!inline_value) {
            if (i + 1 >= args.size()) throw UsageError(name + " needs a value (" + o->metavar + ")");
            value = args[++i];
        }
        o->set(name, value);
        o->seen = true;
    }
    for (size_t p = next_positional; p < positionals_.size(); ++p)
        if (!positionals_[p].optional) throw UsageError("missing " + positionals_[p].metavar);
    for (const auto& o : options_)
        if (o.required && !o.seen) throw UsageError("missing " + o.names.back() + " " + o.metavar);
    for (const auto& [names, need_one] : exclusive_) {
        std::vector<std::string> seen;
        for (const auto& n : names)
            if (given(n.c_str())) seen.push_back(n);
        if (seen.size() > 1) throw UsageError(seen[0] + " and " + seen[1] + " cannot be used together");
        if (need_one && seen.empty()) {
            std::string all;
            for (size_t k = 0; k < names.size(); ++k) all += (k ? (k + 1 == names.size() ? " or " : ", ") : "") + names[k];
            throw UsageError("one of " + all + " is needed");
        }
    }
    return true;
}

std::string ArgParser::help() const {
    std::string out = "usage: " + command_ + (synopsis_.empty() ? "" : " " + synopsis_) + "\n";
    if (!description_.empty()) out += "\n" + description_ + "\n";
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& p : positionals_) rows.emplace_back(p.metavar, p.help);
    for (const auto& o : options_) {
        std::string left;
        for (size_t k = 0; k < o.names.size(); ++k) left += (k ? ", " : "") + o.names[k];
        if (o.takes_value) left += " " + o.metavar;
        std::string right = o.help;
        if (o.required) right += " (required)";
        if (o.repeatable) right += " (repeatable)";
        rows.emplace_back(left, right);
    }
    rows.emplace_back("-h, --help", "show this help");
    size_t width = 0;
    for (const auto& r : rows) width = r.first.size() > width ? r.first.size() : width;
    out += "\n";
    for (const auto& [left, right] : rows) out += "  " + left + std::string(width - left.size() + 2, ' ') + right + "\n";
    return out;
}

}  // namespace lugh::tool
