// The byte-to-character mapping of byte-level BPE (GPT-2's bytes_to_unicode).
//
// Byte-level vocabularies store every token as printable text: each raw byte
// becomes one character. The printable bytes '!'..'~', 0xA1..0xAC and
// 0xAE..0xFF stand for themselves; the other 68 bytes (controls, space, 0x7F..
// 0xA0, 0xAD) take the code points 256, 257, ... in byte order, so a space is
// 'Ġ' (U+0120) and a newline 'Ċ' (U+010A).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lugh::tokenizer {

// The code point that stands for byte b.
uint32_t byte_to_codepoint(uint8_t b);
// The byte a code point stands for, or -1 if it stands for none.
int codepoint_to_byte(uint32_t cpt);
// Appends the byte-level form of raw bytes to out (1 or 2 bytes of UTF-8 per byte).
void byte_level_encode(std::string_view raw, std::string* out);
// The byte-level form of one byte (1 or 2 bytes of UTF-8).
std::string_view byte_level_char(uint8_t b);
// The raw bytes byte-level text stands for, appended to out; false (out
// unchanged) when a character stands for no byte, i.e. the text is not
// something byte-level encoding can produce.
bool byte_level_decode(std::string_view text, std::string* out);
// The same into out[0, text.size()) (never more bytes than the text has);
// returns the number of bytes, or -1.
ptrdiff_t byte_level_decode(std::string_view text, char* out);

}  // namespace lugh::tokenizer
