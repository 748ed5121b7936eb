#include "printable.hpp"

#include <cstdint>
#include <cstring>

namespace lugh::tool {

namespace {

// Length of the valid UTF-8 sequence at p (n bytes available) and its code
// point, or 0 when p does not start one (overlong forms and surrogates included).
size_t utf8_sequence(const unsigned char* p, size_t n, uint32_t* cp) {
    const unsigned char b = p[0];
    size_t len;
    uint32_t min;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if ((b & 0xe0) == 0xc0) {
        len = 2, min = 0x80, *cp = b & 0x1f;
    } else if ((b & 0xf0) == 0xe0) {
        len = 3, min = 0x800, *cp = b & 0x0f;
    } else if ((b & 0xf8) == 0xf0) {
        len = 4, min = 0x10000, *cp = b & 0x07;
    } else {
        return 0;
    }
    if (len > n) return 0;
    for (size_t i = 1; i < len; ++i) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        *cp = (*cp << 6) | (p[i] & 0x3f);
    }
    if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff)) return 0;
    return len;
}

// Calls emit(piece, length) for each piece of the escaped text.
template <typename Emit>
void escape(const unsigned char* p, size_t n, Emit emit) {
    static const char kHex[] = "0123456789abcdef";
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        const size_t len = utf8_sequence(p + i, n - i, &cp);
        if (len == 0 || cp < 0x20 || cp == 0x7f) {
            const char esc[4] = {'\\', 'x', kHex[p[i] >> 4], kHex[p[i] & 15]};
            emit(esc, 4);
            i += 1;
        } else if (cp >= 0x80 && cp <= 0x9f) {
            const char esc[6] = {'\\', 'u', '0', '0', kHex[cp >> 4], kHex[cp & 15]};
            emit(esc, 6);
            i += len;
        } else {
            emit(reinterpret_cast<const char*>(p + i), len);
            i += len;
        }
    }
}

}  // namespace

std::string printable(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    escape(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
           [&](const char* s, size_t n) { out.append(s, n); });
    return out;
}

void print_printable(std::FILE* out, const char* text) {
    escape(reinterpret_cast<const unsigned char*>(text), std::strlen(text),
           [&](const char* s, size_t n) { std::fwrite(s, 1, n, out); });
}

}  // namespace lugh::tool
