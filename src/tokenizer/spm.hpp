// SentencePiece-style BPE (tokenizer.ggml.model "llama"), as llama.cpp runs it.
//
// Spaces become U+2581 ('▁'), with one in front of the text where the
// vocabulary adds a space prefix. The text starts as one symbol per character
// (its length read from the first byte only, so broken UTF-8 still makes
// symbols). The adjacent pair whose concatenation is the token of highest
// score (leftmost on ties) merges, again and again, until no adjacent pair
// forms a token. A symbol that is not a token falls back to its bytes: the
// <0xNN> tokens (or one-byte tokens).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lugh/tokenizer.hpp"
#include "tokenizer/word_cache.hpp"

namespace lugh::tokenizer {

struct Vocab;

struct SpmScratch {
    struct Candidate {
        float score;
        uint32_t left, right, size;
    };
    std::string text;
    std::vector<uint32_t> start, len, prev, next;
    std::vector<Candidate> heap;
    WordCache cache;
};

// Appends the tokens of one piece of text (no special tokens inside);
// space_prefix puts the '▁' in front.
//
// Merging is local: where no token holds a '▁' after another character
// (spm_segments_are_independent), no merge can cross the start of a word,
// so each word ("▁the", "▁▁▁return") merges on its own with the same result
// as the whole text would, and a repeated word is looked up in the cache.
void spm_encode(const Vocab& v, std::string_view text, bool space_prefix, std::vector<TokenId>* out,
                SpmScratch* scratch);
// Whether words can be merged one by one for this vocabulary: no token has a
// '▁' after its first character, unless it is all '▁'s.
bool spm_segments_are_independent(const Vocab& v);

}  // namespace lugh::tokenizer
