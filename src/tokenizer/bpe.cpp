#include "tokenizer/bpe.hpp"

#include <algorithm>

#include "core/check.hpp"
#include "tokenizer/byte_level.hpp"

namespace lugh::tokenizer {

namespace {

inline uint64_t pair_key(uint32_t left, uint32_t right) { return (static_cast<uint64_t>(left) << 32) | right; }

inline size_t slot_of(uint64_t key, size_t mask) {
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    return static_cast<size_t>(h) & mask;
}

constexpr uint32_t kNone = 0xFFFFFFFFu;

}  // namespace

void BpeMerges::reserve(size_t n_merges) {
    size_t want = 16;
    while (want < n_merges + n_merges / 2 + 1) want *= 2;   // load at most 2/3
    if (want <= slots_.size()) return;
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(want, Slot{kEmpty, {0, 0}});
    const size_t mask = want - 1;
    for (const Slot& s : old) {
        if (s.key == kEmpty) continue;
        size_t i = slot_of(s.key, mask);
        while (slots_[i].key != kEmpty) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

void BpeMerges::grow() { reserve(count_ * 2 + 16); }

void BpeMerges::add(std::string_view line, uint32_t rank, StringIndex* texts) {
    const size_t space = line.size() > 1 ? line.find(' ', 1) : std::string_view::npos;
    if (space == std::string_view::npos) return;
    const std::string_view left = line.substr(0, space), right = line.substr(space + 1);
    const uint32_t l = texts->insert(left), r = texts->insert(right);
    if (3 * (count_ + 1) > 2 * slots_.size()) grow();
    const uint64_t key = pair_key(l, r);
    const size_t mask = slots_.size() - 1;
    size_t i = slot_of(key, mask);
    for (; slots_[i].key != kEmpty; i = (i + 1) & mask)
        if (slots_[i].key == key) return;   // the first rank of a repeated pair wins
    uint32_t result = texts->find_concat(left, right);
    if (result == StringIndex::kAbsent) {
        std::string joined;
        joined.reserve(line.size() - 1);
        joined.append(left).append(right);
        result = texts->insert(joined);
    }
    slots_[i] = Slot{key, {rank, result}};
    ++count_;
}

void BpeMerges::finish(const StringIndex& texts, uint32_t n_tokens) {
    for (int b = 0; b < 256; ++b) {
        const std::string_view c = byte_level_char(static_cast<uint8_t>(b));
        byte_symbol_[b] = texts.find(c);
        // Upstream looks up each byte of the character's UTF-8 as a one-byte token.
        for (size_t k = 0; k < 2; ++k) {
            fallback_[b][k] = kNoToken;
            if (k < c.size()) {
                const uint32_t id = texts.find(c.substr(k, 1));
                if (id < n_tokens) fallback_[b][k] = static_cast<TokenId>(id);
            }
        }
    }
}

bool BpeMerges::find(uint32_t left, uint32_t right, Merge* out) const {
    if (slots_.empty() || left == kNone || right == kNone) return false;
    const uint64_t key = pair_key(left, right);
    const size_t mask = slots_.size() - 1;
    for (size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        if (slots_[i].key == key) {
            *out = slots_[i].merge;
            return true;
        }
        if (slots_[i].key == kEmpty) return false;
    }
}

void BpeMerges::emit_fallback(std::string_view bytes, std::vector<TokenId>* out) const {
    for (unsigned char b : bytes)
        for (TokenId id : fallback_[b])
            if (id != kNoToken) out->push_back(id);
}

void BpeMerges::encode_word(std::string_view word, const StringIndex& texts, uint32_t n_tokens, bool ignore_merges,
                            std::vector<TokenId>* out, Scratch* s) const {
    const size_t n = word.size();
    if (n == 0) return;
    if (ignore_merges || n == 1) {
        s->encoded.clear();
        byte_level_encode(word, &s->encoded);
        const uint32_t whole = texts.find(s->encoded);
        if (whole < n_tokens) {
            out->push_back(static_cast<TokenId>(whole));
            return;
        }
        if (n == 1) return emit_fallback(word, out);
    }

    auto& id = s->id;
    auto& prev = s->prev;
    auto& next = s->next;
    auto& heap = s->heap;
    id.resize(n);
    prev.resize(n);
    next.resize(n);
    for (size_t i = 0; i < n; ++i) {
        id[i] = byte_symbol_[static_cast<unsigned char>(word[i])];
        prev[i] = static_cast<uint32_t>(i) - 1;   // kNone for the first
        next[i] = static_cast<uint32_t>(i + 1);   // n for the last
    }
    // Lowest rank first, then leftmost (upstream's comparator).
    const auto later = [](const Scratch::Candidate& a, const Scratch::Candidate& b) {
        return a.rank != b.rank ? a.rank > b.rank : a.left > b.left;
    };
    heap.clear();
    const auto consider = [&](uint32_t left, uint32_t right) {
        Merge m;
        if (!find(id[left], id[right], &m)) return;
        heap.push_back({m.rank, left, right, id[left], id[right], m.result});
        std::push_heap(heap.begin(), heap.end(), later);
    };
    for (uint32_t i = 0; i + 1 < n; ++i) consider(i, i + 1);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const Scratch::Candidate c = heap.back();
        heap.pop_back();
        // Stale when either side has merged since (or the left one was absorbed).
        if (next[c.left] != c.right || id[c.left] != c.left_id || id[c.right] != c.right_id) continue;
        id[c.left] = c.result;
        next[c.left] = next[c.right];
        if (next[c.right] < n) prev[next[c.right]] = c.left;
        id[c.right] = kNone;
        next[c.right] = kNone;
        if (prev[c.left] != kNone) consider(prev[c.left], c.left);
        if (next[c.left] < n) consider(c.left, next[c.left]);
    }
    for (uint32_t i = 0; i < n; i = next[i]) {
        if (id[i] < n_tokens) out->push_back(static_cast<TokenId>(id[i]));
        else emit_fallback(word.substr(i, next[i] - i), out);
    }
}

}  // namespace lugh::tokenizer
