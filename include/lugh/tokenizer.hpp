// Text to token ids and back, with exactly the ids llama.cpp gives, from the
// vocabulary in a GGUF file (a model or a vocabulary-only file).
//
//     lugh::Tokenizer tok("model.gguf");        // or lugh::Tokenizer(gguf_file)
//     std::vector<lugh::TokenId> ids = tok.encode("Hello world", /*add_special=*/true);
//     for (lugh::TokenId id : ids) std::cout << id << " '" << tok.piece(id) << "'\n";
//     std::string text = tok.decode(ids, /*remove_special=*/true);
//     if (tok.is_eog(next_id)) { /* end of generation */ }
//
//     // Chat markup becomes control tokens only when asked:
//     tok.encode("<|im_start|>user\nHi", false, /*parse_special=*/true);
//
// Two algorithms, chosen by tokenizer.ggml.model:
//   "llama" SentencePiece-style BPE: spaces become U+2581, pieces merge by
//           score, characters the vocabulary lacks fall back to <0xNN> tokens.
//   "gpt2"  byte-level BPE: a pre-tokenizer (tokenizer.ggml.pre) cuts the text
//           into words, each byte becomes a printable character, and pieces
//           merge by the rank of tokenizer.ggml.merges.
// docs/tokenizer.md describes both, every pre-tokenizer and the figures.
//
// A Tokenizer never changes after construction: copies are cheap (they share
// one vocabulary) and any number of threads may encode and decode with one
// tokenizer or its copies at once. Bad files and bad ids throw lugh::Error;
// any bytes, valid UTF-8 or not, encode without error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lugh/error.hpp"

namespace lugh {

namespace gguf {
class File;
}
namespace tokenizer {
struct Vocab;
}

using TokenId = int32_t;
constexpr TokenId kNoToken = -1;   // "no such token" (an absent special id)

// tokenizer.ggml.token_type values.
enum class TokenType : int32_t {
    Undefined = 0,
    Normal = 1,
    Unknown = 2,       // <unk>
    Control = 3,       // <s>, </s>, <|im_start|>: text only when special parsing is on
    UserDefined = 4,   // added tokens: always matched as whole strings in the text
    Unused = 5,
    Byte = 6,          // <0xNN> fallback bytes of SentencePiece vocabularies
};
const char* token_type_name(TokenType type);   // "normal", "control", ...

enum class TokenizerModel {
    SentencePiece,   // tokenizer.ggml.model "llama"
    BytePairs,       // tokenizer.ggml.model "gpt2"
};

// The special ids of a vocabulary; kNoToken where it has none.
struct SpecialTokens {
    TokenId bos = kNoToken, eos = kNoToken, eot = kNoToken, eom = kNoToken, unk = kNoToken;
    TokenId sep = kNoToken, pad = kNoToken, mask = kNoToken;
    TokenId nl = kNoToken;   // the token of "\n"
    TokenId fim_pre = kNoToken, fim_suf = kNoToken, fim_mid = kNoToken;
    TokenId fim_pad = kNoToken, fim_rep = kNoToken, fim_sep = kNoToken;
};

class Tokenizer {
public:
    // The vocabulary of an open GGUF file (its tokenizer.ggml.* keys).
    explicit Tokenizer(const gguf::File& file);
    // Opens the file, reads the vocabulary and closes it again.
    explicit Tokenizer(const std::string& path);

    // Token ids of text. add_special: the BOS (and EOS) the vocabulary asks for
    // (tokenizer.ggml.add_bos_token / add_eos_token); false adds none.
    // parse_special: control-token text such as "<s>" becomes that token;
    // otherwise it is ordinary text. User-defined tokens always match.
    std::vector<TokenId> encode(std::string_view text, bool add_special = true, bool parse_special = false) const;
    // The same, appending to out.
    void encode(std::string_view text, std::vector<TokenId>* out, bool add_special = true,
                bool parse_special = false) const;

    // The text of ids, as llama.cpp's detokenize gives it. remove_special
    // drops a leading BOS and a trailing EOS where the vocabulary adds them;
    // show_special writes control and unknown tokens as their text (otherwise
    // they are left out). The one space SentencePiece encoding put in front
    // of the text is removed again, and vocabularies that ask for it get
    // upstream's clean-up (" ." -> ".", " 's" -> "'s", ...).
    std::string decode(const std::vector<TokenId>& ids, bool remove_special = false, bool show_special = true) const;
    struct DecodeOptions {
        bool remove_special = false;
        bool show_special = true;
        bool clean_spaces = true;   // false: no clean-up, so decode(encode(s)) == s for any valid UTF-8 s
    };
    std::string decode(const TokenId* ids, size_t n, const DecodeOptions& options) const;
    std::string decode(const std::vector<TokenId>& ids, const DecodeOptions& options) const {
        return decode(ids.data(), ids.size(), options);
    }

    // The bytes one token stands for (byte tokens give one byte, which may be
    // part of a UTF-8 character; control tokens give "" unless show_special).
    std::string piece(TokenId id, bool show_special = true) const;
    // The token's text as the vocabulary stores it ("▁Hello", "Ġworld", "<0x0A>").
    std::string_view token_text(TokenId id) const;
    // The token whose vocabulary text is exactly text, or kNoToken.
    TokenId find(std::string_view text) const;
    float score(TokenId id) const;
    TokenType token_type(TokenId id) const;
    // Control or unknown: hidden by decode unless show_special.
    bool is_control(TokenId id) const;

    size_t n_vocab() const;
    TokenizerModel model() const;
    // tokenizer.ggml.pre as used ("default" when the file names none).
    const std::string& pre() const;
    const SpecialTokens& special() const;
    TokenId bos() const { return special().bos; }
    TokenId eos() const { return special().eos; }
    TokenId eot() const { return special().eot; }
    TokenId unk() const { return special().unk; }
    TokenId pad() const { return special().pad; }
    // Whether encode(..., add_special = true) adds BOS / EOS, and the SentencePiece space prefix.
    bool add_bos() const;
    bool add_eos() const;
    bool add_space_prefix() const;

    // End of generation: EOS, EOT, EOM and the other ids llama.cpp stops on.
    bool is_eog(TokenId id) const;
    const std::vector<TokenId>& eog_ids() const;

    // Heap bytes the vocabulary and its tables hold.
    size_t memory_bytes() const;

private:
    std::shared_ptr<const tokenizer::Vocab> vocab_;
};

}  // namespace lugh
