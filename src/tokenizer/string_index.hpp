// StringIndex: many short strings stored back to back in one buffer, and an
// open-addressing hash table from their bytes to their index.
//
// A vocabulary of 150K tokens as std::unordered_map<std::string, int> costs one
// allocation per token and a pointer chase per probe; here the strings live in
// one block, the table is one array of 32-bit indices, and a lookup of a
// string_view never allocates. Indices are dense, in insertion order, so token
// ids can be the indices themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace lugh::tokenizer {

// 64-bit hash of a byte string (8 bytes per step, then a final mix).
uint64_t hash_bytes(const void* data, size_t n);

class StringIndex {
public:
    static constexpr uint32_t kAbsent = 0xFFFFFFFFu;

    // Room for n strings of total_bytes without rehashing or regrowing.
    void reserve(size_t n, size_t total_bytes);

    // The index of s, adding it if absent. *added says which happened.
    uint32_t insert(std::string_view s, bool* added = nullptr);
    // The index of s, or kAbsent.
    uint32_t find(std::string_view s) const { return find_hashed(s, hash_bytes(s.data(), s.size())); }
    // The index of a + b without building the concatenation, or kAbsent.
    uint32_t find_concat(std::string_view a, std::string_view b) const;

    std::string_view text(uint32_t i) const {
        return std::string_view(bytes_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
    }
    size_t size() const { return offsets_.size() - 1; }
    // Heap bytes held (strings, offsets, table).
    size_t memory_bytes() const;

private:
    uint32_t find_hashed(std::string_view s, uint64_t h) const;
    void grow_table();

    std::string bytes_;
    std::vector<uint32_t> offsets_{0};     // string i is bytes_[offsets_[i], offsets_[i+1])
    std::vector<uint32_t> slots_;          // index per slot, kAbsent when empty; size a power of two
    std::vector<uint32_t> slot_hash_;      // low 32 bits of the hash per slot: most misses never touch bytes_
};

}  // namespace lugh::tokenizer
