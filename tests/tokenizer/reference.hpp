// Plain reference encoders, written from the algorithms' descriptions with
// strings and linear scans (slow, obviously right), to check the fast ones.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lugh/tokenizer.hpp"

namespace tok_test {

inline size_t lead_length(unsigned char c) { return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

// SentencePiece BPE of one piece of text that is already escaped ('▁' for
// spaces): merge the adjacent pair whose concatenation is the best-scoring
// token (leftmost on ties) until none is; then tokens, or <0xNN> bytes.
inline std::vector<lugh::TokenId> reference_spm(const lugh::Tokenizer& tok, const std::string& text) {
    std::vector<std::string> sym;
    for (size_t i = 0; i < text.size();) {
        const size_t n = std::min(lead_length(static_cast<unsigned char>(text[i])), text.size() - i);
        sym.push_back(text.substr(i, n));
        i += n;
    }
    for (;;) {
        int best = -1;
        float best_score = 0;
        for (size_t i = 0; i + 1 < sym.size(); ++i) {
            const lugh::TokenId id = tok.find(sym[i] + sym[i + 1]);
            if (id == lugh::kNoToken) continue;
            if (best < 0 || tok.score(id) > best_score) best = static_cast<int>(i), best_score = tok.score(id);
        }
        if (best < 0) break;
        sym[best] += sym[best + 1];
        sym.erase(sym.begin() + best + 1);
    }
    std::vector<lugh::TokenId> out;
    for (const std::string& s : sym) {
        const lugh::TokenId id = tok.find(s);
        if (id != lugh::kNoToken) {
            out.push_back(id);
            continue;
        }
        for (unsigned char c : s) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "<0x%02X>", c);
            out.push_back(tok.find(hex));
        }
    }
    return out;
}

// Byte-level BPE of one word (raw bytes): symbols are strings of raw bytes,
// ranks come from the merge list (raw "left" + "right" pairs, in order);
// merge the lowest-ranked adjacent pair (leftmost on ties) until none has a
// rank; then the token of each symbol's byte-level text.
inline std::vector<lugh::TokenId> reference_bpe(const lugh::Tokenizer& tok,
                                                const std::vector<std::pair<std::string, std::string>>& merges,
                                                const std::string& word, std::string (*byte_text)(const std::string&)) {
    std::map<std::pair<std::string, std::string>, size_t> rank;
    for (size_t i = 0; i < merges.size(); ++i) rank.emplace(merges[i], i);
    std::vector<std::string> sym;
    for (char c : word) sym.emplace_back(1, c);
    for (;;) {
        int best = -1;
        size_t best_rank = 0;
        for (size_t i = 0; i + 1 < sym.size(); ++i) {
            const auto it = rank.find({sym[i], sym[i + 1]});
            if (it == rank.end()) continue;
            if (best < 0 || it->second < best_rank) best = static_cast<int>(i), best_rank = it->second;
        }
        if (best < 0) break;
        sym[best] += sym[best + 1];
        sym.erase(sym.begin() + best + 1);
    }
    std::vector<lugh::TokenId> out;
    for (const std::string& s : sym) out.push_back(tok.find(byte_text(s)));
    return out;
}

}  // namespace tok_test
