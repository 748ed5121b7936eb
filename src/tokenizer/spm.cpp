#include "tokenizer/spm.hpp"

#include <algorithm>

#include "tokenizer/utf8.hpp"
#include "tokenizer/vocab.hpp"

namespace lugh::tokenizer {

namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;
const std::string_view kSpace = "\xE2\x96\x81";   // U+2581

void escape_spaces(std::string_view text, bool space_prefix, std::string* out) {
    out->clear();
    out->reserve(text.size() + text.size() / 4 + 3);
    if (space_prefix) out->append(kSpace);
    size_t from = 0;
    for (size_t sp; (sp = text.find(' ', from)) != std::string_view::npos; from = sp + 1) {
        out->append(text.substr(from, sp - from));
        out->append(kSpace);
    }
    out->append(text.substr(from));
}

// The highest-score-first merging of one piece of escaped text.
void merge(const Vocab& v, std::string_view text, std::vector<TokenId>* out, SpmScratch* s) {
    if (text.empty()) return;

    auto& start = s->start;
    auto& len = s->len;
    auto& prev = s->prev;
    auto& next = s->next;
    start.clear();
    len.clear();
    for (size_t at = 0; at < text.size();) {
        const size_t n = std::min(utf8_length(static_cast<unsigned char>(text[at])), text.size() - at);
        start.push_back(static_cast<uint32_t>(at));
        len.push_back(static_cast<uint32_t>(n));
        at += n;
    }
    const uint32_t count = static_cast<uint32_t>(start.size());
    prev.resize(count);
    next.resize(count);
    for (uint32_t i = 0; i < count; ++i) {
        prev[i] = i - 1;
        next[i] = i + 1 < count ? i + 1 : kNone;
    }

    // Highest score first, then leftmost (upstream's comparator).
    const auto later = [](const SpmScratch::Candidate& a, const SpmScratch::Candidate& b) {
        return a.score != b.score ? a.score < b.score : a.left > b.left;
    };
    auto& heap = s->heap;
    heap.clear();
    const auto consider = [&](uint32_t left, uint32_t right) {
        if (left == kNone || right == kNone) return;
        const uint32_t size = len[left] + len[right];
        const TokenId id = v.find(text.substr(start[left], size));
        if (id == kNoToken) return;
        heap.push_back({v.scores[id], left, right, size});
        std::push_heap(heap.begin(), heap.end(), later);
    };
    for (uint32_t i = 1; i < count; ++i) consider(i - 1, i);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const SpmScratch::Candidate c = heap.back();
        heap.pop_back();
        // Stale when either side has merged since.
        if (len[c.left] == 0 || len[c.right] == 0 || len[c.left] + len[c.right] != c.size) continue;
        len[c.left] += len[c.right];
        len[c.right] = 0;
        next[c.left] = next[c.right];
        if (next[c.right] != kNone) prev[next[c.right]] = c.left;
        consider(prev[c.left], c.left);
        consider(c.left, next[c.left]);
    }

    for (uint32_t i = 0; i != kNone; i = next[i]) {
        const std::string_view piece = text.substr(start[i], len[i]);
        const TokenId id = v.find(piece);
        if (id != kNoToken) {
            out->push_back(id);
            continue;
        }
        // Upstream throws when a byte has no token at all; unk (if any) is the gentler answer.
        for (unsigned char b : piece) {
            const TokenId t = v.byte_tokens[b] != kNoToken ? v.byte_tokens[b] : v.special.unk;
            if (t != kNoToken) out->push_back(t);
        }
    }
}

void encode_segment(const Vocab& v, std::string_view seg, std::vector<TokenId>* out, SpmScratch* s) {
    if (seg.size() > WordCache::kMaxWordBytes) return merge(v, seg, out, s);
    const uint64_t h = hash_bytes(seg.data(), seg.size());
    if (s->cache.find(seg, h, out)) return;
    const size_t first = out->size();
    merge(v, seg, out, s);
    s->cache.insert(seg, h, *out, first);
}

}  // namespace

bool spm_segments_are_independent(const Vocab& v) {
    for (uint32_t id = 0; id < v.n_tokens; ++id) {
        const std::string_view t = v.text(static_cast<TokenId>(id));
        const size_t at = t.find(kSpace, 1);
        if (at == std::string_view::npos) continue;
        bool all_spaces = t.size() % kSpace.size() == 0;
        for (size_t k = 0; all_spaces && k < t.size(); k += kSpace.size()) all_spaces = t.substr(k, kSpace.size()) == kSpace;
        if (!all_spaces) return false;
    }
    return true;
}

void spm_encode(const Vocab& v, std::string_view input, bool space_prefix, std::vector<TokenId>* out,
                SpmScratch* s) {
    escape_spaces(input, space_prefix, &s->text);
    const std::string_view text = s->text;
    if (!v.spm_segments) return merge(v, text, out, s);
    // A word starts at a '▁' character that follows another character.
    size_t start = 0;
    bool prev_space = false;
    for (size_t at = 0; at < text.size();) {
        const size_t n = std::min(utf8_length(static_cast<unsigned char>(text[at])), text.size() - at);
        const bool space = n == kSpace.size() && text.compare(at, n, kSpace) == 0;
        if (space && !prev_space && at > start) {
            encode_segment(v, text.substr(start, at - start), out, s);
            start = at;
        }
        prev_space = space;
        at += n;
    }
    encode_segment(v, text.substr(start), out, s);
}

}  // namespace lugh::tokenizer
