#include "tokenizer/byte_level.hpp"

#include <array>

#include "tokenizer/utf8.hpp"

namespace lugh::tokenizer {

namespace {

bool stands_for_itself(int b) { return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE); }

struct Tables {
    std::array<uint32_t, 256> cpt{};
    std::array<char, 256 * 2> utf8{};    // the byte-level char of each byte, padded to 2 bytes
    std::array<uint8_t, 256> utf8_len{};
    std::array<int16_t, 512> byte_of{};  // code point (< 512) -> byte, -1 for none

    Tables() {
        byte_of.fill(-1);
        uint32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            cpt[b] = stands_for_itself(b) ? static_cast<uint32_t>(b) : next++;
            byte_of[cpt[b]] = static_cast<int16_t>(b);
            utf8_len[b] = static_cast<uint8_t>(utf8_encode(cpt[b], &utf8[2 * b]));
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

}  // namespace

uint32_t byte_to_codepoint(uint8_t b) { return tables().cpt[b]; }

int codepoint_to_byte(uint32_t cpt) { return cpt < 512 ? tables().byte_of[cpt] : -1; }

std::string_view byte_level_char(uint8_t b) {
    const Tables& t = tables();
    return std::string_view(&t.utf8[2 * b], t.utf8_len[b]);
}

void byte_level_encode(std::string_view raw, std::string* out) {
    const Tables& t = tables();
    for (unsigned char b : raw) out->append(&t.utf8[2 * b], t.utf8_len[b]);
}

ptrdiff_t byte_level_decode(std::string_view text, char* out) {
    const int16_t* byte_of = tables().byte_of.data();
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    char* o = out;
    for (size_t i = 0; i < n;) {
        const unsigned char b0 = p[i];
        if (b0 < 0x80) {   // one-byte characters stand for themselves or for nothing
            if (byte_of[b0] < 0) return -1;
            *o++ = static_cast<char>(b0);
            ++i;
            continue;
        }
        // Every other byte-level character is two bytes of UTF-8, U+0080..U+01FF.
        if (i + 1 >= n || (b0 & 0xE0) != 0xC0 || (p[i + 1] & 0xC0) != 0x80) return -1;
        const uint32_t cpt = ((b0 & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
        if (cpt < 0x80 || cpt >= 512 || byte_of[cpt] < 0) return -1;   // no overlong forms
        *o++ = static_cast<char>(byte_of[cpt]);
        i += 2;
    }
    return o - out;
}

bool byte_level_decode(std::string_view text, std::string* out) {
    const size_t at = out->size();
    out->resize(at + text.size());
    const ptrdiff_t n = byte_level_decode(text, out->data() + at);
    out->resize(n < 0 ? at : at + static_cast<size_t>(n));
    return n >= 0;
}

}  // namespace lugh::tokenizer
