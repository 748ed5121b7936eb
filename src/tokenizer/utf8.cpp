#include "tokenizer/utf8.hpp"

#include <cstring>

namespace lugh::tokenizer {

size_t utf8_encode(uint32_t cpt, char* out) {
    if (cpt < 0x80) {
        out[0] = static_cast<char>(cpt);
        return 1;
    }
    if (cpt < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cpt >> 6));
        out[1] = static_cast<char>(0x80 | (cpt & 0x3F));
        return 2;
    }
    if (cpt < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cpt >> 12));
        out[1] = static_cast<char>(0x80 | ((cpt >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cpt & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cpt >> 18));
    out[1] = static_cast<char>(0x80 | ((cpt >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cpt >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cpt & 0x3F));
    return 4;
}

uint32_t utf8_decode_lenient(std::string_view s, size_t* pos) {
    const size_t i = *pos;
    const auto at = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const auto cont = [&](size_t k) { return i + k < s.size() && (at(k) & 0xC0) == 0x80; };
    const unsigned char b = at(0);
    size_t len = 0;
    uint32_t cpt = 0;
    if (b < 0x80) {
        len = 1, cpt = b;
    } else if ((b & 0xE0) == 0xC0) {
        if (cont(1)) len = 2, cpt = ((b & 0x1Fu) << 6) | (at(1) & 0x3Fu);
    } else if ((b & 0xF0) == 0xE0) {
        if (cont(1) && cont(2)) len = 3, cpt = ((b & 0x0Fu) << 12) | ((at(1) & 0x3Fu) << 6) | (at(2) & 0x3Fu);
    } else if ((b & 0xF8) == 0xF0) {
        if (cont(1) && cont(2) && cont(3))
            len = 4,
            cpt = ((b & 0x07u) << 18) | ((at(1) & 0x3Fu) << 12) | ((at(2) & 0x3Fu) << 6) | (at(3) & 0x3Fu);
    }
    if (len == 0) {
        *pos = i + 1;
        return kReplacementChar;
    }
    *pos = i + len;
    return cpt;
}

bool utf8_is_valid(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes at a time: the common case for prose and code.
        if (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            if ((w & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char b = p[i];
        if (b < 0x80) {
            ++i;
            continue;
        }
        size_t len;
        uint32_t min;
        if (b >= 0xC2 && b <= 0xDF) len = 2, min = 0x80;
        else if ((b & 0xF0) == 0xE0) len = 3, min = 0x800;
        else if (b >= 0xF0 && b <= 0xF4) len = 4, min = 0x10000;
        else return false;
        if (i + len > n) return false;
        uint32_t cpt = b & (0x7F >> len);
        for (size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
            cpt = (cpt << 6) | (p[i + k] & 0x3F);
        }
        if (cpt < min || cpt > 0x10FFFF || (cpt >= 0xD800 && cpt <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

std::string_view utf8_sanitize(std::string_view s, std::string* storage) {
    if (utf8_is_valid(s)) return s;
    storage->clear();
    storage->reserve(s.size() + 16);
    char buf[4];
    for (size_t pos = 0; pos < s.size();) {
        uint32_t cpt = utf8_decode_lenient(s, &pos);
        if (cpt > 0x10FFFF || (cpt >= 0xD800 && cpt <= 0xDFFF)) cpt = kReplacementChar;
        storage->append(buf, utf8_encode(cpt, buf));
    }
    return *storage;
}

}  // namespace lugh::tokenizer
