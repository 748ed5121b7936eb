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

}  // namespace lugh::tokenizer
