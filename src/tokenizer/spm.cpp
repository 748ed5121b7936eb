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

}  // namespace

void spm_encode(const Vocab& v, std::string_view input, bool space_prefix, std::vector<TokenId>* out,
                SpmScratch* s) {
    escape_spaces(input, space_prefix, &s->text);
    const std::string_view text = s->text;
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

}  // namespace lugh::tokenizer
