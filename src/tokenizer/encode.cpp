// Text to ids: special tokens first, then the vocabulary's algorithm on each
// piece of text between them (llama.cpp's llama_vocab::impl::tokenize).
#include <cstdint>

#include "core/check.hpp"
#include "tokenizer/spm.hpp"
#include "tokenizer/utf8.hpp"
#include "tokenizer/word_cache.hpp"
#include "tokenizer/vocab.hpp"

namespace lugh::tokenizer {

namespace {

// Everything one encode call writes to: nothing is shared between calls.
struct EncodeScratch {
    SpecialMatcher::Scratch special;
    std::vector<Fragment> fragments;
    SpmScratch spm;
    PreTokenizer::Scratch pre;
    std::vector<Span> words;
    BpeMerges::Scratch bpe;
    WordCache cache;
    std::string clean;
};

void encode_text_bpe(const Vocab& v, std::string_view raw, std::vector<TokenId>* out, EncodeScratch* s) {
    const std::string_view text = utf8_sanitize(raw, &s->clean);
    v.pre->split(text, &s->words, &s->pre);
    for (const Span& w : s->words) {
        const std::string_view word = text.substr(w.begin, w.end - w.begin);
        if (word.size() < 2 || word.size() > WordCache::kMaxWordBytes) {
            v.merges.encode_word(word, v.ignore_merges, out, &s->bpe);
            continue;
        }
        const uint64_t h = hash_bytes(word.data(), word.size());
        if (s->cache.find(word, h, out)) continue;
        const size_t first = out->size();
        v.merges.encode_word(word, v.ignore_merges, out, &s->bpe);
        s->cache.insert(word, h, *out, first);
    }
}

}  // namespace

void encode_into(const Vocab& v, std::string_view text, bool add_special, bool parse_special,
                 std::vector<TokenId>* out) {
    // Spans are 32-bit, and a byte-level copy of the text can be bigger than it.
    if (text.size() > (size_t(1) << 30))
        core::fail("lugh: tokenizer: %zu bytes of text is more than one encode call takes (1 GiB)", text.size());
    EncodeScratch s;
    if (add_special && v.add_bos) out->push_back(v.special.bos);
    v.specials.split(text, parse_special, &s.fragments, &s.special);
    bool after_special = true;   // SentencePiece puts the space prefix at the start and after special tokens
    for (const Fragment& f : s.fragments) {
        if (f.token != kNoToken) {
            out->push_back(f.token);
            after_special = true;
            continue;
        }
        const std::string_view piece = text.substr(f.begin, f.end - f.begin);
        if (v.model == TokenizerModel::SentencePiece) {
            spm_encode(v, piece, v.add_space_prefix && after_special, out, &s.spm);
            after_special = false;
        } else {
            encode_text_bpe(v, piece, out, &s);
        }
    }
    if (add_special && v.add_eos) out->push_back(v.special.eos);
}

}  // namespace lugh::tokenizer
