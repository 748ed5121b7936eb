#include "tokenizer/special_split.hpp"

#include <algorithm>

namespace lugh::tokenizer {

namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;
enum : uint8_t { kFree = 0, kTaken = 1, kStripped = 2 };

// isspace() in the C locale, as upstream calls it on each byte.
inline bool ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

void SpecialMatcher::build(std::vector<Token> tokens) {
    std::stable_sort(tokens.begin(), tokens.end(), [](const Token& a, const Token& b) {
        return a.text.size() != b.text.size() ? a.text.size() > b.text.size() : a.id < b.id;
    });
    tokens_ = std::move(tokens);
    node_token_.assign(1, kNone);
    edges_.clear();
    for (uint32_t rank = 0; rank < tokens_.size(); ++rank) {
        const Token& t = tokens_[rank];
        if (t.text.empty()) continue;
        any_always_ = any_always_ || t.always;
        first_byte_[static_cast<unsigned char>(t.text[0])] = true;
        uint32_t node = 0;
        for (unsigned char c : t.text) {
            const uint64_t key = (static_cast<uint64_t>(node) << 8) | c;
            auto it = edges_.find(key);
            if (it == edges_.end()) {
                it = edges_.emplace(key, static_cast<uint32_t>(node_token_.size())).first;
                node_token_.push_back(kNone);
            }
            node = it->second;
        }
        node_token_[node] = rank;   // texts are unique, so one token per node
    }
}

void SpecialMatcher::split(std::string_view text, bool parse_special, std::vector<Fragment>* out,
                           Scratch* s) const {
    out->clear();
    const uint32_t n = static_cast<uint32_t>(text.size());
    if (n == 0) return;
    auto& found = s->found;
    found.clear();
    if (parse_special ? !tokens_.empty() : any_always_) {
        for (uint32_t p = 0; p < n; ++p) {
            if (!first_byte_[static_cast<unsigned char>(text[p])]) continue;
            uint32_t node = 0;
            for (uint32_t q = p; q < n; ++q) {
                const auto it = edges_.find((static_cast<uint64_t>(node) << 8) | static_cast<unsigned char>(text[q]));
                if (it == edges_.end()) break;
                node = it->second;
                const uint32_t rank = node_token_[node];
                if (rank != kNone && (parse_special || tokens_[rank].always)) found.emplace_back(rank, p);
            }
        }
    }
    if (found.empty()) {
        out->push_back({kNoToken, 0, n});
        return;
    }

    std::sort(found.begin(), found.end());
    auto& claimed = s->claimed;
    claimed.assign(n, kFree);
    auto& taken = s->taken;
    taken.clear();
    for (const auto& [rank, pos] : found) {
        const Token& t = tokens_[rank];
        const uint32_t end = pos + static_cast<uint32_t>(t.text.size());
        if (std::any_of(claimed.begin() + pos, claimed.begin() + end, [](uint8_t c) { return c != kFree; })) continue;
        std::fill(claimed.begin() + pos, claimed.begin() + end, kTaken);
        taken.emplace_back(pos, rank);
        if (t.lstrip)
            for (uint32_t q = pos; q > 0 && claimed[q - 1] == kFree && ascii_space(text[q - 1]); --q)
                claimed[q - 1] = kStripped;
        if (t.rstrip)
            for (uint32_t q = end; q < n && claimed[q] == kFree && ascii_space(text[q]); ++q) claimed[q] = kStripped;
    }
    std::sort(taken.begin(), taken.end());

    uint32_t at = 0;
    const auto flush_text = [&](uint32_t upto) {
        while (at < upto) {
            while (at < upto && claimed[at] != kFree) ++at;
            uint32_t e = at;
            while (e < upto && claimed[e] == kFree) ++e;
            if (e > at) out->push_back({kNoToken, at, e});
            at = e;
        }
    };
    for (const auto& [pos, rank] : taken) {
        flush_text(pos);
        out->push_back({tokens_[rank].id, pos, pos});
        at = pos + static_cast<uint32_t>(tokens_[rank].text.size());
    }
    flush_text(n);
}

}  // namespace lugh::tokenizer
