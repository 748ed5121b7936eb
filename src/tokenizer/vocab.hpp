// Vocab: everything a Tokenizer knows, read once from tokenizer.ggml.* keys
// and never changed afterwards (so any number of threads may read it).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lugh/tokenizer.hpp"
#include "tokenizer/bpe.hpp"
#include "tokenizer/pre_tokenizer.hpp"
#include "tokenizer/special_split.hpp"
#include "tokenizer/string_index.hpp"

namespace lugh::gguf {
class File;
}

namespace lugh::tokenizer {

// A token's attributes, as llama.cpp keeps them (a token may gain Control
// on top of its type when its text says it ends a turn).
enum Attr : uint16_t {
    kAttrUndefined = 0,
    kAttrUnknown = 1 << 0,
    kAttrUnused = 1 << 1,
    kAttrNormal = 1 << 2,
    kAttrControl = 1 << 3,
    kAttrUserDefined = 1 << 4,
    kAttrByte = 1 << 5,
    kAttrLstrip = 1 << 6,   // special-token matching eats the white space before it
    kAttrRstrip = 1 << 7,   // ... and after it
};

struct Vocab {
    std::string source;            // file path, for messages
    TokenizerModel model = TokenizerModel::SentencePiece;
    std::string model_name;        // tokenizer.ggml.model
    uint32_t n_tokens = 0;
    // Token texts, string i being token i: looked up here for SentencePiece;
    // byte-level BPE finds tokens by their bytes (merges) and keeps the few
    // whose text no byte-level encoding produces in odd_texts.
    StringIndex texts;
    StringIndex odd_texts;
    std::vector<TokenId> odd_ids;   // odd_texts index -> token id
    std::vector<float> scores;
    std::vector<uint16_t> attrs;   // from tokenizer.ggml.token_type (Normal without the key), then adjusted

    SpecialTokens special;
    bool add_bos = false, add_eos = false, add_space_prefix = false;
    bool clean_spaces = false, ignore_merges = false;
    std::vector<TokenId> eog;      // sorted
    std::vector<uint8_t> is_eog;   // per token

    // Matching special and user-defined tokens inside text.
    SpecialMatcher specials;

    // SentencePiece: the <0xNN> token of each byte (or a one-byte token), kNoToken if none.
    std::array<TokenId, 256> byte_tokens{};
    bool spm_segments = false;   // words merge independently (spm.hpp)

    // Byte-level BPE.
    std::unique_ptr<PreTokenizerRules> pre_rules;
    std::unique_ptr<PreTokenizer> pre;
    BpeMerges merges;
    std::string pre_name = "default";

    // Decoding: each token's piece with special tokens shown, one buffer.
    std::string pieces;
    std::vector<uint32_t> piece_offsets;   // n_tokens + 1

    void check_id(TokenId id, const char* what) const;
    std::string_view text(TokenId id) const { return texts.text(static_cast<uint32_t>(id)); }
    // The token with this text, or kNoToken.
    TokenId find(std::string_view s) const;
    std::string_view piece(TokenId id) const {
        return std::string_view(pieces.data() + piece_offsets[id], piece_offsets[id + 1] - piece_offsets[id]);
    }
    bool hidden_unless_special(TokenId id) const { return attrs[id] & (kAttrControl | kAttrUnknown); }
    size_t memory_bytes() const;
};

// Reads and checks the vocabulary; throws lugh::Error naming the file and the key.
std::shared_ptr<const Vocab> load_vocab(const gguf::File& file);

// Steps of load_vocab kept in their own files.
void read_special_ids(const gguf::File& file, Vocab* v);     // special_ids.cpp: ids, flags, EOG, attributes
void build_pieces(Vocab* v);                                  // detokenize.cpp
void encode_into(const Vocab& v, std::string_view text, bool add_special, bool parse_special,
                 std::vector<TokenId>* out);                  // encode.cpp
std::string decode_ids(const Vocab& v, const TokenId* ids, size_t n, bool remove_special, bool show_special,
                       bool clean_spaces);                    // detokenize.cpp

}  // namespace lugh::tokenizer
