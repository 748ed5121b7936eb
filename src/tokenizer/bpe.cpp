#include "tokenizer/bpe.hpp"

#include <algorithm>
#include <cstring>
#include <memory>

#include "core/check.hpp"
#include "tokenizer/byte_level.hpp"

namespace lugh::tokenizer {

namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;
constexpr uint64_t kTagMask = 0xFFFFFFFF00000000ull;

// A pair's hash: its bytes and where they split.
inline uint64_t pair_hash(const char* p, size_t left, size_t total) {
    return hash_bytes(p, total) ^ ((left + 1) * 0x9E3779B97F4A7C15ull);
}

}  // namespace

void BpeMerges::rehash(size_t n_slots) {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(n_slots, 0);
    const size_t mask = n_slots - 1;
    for (uint64_t s : old) {
        if (s == 0) continue;
        const char* e = entries_.data() + static_cast<uint32_t>(s - 1);
        uint32_t h[3];
        std::memcpy(h, e - kEntryHeader, sizeof h);
        size_t i = pair_hash(e, h[1], h[2]) & mask;
        while (slots_[i] != 0) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

void BpeMerges::add(const std::string* lines, size_t n, uint32_t first_rank) {
    size_t want = slots_.empty() ? 16 : slots_.size();
    while (4 * (count_ + n) > 3 * want) want *= 2;   // at most 3/4 full: linear probes stay short
    if (want > slots_.size()) rehash(want);
    size_t line_bytes = 0;
    for (size_t i = 0; i < n; ++i) line_bytes += lines[i].size();
    entries_.reserve(entries_.size() + n * kEntryHeader + line_bytes);
    // Decode a block of lines, hash them and prefetch their slots, then insert:
    // the slot misses of a block overlap instead of coming one by one.
    constexpr size_t kBlock = 16;
    std::string bytes;
    size_t start[kBlock], left[kBlock], total[kBlock];
    uint64_t hash[kBlock];
    bool ok[kBlock];
    const size_t mask_at_start = slots_.size() - 1;
    for (size_t b = 0; b < n; b += kBlock) {
        const size_t m = std::min(kBlock, n - b);
        size_t need = 0;
        for (size_t k = 0; k < m; ++k) need += lines[b + k].size();
        if (bytes.size() < need) bytes.resize(need);
        size_t used = 0;
        for (size_t k = 0; k < m; ++k) {
            const std::string_view line = lines[b + k];
            const size_t space = line.size() > 1 ? line.find(' ', 1) : std::string_view::npos;
            start[k] = used;
            ok[k] = false;
            if (space == std::string_view::npos) continue;
            const ptrdiff_t l = byte_level_decode(line.substr(0, space), bytes.data() + used);
            if (l <= 0) continue;   // an empty half never matches a symbol
            const ptrdiff_t r = byte_level_decode(line.substr(space + 1), bytes.data() + used + l);
            if (r <= 0) continue;
            left[k] = static_cast<size_t>(l);
            total[k] = static_cast<size_t>(l + r);
            used += total[k];
            ok[k] = true;
            hash[k] = pair_hash(bytes.data() + start[k], left[k], total[k]);
            __builtin_prefetch(&slots_[hash[k] & mask_at_start]);
        }
        for (size_t k = 0; k < m; ++k)
            if (ok[k])
                insert(bytes.data() + start[k], static_cast<uint32_t>(left[k]), static_cast<uint32_t>(total[k]),
                       hash[k], first_rank + static_cast<uint32_t>(b + k));
    }
}

void BpeMerges::insert(const char* p, uint32_t left, uint32_t total, uint64_t h, uint32_t rank) {
    if (4 * (count_ + 1) > 3 * slots_.size()) rehash(slots_.size() * 2);
    const size_t mask = slots_.size() - 1;
    size_t i = h & mask;
    for (; slots_[i] != 0; i = (i + 1) & mask) {
        if ((slots_[i] & kTagMask) != (h & kTagMask)) continue;
        const char* e = entries_.data() + static_cast<uint32_t>(slots_[i] - 1);
        uint32_t hdr[3];
        std::memcpy(hdr, e - kEntryHeader, sizeof hdr);
        if (hdr[1] == left && hdr[2] == total && std::memcmp(e, p, total) == 0) return;   // first rank wins
    }
    if (entries_.size() + kEntryHeader + total >= UINT32_MAX) core::fail("lugh: tokenizer: more than 4 GiB of merges");
    const uint32_t hdr[3] = {rank, left, total};
    const uint32_t off = static_cast<uint32_t>(entries_.append(hdr, kEntryHeader, p, total));
    slots_[i] = (h & kTagMask) | (off + 1u);
    ++count_;
}

void BpeMerges::index_tokens(const StringIndex& texts, uint32_t n_tokens, std::vector<TokenId>* undecodable,
                             std::vector<std::pair<TokenId, TokenId>>* repeats) {
    size_t text_bytes = 0;
    for (uint32_t id = 0; id < n_tokens; ++id) text_bytes += texts.text(id).size();
    std::string raw(text_bytes, '\0');
    std::vector<uint32_t> ends, ids;
    ends.reserve(n_tokens);
    ids.reserve(n_tokens);
    size_t used = 0;
    for (uint32_t id = 0; id < n_tokens; ++id) {
        const ptrdiff_t n = byte_level_decode(texts.text(id), raw.data() + used);
        if (n <= 0) {
            undecodable->push_back(static_cast<TokenId>(id));
            continue;
        }
        used += static_cast<size_t>(n);
        ends.push_back(static_cast<uint32_t>(used));
        ids.push_back(id);
    }
    raw.resize(used);
    std::vector<std::string_view> views(ends.size());
    for (size_t k = 0, at = 0; k < ends.size(); at = ends[k++]) views[k] = std::string_view(raw).substr(at, ends[k] - at);
    std::vector<uint32_t> index(views.size());
    std::unique_ptr<bool[]> added(new bool[views.size()]);
    raw_tokens_ = StringIndex();
    raw_tokens_.reserve(views.size(), raw.size());
    raw_tokens_.insert_all(views.data(), views.size(), index.data(), added.get());
    // The byte-level mapping is one to one: two tokens with the same bytes have the same text.
    raw_ids_.assign(raw_tokens_.size(), kNoToken);
    for (size_t k = 0; k < views.size(); ++k) {
        if (added[k]) raw_ids_[index[k]] = static_cast<TokenId>(ids[k]);
        else repeats->emplace_back(static_cast<TokenId>(ids[k]), raw_ids_[index[k]]);
    }
}

uint32_t BpeMerges::rank(const char* p, size_t left, size_t total) const {
    if (slots_.empty()) return kNoMerge;
    const uint64_t h = pair_hash(p, left, total);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const uint64_t s = slots_[i];
        if (s == 0) return kNoMerge;
        if ((s & kTagMask) != (h & kTagMask)) continue;
        const char* e = entries_.data() + static_cast<uint32_t>(s - 1);
        uint32_t hdr[3];
        std::memcpy(hdr, e - kEntryHeader, sizeof hdr);
        if (hdr[1] == left && hdr[2] == total && std::memcmp(e, p, total) == 0) return hdr[0];
    }
}

size_t BpeMerges::memory_bytes() const {
    return entries_.capacity() + slots_.capacity() * sizeof(uint64_t) + raw_tokens_.memory_bytes() +
           raw_ids_.capacity() * sizeof(TokenId);
}

void BpeMerges::emit_fallback(std::string_view bytes, std::vector<TokenId>* out) const {
    for (unsigned char b : bytes)
        for (TokenId id : fallback_[b])
            if (id != kNoToken) out->push_back(id);
}

void BpeMerges::encode_word(std::string_view word, bool ignore_merges, std::vector<TokenId>* out, Scratch* s) const {
    const uint32_t n = static_cast<uint32_t>(word.size());
    if (n == 0) return;
    if (ignore_merges || n == 1) {
        const TokenId whole = token_of_bytes(word);
        if (whole != kNoToken) {
            out->push_back(whole);
            return;
        }
        if (n == 1) return emit_fallback(word, out);
    }

    // Symbol i covers word[i, i + len[i]); merged-away symbols have len 0.
    auto& len = s->len;
    auto& prev = s->prev;
    auto& next = s->next;
    auto& heap = s->heap;
    len.assign(n, 1);
    prev.resize(n);
    next.resize(n);
    for (uint32_t i = 0; i < n; ++i) {
        prev[i] = i - 1;   // kNone for the first
        next[i] = i + 1;   // n for the last
    }
    // Lowest rank first, then leftmost (upstream's comparator).
    const auto later = [](const Scratch::Candidate& a, const Scratch::Candidate& b) {
        return a.rank != b.rank ? a.rank > b.rank : a.left > b.left;
    };
    heap.clear();
    const char* w = word.data();
    const auto consider = [&](uint32_t left, uint32_t right) {
        const uint32_t r = rank(w + left, len[left], len[left] + len[right]);
        if (r == kNoMerge) return;
        heap.push_back({r, left, right, len[left], len[right]});
        std::push_heap(heap.begin(), heap.end(), later);
    };
    for (uint32_t i = 0; i + 1 < n; ++i) consider(i, i + 1);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const Scratch::Candidate c = heap.back();
        heap.pop_back();
        // Stale when either side has changed since (a merged-away symbol has length 0).
        if (len[c.left] != c.left_len || len[c.right] != c.right_len || next[c.left] != c.right) continue;
        len[c.left] += len[c.right];
        len[c.right] = 0;
        next[c.left] = next[c.right];
        if (next[c.right] < n) prev[next[c.right]] = c.left;
        if (prev[c.left] != kNone) consider(prev[c.left], c.left);
        if (next[c.left] < n) consider(c.left, next[c.left]);
    }
    for (uint32_t i = 0; i < n; i = next[i]) {
        const std::string_view piece = word.substr(i, len[i]);
        const TokenId id = token_of_bytes(piece);
        if (id != kNoToken) out->push_back(id);
        else emit_fallback(piece, out);
    }
}

}  // namespace lugh::tokenizer
