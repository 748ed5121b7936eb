// Pre-tokenizers of byte-level BPE: the regular expressions that cut text
// into words before any merge, as tokenizer.ggml.pre names them.
//
// A pre-tokenizer is a list of patterns applied in turn: the first cuts the
// text into matches and the gaps between them, the next cuts each of those
// pieces again, and so on (llama.cpp's unicode_regex_split). Patterns are
// compiled once with PCRE2 (UTF, Unicode properties, JIT).
//
// They are written so that PCRE2 on real text gives exactly the words that
// llama.cpp gives, although llama.cpp runs them three different ways (hand
// written splitters for the GPT-2 and LLaMA 3 patterns, std::regex over text
// whose non-ASCII characters are collapsed to one byte per Unicode category,
// std::wregex with non-ASCII white space replaced by \v). What that takes is
// listed in docs/tokenizer.md; in short: \s means exactly the Unicode
// White_Space characters, '$' only the end of a piece, and a character
// class never holds non-ASCII white space.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lugh::tokenizer {

// What a `pre` name means: its patterns and the vocabulary flags it implies.
struct PreTokenizerRules {
    std::string name;                   // as found in the file
    std::vector<std::string> patterns;  // PCRE2 syntax, \s not yet expanded
    bool clean_spaces = true;           // decode removes " ." " ," " 's" ... (clean_up_tokenization_spaces)
    bool ignore_merges = false;         // a word that is a whole token is taken as is
    bool add_bos = false;               // BOS by default (a file's add_bos_token overrides)
    bool no_default_bos = false;        // the family has no BOS unless the file names one
};

// The rules for a `pre` name ("" means "default", as upstream); nullptr when unknown.
std::unique_ptr<PreTokenizerRules> find_pre_tokenizer(std::string_view pre);
// Every name find_pre_tokenizer accepts, comma separated (for error messages and docs).
std::string supported_pre_tokenizers();

// A byte range [begin, end) of the text being split.
struct Span {
    uint32_t begin, end;
};

class PreTokenizer {
public:
    // Compiles the patterns; throws lugh::Error naming the pattern if PCRE2 refuses it.
    explicit PreTokenizer(const std::vector<std::string>& patterns);
    ~PreTokenizer();
    PreTokenizer(const PreTokenizer&) = delete;
    PreTokenizer& operator=(const PreTokenizer&) = delete;

    // What one caller's splits write to (one per thread; reusable across calls).
    struct Scratch {
        Scratch() = default;
        ~Scratch();
        Scratch(const Scratch&) = delete;
        Scratch& operator=(const Scratch&) = delete;
        void* match = nullptr;    // pcre2_match_data, made by the first split
        uint32_t match_pairs = 0;
        std::vector<Span> a, b;   // the pieces between two patterns
    };
    // Cuts valid UTF-8 text into words, in order, covering all of it.
    // Thread-safe: all state of a call lives in `scratch`.
    void split(std::string_view text, std::vector<Span>* words, Scratch* scratch) const;

    // The pattern as compiled (after \s expansion), for messages and tests.
    const std::string& compiled_pattern(size_t i) const;

private:
    struct Pattern;
    std::vector<std::unique_ptr<Pattern>> patterns_;
    uint32_t max_pairs_ = 1;   // ovector pairs any pattern needs
};

// A pattern with \s and \S replaced by the White_Space class (inside and
// outside character classes), as PreTokenizer compiles it.
std::string expand_whitespace_classes(const std::string& pattern);

}  // namespace lugh::tokenizer
