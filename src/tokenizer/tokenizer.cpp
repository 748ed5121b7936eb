// lugh::Tokenizer: the public face over one shared, immutable Vocab.
#include "lugh/tokenizer.hpp"

#include "lugh/gguf.hpp"
#include "tokenizer/vocab.hpp"

namespace lugh {

const char* token_type_name(TokenType type) {
    switch (type) {
        case TokenType::Undefined: return "undefined";
        case TokenType::Normal: return "normal";
        case TokenType::Unknown: return "unknown";
        case TokenType::Control: return "control";
        case TokenType::UserDefined: return "user-defined";
        case TokenType::Unused: return "unused";
        case TokenType::Byte: return "byte";
    }
    return "?";
}

Tokenizer::Tokenizer(const gguf::File& file) : vocab_(tokenizer::load_vocab(file)) {}

Tokenizer::Tokenizer(const std::string& path) : Tokenizer(gguf::File(path)) {}

std::vector<TokenId> Tokenizer::encode(std::string_view text, bool add_special, bool parse_special) const {
    std::vector<TokenId> out;
    out.reserve(text.size() / 3 + 2);
    tokenizer::encode_into(*vocab_, text, add_special, parse_special, &out);
    return out;
}

void Tokenizer::encode(std::string_view text, std::vector<TokenId>* out, bool add_special, bool parse_special) const {
    tokenizer::encode_into(*vocab_, text, add_special, parse_special, out);
}

std::string Tokenizer::decode(const std::vector<TokenId>& ids, bool remove_special, bool show_special) const {
    return tokenizer::decode_ids(*vocab_, ids.data(), ids.size(), remove_special, show_special, true);
}

std::string Tokenizer::decode(const TokenId* ids, size_t n, const DecodeOptions& o) const {
    return tokenizer::decode_ids(*vocab_, ids, n, o.remove_special, o.show_special, o.clean_spaces);
}

std::string Tokenizer::piece(TokenId id, bool show_special) const {
    vocab_->check_id(id, "piece");
    if (!show_special && vocab_->hidden_unless_special(id)) return std::string();
    return std::string(vocab_->piece(id));
}

std::string_view Tokenizer::token_text(TokenId id) const {
    vocab_->check_id(id, "token_text");
    return vocab_->text(id);
}

TokenId Tokenizer::find(std::string_view text) const { return vocab_->find(text); }

float Tokenizer::score(TokenId id) const {
    vocab_->check_id(id, "score");
    return vocab_->scores[id];
}

TokenType Tokenizer::token_type(TokenId id) const {
    vocab_->check_id(id, "token_type");
    const uint16_t a = vocab_->attrs[id];
    // A type llama.cpp overrode (a normal token that ends a turn is control) reads as the override.
    if (a & tokenizer::kAttrControl) return TokenType::Control;
    if (a & tokenizer::kAttrUserDefined) return TokenType::UserDefined;
    if (a & tokenizer::kAttrUnknown) return TokenType::Unknown;
    if (a & tokenizer::kAttrByte) return TokenType::Byte;
    if (a & tokenizer::kAttrUnused) return TokenType::Unused;
    if (a & tokenizer::kAttrNormal) return TokenType::Normal;
    return TokenType::Undefined;
}

bool Tokenizer::is_control(TokenId id) const {
    vocab_->check_id(id, "is_control");
    return vocab_->hidden_unless_special(id);
}

size_t Tokenizer::n_vocab() const { return vocab_->n_tokens; }
TokenizerModel Tokenizer::model() const { return vocab_->model; }
const std::string& Tokenizer::pre() const { return vocab_->pre_name; }
const SpecialTokens& Tokenizer::special() const { return vocab_->special; }
bool Tokenizer::add_bos() const { return vocab_->add_bos; }
bool Tokenizer::add_eos() const { return vocab_->add_eos; }
bool Tokenizer::add_space_prefix() const { return vocab_->add_space_prefix; }

bool Tokenizer::is_eog(TokenId id) const {
    return id >= 0 && static_cast<uint32_t>(id) < vocab_->n_tokens && vocab_->is_eog[id];
}

const std::vector<TokenId>& Tokenizer::eog_ids() const { return vocab_->eog; }

size_t Tokenizer::memory_bytes() const { return vocab_->memory_bytes(); }

}  // namespace lugh

