// UTF-8 as the reference tokenizer reads it.
//
// llama.cpp decodes leniently: the length of a character comes from its
// first byte alone (utf8_length), a byte that cannot start a character or a
// sequence with a bad continuation byte becomes U+FFFD (one per bad byte),
// and overlong forms decode to their code point. Byte-level BPE then
// re-encodes those code points, so the pre-tokenizer sees clean UTF-8; the
// SentencePiece path splits on lead-byte lengths and byte-falls back the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lugh::tokenizer {

constexpr uint32_t kReplacementChar = 0xFFFD;

// Length of the character a byte starts, from its high four bits: 1 for
// ASCII and stray continuation bytes, 2 for 0xC_/0xD_, 3 for 0xE_, 4 for 0xF_.
inline size_t utf8_length(unsigned char lead) {
    static constexpr unsigned char kLength[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    return kLength[lead >> 4];
}

// Writes the UTF-8 form of cpt (at most 4 bytes) to out; returns its length.
// cpt must be at most 0x10FFFF.
size_t utf8_encode(uint32_t cpt, char* out);

// Decodes one character at s[*pos] the lenient way, advancing *pos; returns
// kReplacementChar (advancing one byte) for a byte that starts nothing valid.
uint32_t utf8_decode_lenient(std::string_view s, size_t* pos);

// Whether s is well-formed UTF-8 (no overlongs, surrogates or code points past 0x10FFFF).
bool utf8_is_valid(std::string_view s);

// s as the byte-level pre-tokenizer sees it: each character decoded the
// lenient way and encoded again. Returns s itself (no copy) when it is
// already valid; otherwise fills *storage and returns a view of it.
// Surrogates and code points past 0x10FFFF, which upstream passes on or
// cannot encode, become U+FFFD here so the result is always valid UTF-8.
std::string_view utf8_sanitize(std::string_view s, std::string* storage);

}  // namespace lugh::tokenizer
