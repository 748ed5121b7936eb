// Finding special tokens inside text before the algorithm sees it.
//
// Upstream (llama.cpp's tokenizer_st_partition) takes the special tokens from
// the longest text to the shortest, and for each one cuts every piece of text
// not yet claimed at each of its occurrences, left to right. Control and
// unknown tokens take part only when special parsing is on; user-defined
// tokens always do. A token with the lstrip/rstrip attribute also swallows the
// ASCII white space next to it (inside the same piece).
//
// Rather than re-scanning the text once per special token, all occurrences
// of all of them are found in one pass over a trie, then accepted in the same
// order upstream would take them: by token (longest first), then by position,
// an occurrence being taken when none of its bytes is claimed yet.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lugh/tokenizer.hpp"

namespace lugh::tokenizer {

// A piece of the text to encode: plain text [begin, end), or one special token.
struct Fragment {
    TokenId token;          // kNoToken for text
    uint32_t begin, end;    // text bytes (empty for a token)
};

class SpecialMatcher {
public:
    struct Token {
        TokenId id;
        std::string_view text;   // points into the vocabulary's strings
        bool always;             // user-defined: matched even without special parsing
        bool lstrip, rstrip;
    };
    // tokens: every control, user-defined and unknown token.
    void build(std::vector<Token> tokens);

    struct Scratch {
        std::vector<std::pair<uint32_t, uint32_t>> found;   // (rank of token, position)
        std::vector<uint8_t> claimed;
        std::vector<std::pair<uint32_t, uint32_t>> taken;   // (position, rank)
    };
    // Cuts text into fragments, in order.
    void split(std::string_view text, bool parse_special, std::vector<Fragment>* out, Scratch* scratch) const;

    size_t size() const { return tokens_.size(); }

private:
    std::vector<Token> tokens_;                 // upstream's order: longest text first (then lower id)
    std::vector<uint32_t> node_token_;          // trie node -> rank of the token ending there, or ~0
    std::unordered_map<uint64_t, uint32_t> edges_;   // (node << 8 | byte) -> child node
    bool first_byte_[256] = {};
    bool any_always_ = false;
};

}  // namespace lugh::tokenizer
