#include "tokenizer/string_index.hpp"

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

// Bytes [0, n) in 8-byte words, the last one padded with zeros; the state
// carries on across calls so two pieces hash as their concatenation would.
struct Hasher {
    uint64_t state = kSeed;
    unsigned char tail[8] = {0};
    size_t tail_n = 0;
    size_t total = 0;

    void add(const unsigned char* p, size_t n) {
        total += n;
        if (tail_n) {
            while (n && tail_n < 8) tail[tail_n++] = *p++, --n;
            if (tail_n < 8) return;
            state = mix(state ^ load64(tail), kMul);
            tail_n = 0;
        }
        for (; n >= 8; p += 8, n -= 8) state = mix(state ^ load64(p), kMul);
        while (n) tail[tail_n++] = *p++, --n;
    }
    uint64_t finish() {
        if (tail_n) {
            std::memset(tail + tail_n, 0, 8 - tail_n);
            state = mix(state ^ load64(tail), kMul);
        }
        return mix(state ^ total, kSeed);
    }
};

}  // namespace

uint64_t hash_bytes(const void* data, size_t n) {
    Hasher h;
    h.add(static_cast<const unsigned char*>(data), n);
    return h.finish();
}

void StringIndex::reserve(size_t n, size_t total_bytes) {
    bytes_.reserve(total_bytes);
    offsets_.reserve(n + 1);
    size_t want = 16;
    while (want < 2 * n) want *= 2;
    if (want > slots_.size()) {
        slots_.assign(want, kAbsent);
        slot_hash_.assign(want, 0);
        for (uint32_t i = 0; i + 1 < offsets_.size(); ++i) {
            const std::string_view s = text(i);
            const uint64_t h = hash_bytes(s.data(), s.size());
            size_t slot = h & (slots_.size() - 1);
            while (slots_[slot] != kAbsent) slot = (slot + 1) & (slots_.size() - 1);
            slots_[slot] = i;
            slot_hash_[slot] = static_cast<uint32_t>(h);
        }
    }
}

uint32_t StringIndex::find_hashed(std::string_view s, uint64_t h) const {
    if (slots_.empty()) return kAbsent;
    const size_t mask = slots_.size() - 1;
    const uint32_t h32 = static_cast<uint32_t>(h);
    for (size_t slot = h & mask;; slot = (slot + 1) & mask) {
        const uint32_t i = slots_[slot];
        if (i == kAbsent) return kAbsent;
        if (slot_hash_[slot] == h32) {
            const uint32_t b = offsets_[i], e = offsets_[i + 1];
            if (e - b == s.size() && std::memcmp(bytes_.data() + b, s.data(), s.size()) == 0) return i;
        }
    }
}

uint32_t StringIndex::find_concat(std::string_view a, std::string_view b) const {
    Hasher h;
    h.add(reinterpret_cast<const unsigned char*>(a.data()), a.size());
    h.add(reinterpret_cast<const unsigned char*>(b.data()), b.size());
    const uint64_t hv = h.finish();
    if (slots_.empty()) return kAbsent;
    const size_t mask = slots_.size() - 1;
    const uint32_t h32 = static_cast<uint32_t>(hv);
    for (size_t slot = hv & mask;; slot = (slot + 1) & mask) {
        const uint32_t i = slots_[slot];
        if (i == kAbsent) return kAbsent;
        if (slot_hash_[slot] != h32) continue;
        const uint32_t s = offsets_[i], e = offsets_[i + 1];
        if (e - s != a.size() + b.size()) continue;
        const char* p = bytes_.data() + s;
        if (std::memcmp(p, a.data(), a.size()) == 0 && std::memcmp(p + a.size(), b.data(), b.size()) == 0) return i;
    }
}

void StringIndex::grow_table() {
    const size_t n = size();
    std::vector<uint32_t>().swap(slots_);
    reserve(n * 2 + 8, bytes_.size());
}

uint32_t StringIndex::insert(std::string_view s, bool* added) {
    const uint64_t h = hash_bytes(s.data(), s.size());
    const uint32_t found = find_hashed(s, h);
    if (added) *added = found == kAbsent;
    if (found != kAbsent) return found;
    if (bytes_.size() + s.size() > UINT32_MAX || size() + 1 >= kAbsent)
        core::fail("lugh: tokenizer: more than 4 GiB of token text or 2^32 strings");
    if (slots_.empty() || 2 * (size() + 1) > slots_.size()) grow_table();
    const uint32_t i = static_cast<uint32_t>(size());
    bytes_.append(s.data(), s.size());
    offsets_.push_back(static_cast<uint32_t>(bytes_.size()));
    const size_t mask = slots_.size() - 1;
    size_t slot = h & mask;
    while (slots_[slot] != kAbsent) slot = (slot + 1) & mask;
    slots_[slot] = i;
    slot_hash_[slot] = static_cast<uint32_t>(h);
    return i;
}

size_t StringIndex::memory_bytes() const {
    return bytes_.capacity() + offsets_.capacity() * 4 + slots_.capacity() * 4 + slot_hash_.capacity() * 4;
}

}  // namespace lugh::tokenizer
