#include "tokenizer/string_index.hpp"

#include <algorithm>

#include "core/check.hpp"

namespace lugh::tokenizer {

namespace {

inline uint64_t load64(const unsigned char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

inline uint64_t mix(uint64_t a, uint64_t b) {
    const __uint128_t m = static_cast<__uint128_t>(a) * b;
    return static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64);
}

constexpr uint64_t kSeed = 0x9E3779B97F4A7C15ull;
constexpr uint64_t kMul = 0xD6E8FEB86659FD93ull;

}  // namespace

uint64_t hash_bytes(const void* data, size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    uint64_t h = kSeed ^ (n * kMul);
    for (; n >= 8; p += 8, n -= 8) h = mix(h ^ load64(p), kMul);
    if (n > 0) {
        uint64_t tail = 0;   // the last 1..7 bytes, zero padded
        std::memcpy(&tail, p, n);
        h = mix(h ^ tail, kMul);
    }
    return mix(h, kSeed);
}

void ByteBuffer::reserve(size_t n) {
    if (n <= cap_) return;
    std::unique_ptr<char[]> bigger(new char[n]);
    if (size_) std::memcpy(bigger.get(), buf_.get(), size_);
    buf_ = std::move(bigger);
    cap_ = n;
}

void StringIndex::reserve(size_t n, size_t total_bytes) {
    bytes_.reserve(bytes_.size() + total_bytes + n * kHeader);
    offsets_.reserve(n);
    if (!hashed_) return;
    size_t want = 16;
    while (4 * n > 3 * want) want *= 2;   // at most 3/4 full: linear probes stay short
    if (want > slots_.size()) rehash(want);
}

void StringIndex::rehash(size_t n_slots) {
    slots_.assign(n_slots, 0);
    const size_t mask = n_slots - 1;
    for (uint32_t off : offsets_) {
        const std::string_view s = text_at(off);
        const uint64_t h = hash_bytes(s.data(), s.size());
        size_t i = h & mask;
        while (slots_[i] != 0) i = (i + 1) & mask;
        slots_[i] = (h & 0xFFFFFFFF00000000ull) | (off + 1u);
    }
}

uint32_t StringIndex::find(std::string_view s) const {
    if (!hashed_ || slots_.empty()) return kAbsent;
    const uint64_t h = hash_bytes(s.data(), s.size());
    const uint64_t tag = h & 0xFFFFFFFF00000000ull;
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const uint64_t slot = slots_[i];
        if (slot == 0) return kAbsent;
        if ((slot & 0xFFFFFFFF00000000ull) != tag) continue;
        const char* p = bytes_.data() + static_cast<uint32_t>(slot - 1);
        uint32_t header[2];
        std::memcpy(header, p - kHeader, sizeof header);
        if (header[0] == s.size() && std::memcmp(p, s.data(), s.size()) == 0) return header[1];
    }
}

uint32_t StringIndex::insert(std::string_view s, bool* added) {
    if (!hashed_) return insert_hashed(s, 0, added);
    if (slots_.empty() || 4 * (size() + 1) > 3 * slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
    return insert_hashed(s, hash_bytes(s.data(), s.size()), added);
}

void StringIndex::insert_all(const std::string_view* strings, size_t n, uint32_t* ids, bool* added) {
    if (!hashed_) {
        for (size_t i = 0; i < n; ++i) ids[i] = insert_hashed(strings[i], 0, &added[i]);
        return;
    }
    size_t want = slots_.empty() ? 16 : slots_.size();
    while (4 * (size() + n) > 3 * want) want *= 2;
    if (want > slots_.size()) rehash(want);
    // Hash a block, prefetch its slots, then insert: the slot misses overlap.
    constexpr size_t kBlock = 16;
    uint64_t h[kBlock];
    const size_t mask = slots_.size() - 1;
    for (size_t b = 0; b < n; b += kBlock) {
        const size_t m = std::min(kBlock, n - b);
        for (size_t k = 0; k < m; ++k) {
            h[k] = hash_bytes(strings[b + k].data(), strings[b + k].size());
            __builtin_prefetch(&slots_[h[k] & mask]);
        }
        for (size_t k = 0; k < m; ++k) {
            bool a = false;
            ids[b + k] = insert_hashed(strings[b + k], h[k], &a);
            added[b + k] = a;
        }
    }
}

uint32_t StringIndex::insert_hashed(std::string_view s, uint64_t h, bool* added) {
    size_t i = 0;
    const uint64_t tag = h & 0xFFFFFFFF00000000ull;
    if (hashed_) {
        const size_t mask = slots_.size() - 1;
        for (i = h & mask;; i = (i + 1) & mask) {
            const uint64_t slot = slots_[i];
            if (slot == 0) break;
            if ((slot & 0xFFFFFFFF00000000ull) != tag) continue;
            const char* p = bytes_.data() + static_cast<uint32_t>(slot - 1);
            uint32_t header[2];
            std::memcpy(header, p - kHeader, sizeof header);
            if (header[0] == s.size() && std::memcmp(p, s.data(), s.size()) == 0) {
                if (added) *added = false;
                return header[1];
            }
        }
    }
    if (bytes_.size() + kHeader + s.size() >= UINT32_MAX || size() + 1 >= kAbsent)
        core::fail("lugh: tokenizer: more than 4 GiB of token text or 2^32 strings");
    const uint32_t header[2] = {static_cast<uint32_t>(s.size()), static_cast<uint32_t>(size())};
    const uint32_t off = static_cast<uint32_t>(bytes_.append(header, kHeader, s.data(), s.size()));
    offsets_.push_back(off);
    if (hashed_) slots_[i] = tag | (off + 1u);
    if (added) *added = true;
    return header[1];
}

size_t StringIndex::memory_bytes() const {
    return bytes_.capacity() + offsets_.capacity() * sizeof(uint32_t) + slots_.capacity() * sizeof(uint64_t);
}

}  // namespace lugh::tokenizer
