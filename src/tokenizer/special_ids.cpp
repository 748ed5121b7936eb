// Special ids, BOS/EOS flags, end-of-generation ids and the attribute fixes
// llama.cpp applies to known vocabularies (llama-vocab.cpp, load()).
//
// Upstream finds some special tokens by their text, walking a hash map in an
// unspecified order; here the walk is in id order, so when a vocabulary holds
// two candidates (say <|eot_id|> and <|endoftext|>) the lower id wins.
#include <algorithm>
#include <cctype>

#include "core/check.hpp"
#include "lugh/gguf.hpp"
#include "tokenizer/vocab.hpp"

namespace lugh::tokenizer {

namespace {

bool is_integer_key(const gguf::File& file, const std::string& key) {
    using V = gguf::ValueType;
    const V t = file.type(key);
    return t == V::U8 || t == V::I8 || t == V::U16 || t == V::I16 || t == V::U32 || t == V::I32 || t == V::U64 ||
           t == V::I64;
}

// A bool key, if present (a key of another type is an error).
void read_flag(const gguf::File& file, const char* key, bool* flag) {
    if (!file.has_key(key)) return;
    if (file.type(key) != gguf::ValueType::Bool)
        core::fail("lugh: tokenizer: %s: key '%s' holds a %s, not a bool", file.path().c_str(), key,
                   gguf::value_type_name(file.type(key)));
    *flag = file.get_bool(key);
}

// A special id key: out-of-range values keep the previous id, as upstream (which warns).
void read_id(const gguf::File& file, const std::string& key, uint32_t n_tokens, TokenId* id) {
    if (*id != kNoToken && static_cast<uint32_t>(*id) >= n_tokens) *id = kNoToken;
    if (!file.has_key(key)) return;
    if (!is_integer_key(file, key))
        core::fail("lugh: tokenizer: %s: key '%s' holds a %s, not a token id", file.path().c_str(), key.c_str(),
                   gguf::value_type_name(file.type(key)));
    const int64_t value = file.get_int(key);
    if (value >= 0 && value < static_cast<int64_t>(n_tokens)) *id = static_cast<TokenId>(value);
}

// The lowest id among the tokens with one of these texts (upstream walks the
// tokens in hash order; the lowest id is the deterministic choice), or kNoToken.
TokenId first_of(const Vocab& v, std::initializer_list<std::string_view> texts) {
    TokenId best = kNoToken;
    for (std::string_view t : texts) {
        const TokenId id = v.find(t);
        if (id != kNoToken && (best == kNoToken || id < best)) best = id;
    }
    return best;
}

// Texts that mark a token as one of the special kinds when no key names it.
const std::initializer_list<std::string_view> kEotTexts = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>",
    "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>"};
const std::initializer_list<std::string_view> kFimPreTexts = {
    "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>"};
const std::initializer_list<std::string_view> kFimSufTexts = {
    "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>"};
const std::initializer_list<std::string_view> kFimMidTexts = {
    "<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>"};
const std::initializer_list<std::string_view> kFimPadTexts = {"<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"};
const std::initializer_list<std::string_view> kFimRepTexts = {"<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>",
                                                              "<reponame>"};
const std::initializer_list<std::string_view> kEogTexts = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>",
    "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>",
    "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~["};

void detect_by_text(Vocab* v) {
    struct Rule {
        TokenId* id;
        std::initializer_list<std::string_view> texts;
    };
    SpecialTokens& s = v->special;
    const Rule rules[] = {{&s.eot, kEotTexts},        {&s.eom, {"<|eom_id|>"}},  {&s.fim_pre, kFimPreTexts},
                          {&s.fim_suf, kFimSufTexts}, {&s.fim_mid, kFimMidTexts}, {&s.fim_pad, kFimPadTexts},
                          {&s.fim_rep, kFimRepTexts}, {&s.fim_sep, {"<|file_sep|>"}}};
    for (const Rule& r : rules) {
        if (*r.id != kNoToken) continue;
        *r.id = first_of(*v, r.texts);
        if (*r.id != kNoToken) v->attrs[*r.id] |= kAttrControl;   // upstream: "control-looking token ... overridden"
    }
}

void collect_eog(Vocab* v) {
    std::vector<TokenId> eog;
    const SpecialTokens& s = v->special;
    for (TokenId id : {s.fim_pad, s.fim_rep, s.fim_sep})
        if (id != kNoToken) eog.push_back(id);
    for (std::string_view text : kEogTexts) {
        const TokenId id = v->find(text);
        if (id == kNoToken) continue;
        eog.push_back(id);
        v->attrs[id] |= kAttrControl;
    }
    // gpt-oss: these are shown as text, whatever the file says.
    for (std::string_view text : {"<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"}) {
        const TokenId id = v->find(text);
        if (id != kNoToken) v->attrs[id] = kAttrUserDefined;
    }
    for (TokenId id : {s.eos, s.eot, s.eom})
        if (id != kNoToken) eog.push_back(id);
    std::sort(eog.begin(), eog.end());
    eog.erase(std::unique(eog.begin(), eog.end()), eog.end());

    const auto has = [&](std::string_view text) {
        return std::any_of(eog.begin(), eog.end(), [&](TokenId id) { return v->text(id) == text; });
    };
    const auto drop = [&](std::string_view text, uint16_t attr) {
        for (size_t i = 0; i < eog.size(); ++i)
            if (v->text(eog[i]) == text) {
                v->attrs[eog[i]] = attr;
                eog.erase(eog.begin() + static_cast<std::ptrdiff_t>(i));
                return;
            }
    };
    // o200k_harmony and solar-open end turns with <|return|> / <|call|>: <|end|> is ordinary there.
    if (has("<|end|>") && ((has("<|return|>") && has("<|call|>")) || (has("<|calls|>") && has("<|flush|>"))))
        drop("<|end|>", kAttrUserDefined);
    // gemma4 and paddleocr: </s> does not end generation when <|tool_response> exists.
    if (has("<|tool_response>") && has("</s>")) drop("</s>", kAttrNormal);

    v->eog = eog;
    v->is_eog.assign(v->n_tokens, 0);
    for (TokenId id : eog) v->is_eog[id] = 1;
}

// Strip attributes upstream sets by model name (they are not in GGUF files).
void name_attributes(const gguf::File& file, Vocab* v) {
    const auto str = [&](const char* key) { return file.has_key(key) && file.type(key) == gguf::ValueType::String
                                                       ? file.get_string(key) : std::string(); };
    std::string name = str("general.name");
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    const std::string arch = str("general.architecture");
    const auto contains = [](const std::string& s, std::initializer_list<const char*> subs) {
        return std::any_of(subs.begin(), subs.end(), [&](const char* x) { return s.find(x) != std::string::npos; });
    };
    const auto set = [&](std::string_view text, uint16_t attr, bool on) {
        const TokenId id = v->find(text);
        if (id == kNoToken) return;
        v->attrs[id] = on ? (v->attrs[id] | attr) : (v->attrs[id] & ~attr);
    };
    if (contains(v->pre_name, {"jina-v2-de", "jina-v2-es", "jina-v2-code"}) ||
        contains(arch, {"nomic-bert-moe", "jina-bert-v3"})) {
        set("<mask>", kAttrLstrip, true);
    } else if (contains(name, {"phi-3", "phi3"})) {
        for (uint32_t id = 0; id < v->n_tokens; ++id)
            if (v->attrs[id] & (kAttrControl | kAttrUserDefined | kAttrUnknown)) v->attrs[id] |= kAttrRstrip;
        set("</s>", kAttrRstrip, true);
        for (const char* t : {"<unk>", "<s>", "<|endoftext|>"}) set(t, kAttrRstrip, false);
    } else if (contains(name, {"modern-bert"})) {
        set("[MASK]", kAttrLstrip, true);
    }
}

}  // namespace

void read_special_ids(const gguf::File& file, Vocab* v) {
    SpecialTokens& s = v->special;
    if (v->model == TokenizerModel::SentencePiece) {
        s.bos = 1, s.eos = 2, s.unk = 0;
        v->add_space_prefix = true;
        v->add_bos = true;
        v->clean_spaces = false;
    } else {
        s.bos = 11, s.eos = 11;   // upstream's defaults for byte-level BPE
        v->add_space_prefix = false;
        v->add_bos = v->pre_rules->add_bos;
        v->clean_spaces = v->pre_rules->clean_spaces;
        v->ignore_merges = v->pre_rules->ignore_merges;
        if (v->pre_rules->no_default_bos) s.bos = kNoToken;
    }
    read_flag(file, "tokenizer.ggml.add_space_prefix", &v->add_space_prefix);

    const std::string p = "tokenizer.ggml.";
    const struct {
        const char* key;
        TokenId* id;
    } ids[] = {
        {"bos_token_id", &s.bos},         {"eos_token_id", &s.eos},         {"eot_token_id", &s.eot},
        {"eom_token_id", &s.eom},         {"unknown_token_id", &s.unk},     {"seperator_token_id", &s.sep},
        {"padding_token_id", &s.pad},     {"mask_token_id", &s.mask},       {"fim_pre_token_id", &s.fim_pre},
        {"fim_suf_token_id", &s.fim_suf}, {"fim_mid_token_id", &s.fim_mid}, {"fim_pad_token_id", &s.fim_pad},
        {"fim_rep_token_id", &s.fim_rep}, {"fim_sep_token_id", &s.fim_sep},
        // older spellings of the first three FIM ids
        {"prefix_token_id", &s.fim_pre},  {"suffix_token_id", &s.fim_suf},  {"middle_token_id", &s.fim_mid},
    };
    for (const auto& e : ids) read_id(file, p + e.key, v->n_tokens, e.id);

    read_flag(file, "tokenizer.ggml.add_bos_token", &v->add_bos);
    read_flag(file, "tokenizer.ggml.add_eos_token", &v->add_eos);
    if (v->add_bos && s.bos == kNoToken)
        core::fail("lugh: tokenizer: %s: the vocabulary adds BOS but has no bos_token_id", file.path().c_str());
    if (v->add_eos && s.eos == kNoToken)
        core::fail("lugh: tokenizer: %s: the vocabulary adds EOS but has no eos_token_id", file.path().c_str());

    detect_by_text(v);
    collect_eog(v);
    name_attributes(file, v);
}

}  // namespace lugh::tokenizer
