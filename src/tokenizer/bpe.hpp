// Byte-level BPE: merge ranks and the merging of one pre-tokenized word.
//
// A word's bytes start as one symbol each (the byte-level character of the
// byte). The adjacent pair whose merge comes first in tokenizer.ggml.merges
// (leftmost on ties) becomes one symbol, again and again, until no adjacent
// pair has a merge. Each symbol then is a token, or its bytes fall back to
// single-byte tokens the way llama.cpp does it.
//
// Symbols are string ids in the vocabulary's StringIndex rather than strings:
// a merge is a lookup of the pair (left id, right id) in a flat hash table,
// with no string built. Merge halves that are not tokens get ids after the
// tokens, so merges through them still happen as upstream's string merges do.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lugh/tokenizer.hpp"
#include "tokenizer/string_index.hpp"

namespace lugh::tokenizer {

class BpeMerges {
public:
    struct Merge {
        uint32_t rank;     // position in tokenizer.ggml.merges: lower merges first
        uint32_t result;   // string id of left + right
    };

    // Adds a merge line "left right" (split at the first space after the first
    // byte, as upstream); a line without one is ignored, a repeated pair keeps
    // its first rank. Strings not yet in texts are added to it.
    void add(std::string_view line, uint32_t rank, StringIndex* texts);
    void reserve(size_t n_merges);
    // After every add: the byte tables below, from the vocabulary's tokens.
    void finish(const StringIndex& texts, uint32_t n_tokens);

    bool find(uint32_t left, uint32_t right, Merge* out) const;
    size_t size() const { return count_; }
    size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

    struct Scratch;
    // Appends the tokens of one word (raw bytes, not yet byte-level encoded).
    void encode_word(std::string_view word, const StringIndex& texts, uint32_t n_tokens, bool ignore_merges,
                     std::vector<TokenId>* out, Scratch* scratch) const;

private:
    struct Slot {
        uint64_t key;   // left << 32 | right; kEmpty when unused
        Merge merge;
    };
    static constexpr uint64_t kEmpty = ~0ull;
    void grow();
    void emit_fallback(std::string_view bytes, std::vector<TokenId>* out) const;

    std::vector<Slot> slots_;
    size_t count_ = 0;
    std::array<uint32_t, 256> byte_symbol_{};              // string id of each byte's character
    std::array<std::array<TokenId, 2>, 256> fallback_{};   // upstream's per-byte lookups (kNoToken: nothing)
};

struct BpeMerges::Scratch {
    struct Candidate {
        uint32_t rank, left, right, left_id, right_id, result;
    };
    std::vector<uint32_t> id, prev, next;
    std::vector<Candidate> heap;
    std::string encoded;
};

}  // namespace lugh::tokenizer
