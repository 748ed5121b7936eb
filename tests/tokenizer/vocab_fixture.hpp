// Small vocabularies written by the tests themselves (no ../shared needed):
// a VocabSpec becomes a GGUF file with tokenizer.ggml.* keys, which a
// Tokenizer then reads like any model's vocabulary.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gguf/gguf_test_util.hpp"
#include "lugh/gguf.hpp"
#include "lugh/tokenizer.hpp"

namespace tok_test {

struct VocabSpec {
    std::string model = "llama";   // tokenizer.ggml.model
    std::string pre;               // tokenizer.ggml.pre ("" = no key)
    std::string name;              // general.name ("" = no key)
    std::vector<std::string> tokens;
    std::vector<float> scores;     // empty = no key
    std::vector<int32_t> types;    // empty = no key
    std::vector<std::string> merges;
    bool with_merges = false;
    std::map<std::string, uint32_t> ids;   // "bos" -> tokenizer.ggml.bos_token_id, ...
    std::map<std::string, bool> flags;     // "add_bos_token" -> tokenizer.ggml.add_bos_token, ...

    // Appends a token; returns its id.
    lugh::TokenId add(const std::string& text, float score = 0.0f, int32_t type = 1) {
        tokens.push_back(text);
        scores.push_back(score);
        types.push_back(type);
        return static_cast<lugh::TokenId>(tokens.size() - 1);
    }
};

inline void write_vocab(const VocabSpec& v, const std::string& path) {
    lugh::gguf::Writer w;
    w.set_string("general.architecture", "llama");
    if (!v.name.empty()) w.set_string("general.name", v.name);
    w.set_string("tokenizer.ggml.model", v.model);
    if (!v.pre.empty()) w.set_string("tokenizer.ggml.pre", v.pre);
    w.set_string_array("tokenizer.ggml.tokens", v.tokens);
    if (!v.scores.empty())
        w.set_array("tokenizer.ggml.scores", lugh::gguf::ValueType::F32, v.scores.data(), v.scores.size());
    if (!v.types.empty())
        w.set_array("tokenizer.ggml.token_type", lugh::gguf::ValueType::I32, v.types.data(), v.types.size());
    if (v.with_merges || !v.merges.empty()) w.set_string_array("tokenizer.ggml.merges", v.merges);
    const std::map<std::string, std::string> id_keys = {
        {"bos", "bos_token_id"},     {"eos", "eos_token_id"},     {"eot", "eot_token_id"},
        {"unk", "unknown_token_id"}, {"pad", "padding_token_id"}, {"sep", "seperator_token_id"}};
    for (const auto& [k, id] : v.ids) w.set_u32("tokenizer.ggml." + id_keys.at(k), id);
    for (const auto& [k, on] : v.flags) w.set_bool("tokenizer.ggml." + k, on);
    w.write(path);
}

// A file that lives as long as the object, and the tokenizer read from it.
struct VocabFile {
    explicit VocabFile(const VocabSpec& spec) : path("tok") {
        write_vocab(spec, path.str());
        tokenizer = std::make_unique<lugh::Tokenizer>(path.str());
    }
    gguf_test::TempPath path;
    std::unique_ptr<lugh::Tokenizer> tokenizer;
    const lugh::Tokenizer& tok() const { return *tokenizer; }
};

// The byte-level (GPT-2) character of byte b, written out from the rule: the
// printable bytes stand for themselves, the others take U+0100... in order.
inline std::string byte_char(unsigned b) {
    const auto printable = [](unsigned x) { return (x >= 0x21 && x <= 0x7E) || (x >= 0xA1 && x <= 0xAC) || x >= 0xAE; };
    unsigned cpt = b;
    if (!printable(b)) {
        cpt = 256;
        for (unsigned x = 0; x < b; ++x)
            if (!printable(x)) ++cpt;
    }
    std::string s;
    if (cpt < 0x80) {
        s += static_cast<char>(cpt);
    } else {
        s += static_cast<char>(0xC0 | (cpt >> 6));
        s += static_cast<char>(0x80 | (cpt & 0x3F));
    }
    return s;
}

// Byte-level text of raw bytes.
inline std::string byte_text(const std::string& raw) {
    std::string s;
    for (unsigned char c : raw) s += byte_char(c);
    return s;
}

// A SentencePiece vocabulary: <unk> <s> </s>, the 256 byte tokens, then
// `pieces` (text, score) as normal tokens.
inline VocabSpec spm_vocab(const std::vector<std::pair<std::string, float>>& pieces) {
    VocabSpec v;
    v.add("<unk>", 0, 2);
    v.add("<s>", 0, 3);
    v.add("</s>", 0, 3);
    for (int b = 0; b < 256; ++b) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "<0x%02X>", b);
        v.add(hex, 0, 6);
    }
    for (const auto& [text, score] : pieces) v.add(text, score, 1);
    v.ids = {{"bos", 1}, {"eos", 2}, {"unk", 0}};
    return v;
}

// A byte-level BPE vocabulary: the 256 byte characters (in byte order),
// then the results of `merges` ("left right" of raw text) as tokens, in order.
inline VocabSpec bpe_vocab(const std::vector<std::pair<std::string, std::string>>& merges,
                           const std::string& pre = "gpt-2") {
    VocabSpec v;
    v.model = "gpt2";
    v.pre = pre;
    for (unsigned b = 0; b < 256; ++b) v.add(byte_char(b));
    for (const auto& [l, r] : merges) {
        v.merges.push_back(byte_text(l) + " " + byte_text(r));
        bool present = false;
        for (const auto& t : v.tokens) present = present || t == byte_text(l + r);
        if (!present) v.add(byte_text(l + r));
    }
    v.with_merges = true;
    return v;
}

}  // namespace tok_test
