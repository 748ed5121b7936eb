// StringIndex: many short strings stored back to back in one buffer, and an
// open-addressing hash table from their bytes to their index.
//
// A vocabulary of 150K tokens as std::unordered_map<std::string, int> costs one
// allocation per token and several pointer chases per probe. Here each string
// sits in one buffer behind an 8-byte header (its length and index), and a
// table slot holds 32 bits of the hash and the string's offset: a lookup
// touches one slot and one string, and never allocates. Indices are dense, in
// insertion order, so token ids can be the indices themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lugh::tokenizer {

// 64-bit hash of a byte string.
uint64_t hash_bytes(const void* data, size_t n);

// An append-only byte buffer for records "fixed header, then bytes": one
// copy per record and no zero fill (std::string::append costs two calls).
class ByteBuffer {
public:
    const char* data() const { return buf_.get(); }
    size_t size() const { return size_; }
    size_t capacity() const { return cap_; }
    void reserve(size_t n);
    // Appends header[0, n_header) then bytes[0, n); returns where the bytes start.
    size_t append(const void* header, size_t n_header, const void* bytes, size_t n) {
        if (size_ + n_header + n > cap_) reserve(std::max(2 * cap_, size_ + n_header + n + 64));
        std::memcpy(buf_.get() + size_, header, n_header);
        std::memcpy(buf_.get() + size_ + n_header, bytes, n);
        size_ += n_header + n;
        return size_ - n;
    }

private:
    std::unique_ptr<char[]> buf_;
    size_t size_ = 0, cap_ = 0;
};

class StringIndex {
public:
    static constexpr uint32_t kAbsent = 0xFFFFFFFFu;

    // hashed = false: strings are only stored (every insert adds one, find
    // finds nothing), for strings that are looked up some other way.
    explicit StringIndex(bool hashed = true) : hashed_(hashed) {}

    // Room for n strings of total_bytes without rehashing or regrowing.
    void reserve(size_t n, size_t total_bytes);

    // The index of s, adding it if absent. *added says which happened.
    uint32_t insert(std::string_view s, bool* added = nullptr);
    // insert() for each of n strings in order, ids[i] and added[i] for each:
    // the same result, faster for many (table slots are fetched ahead).
    void insert_all(const std::string_view* strings, size_t n, uint32_t* ids, bool* added);
    // The index of s, or kAbsent.
    uint32_t find(std::string_view s) const;

    std::string_view text(uint32_t i) const { return text_at(offsets_[i]); }
    size_t size() const { return offsets_.size(); }
    // Heap bytes held (strings, offsets, table).
    size_t memory_bytes() const;

private:
    static constexpr size_t kHeader = 8;   // u32 length, u32 index, then the bytes
    void rehash(size_t slots);
    uint32_t insert_hashed(std::string_view s, uint64_t h, bool* added);
    std::string_view text_at(uint32_t offset) const {
        const char* p = bytes_.data() + offset;
        uint32_t len;
        std::memcpy(&len, p - kHeader, sizeof len);
        return std::string_view(p, len);
    }

    ByteBuffer bytes_;
    std::vector<uint32_t> offsets_;   // where string i's bytes start in bytes_
    std::vector<uint64_t> slots_;     // hash >> 32 << 32 | (offset + 1); 0 when empty; a power of two
    bool hashed_ = true;
};

}  // namespace lugh::tokenizer
