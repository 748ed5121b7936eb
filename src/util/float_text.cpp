#include "util/float_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace lugh {

std::string python_float_repr(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    // Shortest round-trip digits in scientific form: d.ddde±X.
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    std::string sci(buf, r.ptr);
    const size_t e = sci.find('e');
    const int exp = std::atoi(sci.c_str() + e + 1);
    std::string mant = sci.substr(0, e);
    bool neg = false;
    if (mant[0] == '-') neg = true, mant.erase(0, 1);
    std::string digits;
    for (char c : mant)
        if (c != '.') digits += c;
    std::string out = neg ? "-" : "";
    // Python switches to exponent form below 1e-4 and from 1e16 up.
    if (exp < -4 || exp >= 16) {
        out += digits[0];
        if (digits.size() > 1) out += "." + digits.substr(1);
        out += 'e';
        out += exp < 0 ? '-' : '+';
        const int a = exp < 0 ? -exp : exp;
        if (a < 10) out += '0';
        out += std::to_string(a);
        return out;
    }
    if (exp < 0) {
        out += "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
        return out;
    }
    const size_t int_len = static_cast<size_t>(exp) + 1;
    if (digits.size() <= int_len) {
        out += digits + std::string(int_len - digits.size(), '0') + ".0";
    } else {
        out += digits.substr(0, int_len) + "." + digits.substr(int_len);
    }
    return out;
}

}  // namespace lugh
