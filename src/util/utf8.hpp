// UTF-8 text as code points, and the few Unicode character properties that
// Python string methods depend on (whitespace, case).
//
// Templates index, slice and measure strings in code points, as Python does,
// while Lugh keeps them as UTF-8 bytes: these helpers convert between the two.
// Case mapping covers ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic and
// the fullwidth Latin letters (what chat text needs); other characters keep
// their case.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lugh::utf8 {

// Whether text is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool valid(std::string_view text);
// Byte offset of the first malformed sequence, or npos.
size_t first_invalid(std::string_view text);

// Code points of well-formed text (a malformed byte decodes as U+FFFD).
std::u32string decode(std::string_view text);
std::string encode(std::u32string_view code_points);
void append(std::string& out, char32_t cp);
// Number of code points.
size_t length(std::string_view text);

// Python's str.isspace() for one character.
bool is_space(char32_t c);
// Python's notion of a cased letter, and of digits (str.isdigit / isdecimal).
bool is_upper(char32_t c);
bool is_lower(char32_t c);
bool is_alpha(char32_t c);
bool is_digit(char32_t c);
// Simple case mapping (one code point to one; see to_upper for ß).
char32_t lower(char32_t c);
char32_t upper(char32_t c);
// Whole-string mappings as Python's str.upper()/lower() (ß upper-cases to "SS").
std::string to_upper(std::string_view text);
std::string to_lower(std::string_view text);
// Python's str.isprintable() for one character (approximate outside the common blocks).
bool is_printable(char32_t c);

}  // namespace lugh::utf8
