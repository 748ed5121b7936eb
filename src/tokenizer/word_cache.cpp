#include "tokenizer/word_cache.hpp"

#include <cstring>

namespace lugh::tokenizer {

bool WordCache::find(std::string_view word, uint64_t hash, std::vector<TokenId>* out) const {
    if (count_ == 0) return false;
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot& s = slots_[i];
        if (!s.used) return false;
        if (s.hash == hash && s.key_len == word.size() && std::memcmp(keys_.data() + s.key, word.data(), word.size()) == 0) {
            out->insert(out->end(), ids_.begin() + s.ids, ids_.begin() + s.ids + s.n_ids);
            return true;
        }
    }
}

void WordCache::insert(std::string_view word, uint64_t hash, const std::vector<TokenId>& out, size_t first) {
    if (word.size() > kMaxWordBytes) return;
    if (2 * (count_ + 1) > slots_.size()) {
        if (slots_.size() >= kMaxSlots) return;
        grow();
    }
    const size_t mask = slots_.size() - 1;
    size_t i = hash & mask;
    while (slots_[i].used) i = (i + 1) & mask;
    Slot& s = slots_[i];
    s.used = true;
    s.hash = hash;
    s.key = static_cast<uint32_t>(keys_.size());
    s.key_len = static_cast<uint32_t>(word.size());
    s.ids = static_cast<uint32_t>(ids_.size());
    s.n_ids = static_cast<uint32_t>(out.size() - first);
    keys_.append(word);
    ids_.insert(ids_.end(), out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
    ++count_;
}

void WordCache::grow() {
    std::vector<Slot> old(slots_.empty() ? 1024 : slots_.size() * 2);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
        if (!s.used) continue;
        size_t i = s.hash & mask;
        while (slots_[i].used) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

void WordCache::clear() {
    if (count_ == 0) return;
    for (Slot& s : slots_) s.used = false;
    count_ = 0;
    keys_.clear();
    ids_.clear();
}

}  // namespace lugh::tokenizer
