// WordCache: the tokens of words already merged during one encode call.
//
// Text repeats its words: in a megabyte of prose most words were seen a few
// lines earlier, and merging a word costs a hash lookup per candidate pair
// while finding it here costs one. The cache lives in the call's scratch, so
// threads never share it; it stops growing at a fixed size.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lugh/tokenizer.hpp"

namespace lugh::tokenizer {

class WordCache {
public:
    // Words longer than this are merged every time (they rarely repeat).
    static constexpr size_t kMaxWordBytes = 48;

    // Appends the cached tokens of word to out; false when it is not cached.
    bool find(std::string_view word, uint64_t hash, std::vector<TokenId>* out) const;
    // Remembers word's tokens (out[first, end)), unless the cache is full.
    void insert(std::string_view word, uint64_t hash, const std::vector<TokenId>& out, size_t first);
    void clear();

private:
    struct Slot {
        uint64_t hash = 0;
        uint32_t key = 0, key_len = 0;   // word bytes in keys_
        uint32_t ids = 0, n_ids = 0;     // tokens in ids_
        bool used = false;
    };
    static constexpr size_t kMaxSlots = 1 << 15;   // at most half of them filled
    void grow();
    std::vector<Slot> slots_;   // a power of two, from 1024 up to kMaxSlots
    size_t count_ = 0;
    std::string keys_;
    std::vector<TokenId> ids_;
};

}  // namespace lugh::tokenizer
