// Compiling and running pre-tokenizer patterns with PCRE2.
#include "tokenizer/pre_tokenizer.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>

#include "core/check.hpp"
#include "tokenizer/utf8.hpp"

namespace lugh::tokenizer {

namespace {

// Unicode White_Space, the set llama.cpp's \s stands for (its unicode_set_whitespace).
// PCRE2's own \s with UCP also takes U+180E, which Unicode no longer counts.
const char* const kWhiteSpace = R"(\t-\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000})";

std::string pcre2_message(int code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(code, buf, sizeof buf);
    return reinterpret_cast<const char*>(buf);
}

}  // namespace

std::string expand_whitespace_classes(const std::string& pattern) {
    std::string out;
    bool in_class = false;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            const char e = pattern[i + 1];
            ++i;
            if (e == 's') {
                out += in_class ? std::string(kWhiteSpace) : "[" + std::string(kWhiteSpace) + "]";
            } else if (e == 'S') {
                if (in_class) core::fail("lugh: tokenizer: pattern '%s': \\S inside a class is not supported", pattern.c_str());
                out += "[^" + std::string(kWhiteSpace) + "]";
            } else {
                out += c;
                out += e;
            }
            continue;
        }
        if (!in_class && c == '[') {
            in_class = true;
            out += c;
            // A ']' first in the class (after an optional '^') is a literal.
            if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
            if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
            continue;
        }
        if (in_class && c == ']') in_class = false;
        out += c;
    }
    return out;
}

struct PreTokenizer::Pattern {
    std::string source;
    pcre2_code* code = nullptr;
    ~Pattern() { pcre2_code_free(code); }
};

PreTokenizer::Scratch::~Scratch() { pcre2_match_data_free(static_cast<pcre2_match_data*>(match)); }

PreTokenizer::PreTokenizer(const std::vector<std::string>& patterns) {
    for (const std::string& p : patterns) {
        auto pat = std::make_unique<Pattern>();
        pat->source = expand_whitespace_classes(p);
        int err = 0;
        PCRE2_SIZE err_at = 0;
        pat->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pat->source.data()), pat->source.size(),
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY, &err, &err_at, nullptr);
        if (!pat->code)
            core::fail("lugh: tokenizer: pre-tokenizer pattern '%s' does not compile at offset %zu: %s", p.c_str(),
                       static_cast<size_t>(err_at), pcre2_message(err).c_str());
        // Without JIT (some platforms) the interpreter gives the same matches, slower.
        pcre2_jit_compile(pat->code, PCRE2_JIT_COMPLETE);
        uint32_t captures = 0;
        pcre2_pattern_info(pat->code, PCRE2_INFO_CAPTURECOUNT, &captures);
        max_pairs_ = std::max(max_pairs_, captures + 1);
        patterns_.push_back(std::move(pat));
    }
}

PreTokenizer::~PreTokenizer() = default;

const std::string& PreTokenizer::compiled_pattern(size_t i) const { return patterns_.at(i)->source; }


namespace {

// One match of code in subject[0, len) from start; false when there is none.
bool find_match(const pcre2_code* code, const char* subject, size_t len, size_t start, uint32_t options,
                pcre2_match_data* md, size_t* begin, size_t* end) {
    const auto* s = reinterpret_cast<PCRE2_SPTR>(subject);
    int rc = pcre2_match(code, s, len, start, options | PCRE2_NO_UTF_CHECK, md, nullptr);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)   // a long word on a pattern that backtracks: the interpreter uses the heap
        rc = pcre2_match(code, s, len, start, options | PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, md, nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) return false;
    if (rc < 0)
        core::fail("lugh: tokenizer: pre-tokenizer pattern failed on a %zu-byte piece of text: %s", len,
                   pcre2_message(rc).c_str());
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    *begin = ov[0];
    *end = ov[1];
    return true;
}

// Cuts piece of text into matches of code and the gaps between them; an empty
// match only cuts (as upstream, where it adds a word of length zero).
void cut(const pcre2_code* code, std::string_view text, Span piece, pcre2_match_data* md, std::vector<Span>* out) {
    const char* subject = text.data() + piece.begin;
    const size_t len = piece.end - piece.begin;
    const auto push = [&](size_t b, size_t e) {
        out->push_back({static_cast<uint32_t>(piece.begin + b), static_cast<uint32_t>(piece.begin + e)});
    };
    size_t start = 0, last = 0;
    uint32_t options = 0;
    while (start <= len) {
        size_t b = 0, e = 0;
        if (!find_match(code, subject, len, start, options, md, &b, &e)) {
            if (options == 0) break;
            // No non-empty match where the empty one was: step over one character.
            options = 0;
            start = start < len ? start + std::min(utf8_length(static_cast<unsigned char>(subject[start])), len - start)
                                : len + 1;
            continue;
        }
        if (b > last) push(last, b);
        if (e > b) {
            push(b, e);
            options = 0;
        } else {
            options = PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED;
        }
        last = start = e;
    }
    if (last < len) push(last, len);
}

}  // namespace

void PreTokenizer::split(std::string_view text, std::vector<Span>* words, Scratch* scratch) const {
    words->clear();
    if (text.empty()) return;
    const Span whole{0, static_cast<uint32_t>(text.size())};
    if (patterns_.empty()) {
        words->push_back(whole);
        return;
    }
    if (scratch->match_pairs < max_pairs_) {
        pcre2_match_data_free(static_cast<pcre2_match_data*>(scratch->match));
        scratch->match = pcre2_match_data_create(max_pairs_, nullptr);
        if (!scratch->match) core::fail("lugh: tokenizer: out of memory for regex match data");
        scratch->match_pairs = max_pairs_;
    }
    auto* md = static_cast<pcre2_match_data*>(scratch->match);
    const std::vector<Span>* pieces = nullptr;
    for (size_t i = 0; i < patterns_.size(); ++i) {
        const bool last = i + 1 == patterns_.size();
        std::vector<Span>* next = last ? words : (pieces == &scratch->a ? &scratch->b : &scratch->a);
        next->clear();
        if (i == 0) {
            cut(patterns_[i]->code, text, whole, md, next);
        } else {
            for (const Span& p : *pieces) cut(patterns_[i]->code, text, p, md, next);
        }
        pieces = next;
    }
}

}  // namespace lugh::tokenizer
