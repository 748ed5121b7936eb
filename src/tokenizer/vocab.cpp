// Reading a vocabulary from tokenizer.ggml.* keys.
#include "tokenizer/vocab.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <future>
#include <system_error>

#include "core/check.hpp"
#include "lugh/gguf.hpp"
#include "tokenizer/byte_level.hpp"
#include "tokenizer/spm.hpp"

namespace lugh::tokenizer {

namespace {

const char* const kModelKey = "tokenizer.ggml.model";
const char* const kTokensKey = "tokenizer.ggml.tokens";
const char* const kScoresKey = "tokenizer.ggml.scores";
const char* const kTypesKey = "tokenizer.ggml.token_type";
const char* const kMergesKey = "tokenizer.ggml.merges";
const char* const kPreKey = "tokenizer.ggml.pre";

bool is_integer(gguf::ValueType t) {
    using V = gguf::ValueType;
    return t == V::U8 || t == V::I8 || t == V::U16 || t == V::I16 || t == V::U32 || t == V::I32 || t == V::U64 ||
           t == V::I64;
}

// The string array at key, checked to be one.
const std::vector<std::string>& string_array(const gguf::File& file, const char* key) {
    if (!file.has_key(key)) core::fail("lugh: tokenizer: %s: no key '%s'", file.path().c_str(), key);
    if (file.type(key) != gguf::ValueType::Array || file.array_type(key) != gguf::ValueType::String)
        core::fail("lugh: tokenizer: %s: key '%s' is not an array of strings", file.path().c_str(), key);
    return file.string_array(key);
}

uint16_t attr_of_type(int64_t type) {
    switch (type) {
        case 1: return kAttrNormal;
        case 2: return kAttrUnknown;
        case 3: return kAttrControl;
        case 4: return kAttrUserDefined;
        case 5: return kAttrUnused;
        case 6: return kAttrByte;
        default: return kAttrUndefined;
    }
}

// (t is the repeated text: a hashed index did not store the repeat.)
[[noreturn]] void fail_repeat(const Vocab& v, std::string_view t, uint32_t id, uint32_t earlier) {
    core::fail("lugh: tokenizer: %s: token %u '%.*s' repeats token %u", v.source.c_str(), id,
               static_cast<int>(std::min<size_t>(t.size(), 64)), t.data(), earlier);
}

void read_tokens(const gguf::File& file, Vocab* v) {
    const std::vector<std::string>& tokens = string_array(file, kTokensKey);
    if (tokens.empty()) core::fail("lugh: tokenizer: %s: '%s' holds no tokens", file.path().c_str(), kTokensKey);
    if (tokens.size() >= static_cast<size_t>(INT32_MAX))
        core::fail("lugh: tokenizer: %s: %zu tokens is more than token ids can number", file.path().c_str(),
                   tokens.size());
    v->n_tokens = static_cast<uint32_t>(tokens.size());
    size_t bytes = 0;
    for (const auto& t : tokens) bytes += t.size();
    // Byte-level vocabularies are indexed by their bytes instead (index_bytes).
    v->texts = StringIndex(v->model == TokenizerModel::SentencePiece);
    v->texts.reserve(tokens.size(), bytes);
    // Upstream names empty tokens so that they stay unique.
    std::vector<std::string> empty_names;
    std::vector<std::string_view> views(tokens.begin(), tokens.end());
    for (uint32_t i = 0; i < v->n_tokens; ++i)
        if (views[i].empty()) empty_names.push_back("[EMPTY_" + std::to_string(i) + "]");
    for (uint32_t i = 0, k = 0; i < v->n_tokens; ++i)
        if (views[i].empty()) views[i] = empty_names[k++];
    std::vector<uint32_t> ids(v->n_tokens);
    std::unique_ptr<bool[]> added(new bool[v->n_tokens]);
    v->texts.insert_all(views.data(), views.size(), ids.data(), added.get());
    for (uint32_t i = 0; i < v->n_tokens; ++i)
        if (!added[i]) fail_repeat(*v, views[i], i, ids[i]);

    v->scores.assign(v->n_tokens, 0.0f);
    if (file.has_key(kScoresKey)) {
        const gguf::ValueType t = file.type(kScoresKey) == gguf::ValueType::Array ? file.array_type(kScoresKey)
                                                                                  : gguf::ValueType::String;
        if (t != gguf::ValueType::F32 && t != gguf::ValueType::F64 && !is_integer(t))
            core::fail("lugh: tokenizer: %s: key '%s' is not an array of numbers", file.path().c_str(), kScoresKey);
        if (file.array_size(kScoresKey) < v->n_tokens)
            core::fail("lugh: tokenizer: %s: '%s' has %zu scores for %u tokens", file.path().c_str(), kScoresKey,
                       file.array_size(kScoresKey), v->n_tokens);
        if (is_integer(t)) {
            const auto s = file.get_int_array(kScoresKey);
            for (uint32_t i = 0; i < v->n_tokens; ++i) v->scores[i] = static_cast<float>(s[i]);
        } else {
            const auto s = file.get_float_array(kScoresKey);
            for (uint32_t i = 0; i < v->n_tokens; ++i) v->scores[i] = static_cast<float>(s[i]);
        }
    }

    v->attrs.assign(v->n_tokens, kAttrNormal);
    if (file.has_key(kTypesKey)) {
        if (file.type(kTypesKey) != gguf::ValueType::Array || !is_integer(file.array_type(kTypesKey)))
            core::fail("lugh: tokenizer: %s: key '%s' is not an array of integers", file.path().c_str(), kTypesKey);
        if (file.array_size(kTypesKey) < v->n_tokens)
            core::fail("lugh: tokenizer: %s: '%s' has %zu types for %u tokens", file.path().c_str(), kTypesKey,
                       file.array_size(kTypesKey), v->n_tokens);
        const auto types = file.get_int_array(kTypesKey);
        for (uint32_t i = 0; i < v->n_tokens; ++i) {
            v->attrs[i] = attr_of_type(types[i]);
        }
    }
}

// The merge table needs nothing else from the vocabulary, so it is built on
// a second thread while the tokens are read (about half the load time of a
// LLaMA 3 or Qwen 2 vocabulary). Without a thread it is built here.
std::future<void> start_merges(const gguf::File& file, Vocab* v) {
    const std::vector<std::string>& merges = string_array(file, kMergesKey);
    if (merges.size() >= UINT32_MAX) core::fail("lugh: tokenizer: %s: too many merges", file.path().c_str());
    const auto build = [v, &merges] { v->merges.add(merges.data(), merges.size()); };
    try {
        return std::async(std::launch::async, build);
    } catch (const std::system_error&) {
        build();
        return {};
    }
}

void choose_model(const gguf::File& file, Vocab* v) {
    if (!file.has_key(kModelKey))
        core::fail("lugh: tokenizer: %s: no key '%s': the file holds no vocabulary", file.path().c_str(), kModelKey);
    v->model_name = file.get_string(kModelKey);
    if (v->model_name == "llama") {
        v->model = TokenizerModel::SentencePiece;
    } else if (v->model_name == "gpt2") {
        v->model = TokenizerModel::BytePairs;
        const std::string pre = file.has_key(kPreKey) ? file.get_string(kPreKey) : std::string();
        v->pre_rules = find_pre_tokenizer(pre);
        if (!v->pre_rules)
            core::fail("lugh: tokenizer: %s: unknown pre-tokenizer '%s' (%s); known: %s", file.path().c_str(),
                       pre.c_str(), kPreKey, supported_pre_tokenizers().c_str());
        v->pre_name = v->pre_rules->name;
    } else {
        core::fail("lugh: tokenizer: %s: tokenizer model '%s' (%s) is not supported; \"llama\" (SentencePiece) "
                   "and \"gpt2\" (byte-level BPE) are",
                   file.path().c_str(), v->model_name.c_str(), kModelKey);
    }
}

void collect_specials(Vocab* v) {
    std::vector<SpecialMatcher::Token> tokens;
    for (uint32_t id = 0; id < v->n_tokens; ++id) {
        const uint16_t a = v->attrs[id];
        if (!(a & (kAttrControl | kAttrUserDefined | kAttrUnknown))) continue;
        tokens.push_back({static_cast<TokenId>(id), v->text(static_cast<TokenId>(id)),
                          !(a & (kAttrControl | kAttrUnknown)), (a & kAttrLstrip) != 0, (a & kAttrRstrip) != 0});
    }
    v->specials.build(std::move(tokens));
}

void find_byte_tokens(Vocab* v) {
    for (int b = 0; b < 256; ++b) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "<0x%02X>", b);
        TokenId id = v->find(hex);
        if (id == kNoToken) id = v->find(std::string(1, static_cast<char>(b)));
        v->byte_tokens[b] = id;
    }
}

// Byte-level BPE: tokens by the bytes they stand for, the odd ones by text,
// and upstream's per-byte fallback tokens.
void index_bytes(Vocab* v) {
    std::vector<TokenId> odd;
    std::vector<std::pair<TokenId, TokenId>> repeats;
    v->merges.index_tokens(v->texts, v->n_tokens, &odd, &repeats);
    if (!repeats.empty())
        fail_repeat(*v, v->text(repeats[0].first), static_cast<uint32_t>(repeats[0].first),
                    static_cast<uint32_t>(repeats[0].second));
    std::vector<std::string_view> views;
    for (TokenId id : odd) views.push_back(v->text(id));
    std::vector<uint32_t> index(views.size());
    std::unique_ptr<bool[]> added(new bool[views.size() + 1]);
    v->odd_texts.insert_all(views.data(), views.size(), index.data(), added.get());
    v->odd_ids.assign(v->odd_texts.size(), kNoToken);
    for (size_t k = 0; k < odd.size(); ++k) {
        if (!added[k])
            fail_repeat(*v, views[k], static_cast<uint32_t>(odd[k]), static_cast<uint32_t>(v->odd_ids[index[k]]));
        v->odd_ids[index[k]] = odd[k];
    }
    // Upstream looks up each byte of a byte's character as a one-byte token.
    std::array<std::array<TokenId, 2>, 256> fallback;
    for (int b = 0; b < 256; ++b) {
        const std::string_view c = byte_level_char(static_cast<uint8_t>(b));
        for (size_t k = 0; k < 2; ++k) fallback[b][k] = k < c.size() ? v->find(c.substr(k, 1)) : kNoToken;
    }
    v->merges.set_byte_fallback(fallback);
}

}  // namespace

TokenId Vocab::find(std::string_view s) const {
    if (model == TokenizerModel::SentencePiece) {
        const uint32_t i = texts.find(s);
        return i == StringIndex::kAbsent ? kNoToken : static_cast<TokenId>(i);
    }
    std::string raw(s.size(), '\0');
    const ptrdiff_t n = byte_level_decode(s, raw.data());
    if (n > 0) return merges.token_of_bytes(std::string_view(raw.data(), static_cast<size_t>(n)));
    const uint32_t i = odd_texts.find(s);
    return i == StringIndex::kAbsent ? kNoToken : odd_ids[i];
}

void Vocab::check_id(TokenId id, const char* what) const {
    if (id < 0 || static_cast<uint32_t>(id) >= n_tokens)
        core::fail("lugh: tokenizer: %s: token id %" PRId32 " is out of range (the vocabulary has %u tokens)", what,
                   id, n_tokens);
}

size_t Vocab::memory_bytes() const {
    return texts.memory_bytes() + odd_texts.memory_bytes() + odd_ids.capacity() * sizeof(TokenId) + scores.capacity() * sizeof(float) + attrs.capacity() * sizeof(uint16_t) +
           is_eog.capacity() + merges.memory_bytes() + pieces.capacity() +
           piece_offsets.capacity() * sizeof(uint32_t);
}

std::shared_ptr<const Vocab> load_vocab(const gguf::File& file) {
    auto v = std::make_shared<Vocab>();
    v->source = file.path();
    choose_model(file, v.get());
    std::future<void> merges;
    if (v->model == TokenizerModel::BytePairs) merges = start_merges(file, v.get());
    read_tokens(file, v.get());
    if (v->model == TokenizerModel::BytePairs) {
        index_bytes(v.get());   // other members than the merge thread writes
        v->pre = std::make_unique<PreTokenizer>(v->pre_rules->patterns);
        if (merges.valid()) merges.get();
    }
    read_special_ids(file, v.get());
    find_byte_tokens(v.get());
    if (v->model == TokenizerModel::SentencePiece) v->spm_segments = spm_segments_are_independent(*v);
    collect_specials(v.get());
    build_pieces(v.get());
    // The token of "\n" (upstream's linefeed id), for callers that treat new lines apart.
    if (v->model == TokenizerModel::SentencePiece) {
        v->special.nl = v->byte_tokens['\n'] != kNoToken ? v->byte_tokens['\n'] : v->special.pad;
    } else {
        std::vector<TokenId> nl;
        encode_into(*v, "\n", false, false, &nl);
        v->special.nl = nl.empty() ? v->special.pad : nl[0];
    }
    return v;
}

}  // namespace lugh::tokenizer
