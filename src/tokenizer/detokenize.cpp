// Token ids back to text (llama.cpp's token_to_piece and detokenize).
//
// Each token's piece is computed once, at load: control, unknown and
// user-defined tokens are their text; normal tokens are their text with '▁'
// turned back into ' ' (SentencePiece) or with each character turned back
// into the byte it stands for (byte-level BPE); byte tokens are one byte.
// Decoding concatenates pieces, drops the one leading space SentencePiece
// added, and (for vocabularies that ask for it) tidies " ." " ," " 's"...
#include <cstdlib>
#include <cstring>

#include "tokenizer/byte_level.hpp"
#include "tokenizer/utf8.hpp"
#include "tokenizer/vocab.hpp"

namespace lugh::tokenizer {

namespace {

void replace_spaces_back(std::string_view text, std::string* out) {
    const std::string_view mark = "\xE2\x96\x81";
    size_t from = 0;
    for (size_t at; (at = text.find(mark, from)) != std::string_view::npos; from = at + mark.size()) {
        out->append(text.substr(from, at - from));
        out->push_back(' ');
    }
    out->append(text.substr(from));
}

// Each character of a byte-level token back to its byte; upstream writes a
// character with no byte as "[UNK_BYTE_0x<hex>" + the token text + "]".
void byte_level_decode_lenient(std::string_view text, std::string* out) {
    for (size_t pos = 0; pos < text.size();) {
        const uint32_t cpt = utf8_decode_lenient(text, &pos);
        const int b = codepoint_to_byte(cpt);
        if (b >= 0) {
            out->push_back(static_cast<char>(b));
            continue;
        }
        char utf8[4];
        const size_t n = cpt <= 0x10FFFF ? utf8_encode(cpt, utf8) : 0;
        out->append("[UNK_BYTE_0x");
        for (size_t k = 0; k < n; ++k) {
            static const char* hex = "0123456789abcdef";
            out->push_back(hex[static_cast<unsigned char>(utf8[k]) >> 4]);
            out->push_back(hex[static_cast<unsigned char>(utf8[k]) & 15]);
        }
        out->append(text).push_back(']');
    }
}

// The byte of "<0xNN>", read as upstream does (strtol of the two characters after "<0x").
char byte_of_token(std::string_view text) {
    if (text.size() < 4) return 0;
    char digits[3] = {text[3], text.size() > 4 ? text[4] : '\0', '\0'};
    return static_cast<char>(std::strtol(digits, nullptr, 16));
}

void append_piece(const Vocab& v, TokenId id, std::string* out) {
    const std::string_view text = v.text(id);
    const uint16_t a = v.attrs[id];
    if (a & (kAttrControl | kAttrUnknown | kAttrUserDefined)) {
        out->append(text);
    } else if (a & kAttrNormal) {
        if (v.model == TokenizerModel::SentencePiece) {
            replace_spaces_back(text, out);
        } else {
            const size_t at = out->size();
            if (!byte_level_decode(text, out)) {   // the fast exact path fails only on odd characters
                out->resize(at);
                byte_level_decode_lenient(text, out);
            }
        }
    } else if (a & kAttrByte) {
        out->push_back(byte_of_token(text));
    }
    // Unused and undefined tokens have no piece.
}

// Upstream's clean_up_tokenization_spaces, three passes over the bytes.
void clean_spaces(std::string* s) {
    std::string& t = *s;
    if (t.empty()) return;
    size_t n = 1;
    for (size_t i = 1; i < t.size(); ++i) {   // " ?" " !" " ." " ,"
        const char x = t[i];
        if (t[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) --n;
        t[n++] = x;
    }
    t.resize(n);
    n = 1;
    for (size_t i = 1; i < t.size(); ++i) {   // " ' " -> "'"
        const char x = t[i];
        if (x == '\'' && i + 1 < t.size() && t[i - 1] == ' ' && t[i + 1] == ' ') {
            --n;
            t[++i] = '\0';
        }
        t[n++] = x;
    }
    t.resize(n);
    n = 1;
    for (size_t i = 1; i < t.size(); ++i) {   // " 's" " 'm" " 're" " 've" -> no space
        const char x = t[i];
        if (t[i - 1] == ' ' && x == '\'' && i + 1 < t.size()) {
            const char x1 = t[i + 1];
            if (x1 == 's' || x1 == 'm') --n;
            else if (i + 2 < t.size() && ((x1 == 'r' && t[i + 2] == 'e') || (x1 == 'v' && t[i + 2] == 'e'))) --n;
        }
        t[n++] = x;
    }
    t.resize(n);
}

}  // namespace

void build_pieces(Vocab* v) {
    size_t bytes = 0;
    for (uint32_t id = 0; id < v->n_tokens; ++id) bytes += v->text(static_cast<TokenId>(id)).size();
    v->pieces.clear();
    v->pieces.reserve(bytes);   // a piece is never longer than its text, but for [UNK_BYTE_...] ones
    v->piece_offsets.assign(1, 0);
    v->piece_offsets.reserve(v->n_tokens + 1);
    for (uint32_t id = 0; id < v->n_tokens; ++id) {
        append_piece(*v, static_cast<TokenId>(id), &v->pieces);
        v->piece_offsets.push_back(static_cast<uint32_t>(v->pieces.size()));
    }
    v->pieces.shrink_to_fit();
}

std::string decode_ids(const Vocab& v, const TokenId* ids, size_t n, bool remove_special, bool show_special,
                       bool clean) {
    for (size_t i = 0; i < n; ++i) v.check_id(ids[i], "decode");
    bool strip_space = v.add_space_prefix;
    if (remove_special && v.add_bos && n > 0 && ids[0] == v.special.bos) {
        strip_space = false;   // upstream keeps the space when it removes BOS
        ++ids, --n;
    }
    if (remove_special && v.add_eos && n > 0 && ids[n - 1] == v.special.eos) --n;
    std::string out;
    for (size_t i = 0; i < n; ++i) {
        const TokenId id = ids[i];
        const bool first = i == 0;
        if (!show_special && v.hidden_unless_special(id)) continue;
        std::string_view p = v.piece(id);
        if (first && strip_space && !p.empty() && p[0] == ' ') p.remove_prefix(1);
        out.append(p);
    }
    if (clean && v.clean_spaces) clean_spaces(&out);
    return out;
}

}  // namespace lugh::tokenizer
