// Byte-level BPE: merge ranks and the merging of one pre-tokenized word.
//
// A word's bytes start as one symbol each (the byte-level character of the
// byte). The adjacent pair whose merge comes first in tokenizer.ggml.merges
// (leftmost on ties) becomes one symbol, again and again, until no adjacent
// pair has a merge. Each symbol then is a token, or its bytes fall back to
// single-byte tokens the way llama.cpp does it.
//
// Everything works on raw bytes rather than byte-level text: the byte-level
// mapping is one to one, so a symbol is a range of the word's own bytes, a
// merge is looked up by the bytes of the two ranges (no string is built, no
// merge half needs to be a token), and a token by the bytes it stands for.
// Merges and tokens whose text no byte-level encoding can produce can never
// apply upstream either, and are left out.
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
    static constexpr uint32_t kNoMerge = 0xFFFFFFFFu;

    // Adds merge lines "left right" (byte-level text, split at the first
    // space after the first byte, as upstream), line i of rank first_rank + i.
    // A line without a space is ignored; a repeated pair keeps its first rank.
    void add(const std::string* lines, size_t n, uint32_t first_rank = 0);
    // Indexes tokens 0..n_tokens-1 of texts by the bytes they stand for.
    // Appends to *undecodable the ids of tokens whose text no byte-level
    // encoding produces (left out), and to *repeats (id, earlier id) pairs
    // of tokens with the same text.
    void index_tokens(const StringIndex& texts, uint32_t n_tokens, std::vector<TokenId>* undecodable,
                      std::vector<std::pair<TokenId, TokenId>>* repeats);
    // For each byte, the tokens upstream emits when no token covers it: the
    // tokens whose text is one byte of the byte's character (kNoToken: none).
    void set_byte_fallback(const std::array<std::array<TokenId, 2>, 256>& fallback) { fallback_ = fallback; }

    // The rank of merging bytes p[0, left) with p[left, total), or kNoMerge.
    uint32_t rank(const char* p, size_t left, size_t total) const;
    // The token that stands for exactly these bytes, or kNoToken.
    TokenId token_of_bytes(std::string_view bytes) const {
        const uint32_t k = raw_tokens_.find(bytes);
        return k == StringIndex::kAbsent ? kNoToken : raw_ids_[k];
    }

    size_t size() const { return count_; }
    size_t memory_bytes() const;

    struct Scratch;
    // Appends the tokens of one word (raw bytes). ignore_merges: a word that
    // is one token is taken whole (LLaMA 3 and others).
    void encode_word(std::string_view word, bool ignore_merges, std::vector<TokenId>* out, Scratch* scratch) const;

private:
    void rehash(size_t n_slots);
    void insert(const char* bytes, uint32_t left, uint32_t total, uint64_t hash, uint32_t rank);
    void emit_fallback(std::string_view bytes, std::vector<TokenId>* out) const;

    static constexpr size_t kEntryHeader = 12;   // u32 rank, u32 left length, u32 total length, then the bytes
    ByteBuffer entries_;
    std::vector<uint64_t> slots_;   // hash tag | (entry offset + 1), 0 when empty
    size_t count_ = 0;

    StringIndex raw_tokens_;        // each token's bytes
    std::vector<TokenId> raw_ids_;  // raw_tokens_ index -> token id
    std::array<std::array<TokenId, 2>, 256> fallback_{};   // upstream's per-byte lookups (kNoToken: nothing)
};

struct BpeMerges::Scratch {
    struct Candidate {
        uint32_t rank, left, right, left_len, right_len;
    };
    std::vector<uint32_t> len, prev, next;
    std::vector<Candidate> heap;
};

}  // namespace lugh::tokenizer
