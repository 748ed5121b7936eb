#include "util/utf8.hpp"

namespace lugh::utf8 {

namespace {

// Decodes one sequence at text[i]; returns its length, or 0 if malformed.
size_t decode_one(std::string_view text, size_t i, char32_t* out) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
        *out = b0;
        return 1;
    }
    size_t n;
    char32_t cp, min;
    if ((b0 & 0xE0) == 0xC0) {
        n = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (text.size() - i < n) return 0;
    for (size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    *out = cp;
    return n;
}

}  // namespace

size_t first_invalid(std::string_view text) {
    char32_t cp;
    for (size_t i = 0; i < text.size();) {
        const size_t n = decode_one(text, i, &cp);
        if (!n) return i;
        i += n;
    }
    return std::string::npos;
}

bool valid(std::string_view text) { return first_invalid(text) == std::string::npos; }

std::u32string decode(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    char32_t cp;
    for (size_t i = 0; i < text.size();) {
        const size_t n = decode_one(text, i, &cp);
        out.push_back(n ? cp : 0xFFFD);
        i += n ? n : 1;
    }
    return out;
}

void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string encode(std::u32string_view code_points) {
    std::string out;
    out.reserve(code_points.size());
    for (char32_t c : code_points) append(out, c);
    return out;
}

size_t length(std::string_view text) {
    size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

bool is_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

namespace {

// Letters whose lower case is the next code point (Latin Extended-A pairs).
bool upper_of_pair(char32_t c) {
    if (c >= 0x100 && c <= 0x137) return (c & 1) == 0;
    if (c >= 0x139 && c <= 0x148) return (c & 1) == 1;
    if (c >= 0x14A && c <= 0x177) return (c & 1) == 0;
    if (c == 0x179 || c == 0x17B || c == 0x17D) return true;
    return false;
}

}  // namespace

char32_t lower(char32_t c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
    if (upper_of_pair(c)) return c + 1;
    if (c == 0x178) return 0xFF;
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c >= 0xFF21 && c <= 0xFF3A) return c + 32;
    return c;
}

char32_t upper(char32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
    if (c == 0xFF) return 0x178;
    if (c == 0xB5) return 0x39C;
    if (c > 0x100 && c <= 0x17E && upper_of_pair(c - 1)) return c - 1;
    if (c == 0x3C2) return 0x3A3;   // final sigma
    if (c >= 0x3B1 && c <= 0x3C9) return c - 32;
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    if (c >= 0xFF41 && c <= 0xFF5A) return c - 32;
    return c;
}

bool is_upper(char32_t c) { return lower(c) != c || (c >= 0x391 && c <= 0x3A9); }
bool is_lower(char32_t c) { return upper(c) != c || c == 0xDF; }
bool is_alpha(char32_t c) {
    if (c < 0x80) return (c | 32) >= 'a' && (c | 32) <= 'z';
    if (c == 0xAA || c == 0xB5 || c == 0xBA) return true;
    if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;
    if (c >= 0x370 && c <= 0x3FF) return c != 0x375 && c != 0x37E && c != 0x384 && c != 0x385 && c != 0x387;
    if (c >= 0x400 && c <= 0x481) return true;
    if (c >= 0x4E00 && c <= 0x9FFF) return true;   // CJK ideographs
    if (c >= 0x3040 && c <= 0x30FF) return c != 0x30FB;   // kana
    if (c >= 0xAC00 && c <= 0xD7A3) return true;   // Hangul
    return is_upper(c) || is_lower(c);
}
bool is_digit(char32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || (c >= 0x660 && c <= 0x669); }

std::string to_upper(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t c : decode(text)) {
        if (c == 0xDF) {
            out += "SS";
        } else {
            append(out, upper(c));
        }
    }
    return out;
}

std::string to_lower(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const std::u32string cps = decode(text);
    for (size_t i = 0; i < cps.size(); ++i) {
        // Capital sigma ending a word becomes final sigma, as Python does.
        if (cps[i] == 0x3A3 && i > 0 && is_alpha(cps[i - 1]) && (i + 1 == cps.size() || !is_alpha(cps[i + 1]))) {
            append(out, 0x3C2);
        } else {
            append(out, lower(cps[i]));
        }
    }
    return out;
}

bool is_printable(char32_t c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD) return false;
    if (c == 0x1680 || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
        (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0xFEFF)
        return false;
    if (c >= 0xD800 && c <= 0xF8FF) return false;   // surrogates, private use
    if (c >= 0xFFF0 && c <= 0xFFFB) return false;
    if (c == 0xFFFE || c == 0xFFFF || c >= 0xE0000) return false;
    return true;
}

}  // namespace lugh::utf8
