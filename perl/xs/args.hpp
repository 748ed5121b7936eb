// Integer arguments from Perl, checked: the one converter every binding uses.
//
// Perl's SvIV cuts a number to the C type without a word: 2**32 + 1 became 1,
// 12.7 became 12, 'abc' became 0. int_arg<T> takes a Perl integer (IV or
// UV), a number with no fractional part, or a string that reads as one, and
// dies - naming the function, the argument and the range - for anything
// else: undef, a reference, a fraction, inf or NaN, a non-numeric string, or
// a value outside T's range. The typemap routes every int, int32_t, int64_t,
// size_t and UV argument through it; code that reads integers from lists
// (shapes, set_i32 values) calls it directly. Include it (after perl.h) in
// any XS file that takes integers: the GGUF bindings too.
//
//     int n = lugh_perl::int_arg<int>(aTHX_ ST(2), "Lugh::Ops::concat", "dim");
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace lugh_perl {

// An integer read from an SV: its sign and magnitude (so the whole of
// int64_t and uint64_t fit), or ok = false with the reason.
struct ReadInteger {
    bool ok = false;
    bool negative = false;
    uint64_t magnitude = 0;
    const char* why = "";
};

inline ReadInteger read_integer(pTHX_ SV* sv) {
    ReadInteger r;
    SvGETMAGIC(sv);
    if (!SvOK(sv)) {
        r.why = "undefined";
        return r;
    }
    if (SvROK(sv)) {
        r.why = "a reference";
        return r;
    }
    if (SvIOK(sv) && !SvNOK(sv) && !SvPOK(sv)) {   // a plain Perl integer
        if (SvIsUV(sv)) {
            r.magnitude = SvUVX(sv);
        } else {
            const IV v = SvIVX(sv);
            r.negative = v < 0;
            r.magnitude = v < 0 ? uint64_t(0) - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        }
        r.ok = true;
        return r;
    }
    if (SvPOK(sv) && !SvNOK(sv) && !SvIOK(sv)) {   // a string: exact when it is an integer
        STRLEN len;
        const char* s = SvPV_nomg(sv, len);
        UV value = 0;
        const int flags = grok_number(s, len, &value);
        if (!flags) {
            r.why = "not a number";
            return r;
        }
        if ((flags & IS_NUMBER_IN_UV) && !(flags & IS_NUMBER_NOT_INT)) {
            r.negative = (flags & IS_NUMBER_NEG) && value != 0;
            r.magnitude = value;
            r.ok = true;
            return r;
        }
    }
    // A floating-point number (or a string that reads as one).
    const NV v = SvNV_nomg(sv);
    if (std::isnan(v) || std::isinf(v)) {
        r.why = "not a finite number";
        return r;
    }
    if (v != std::floor(v)) {
        r.why = "not a whole number";
        return r;
    }
    if (std::fabs(v) >= 18446744073709551616.0) {   // 2**64
        r.why = "out of range";
        return r;
    }
    r.negative = v < 0;
    r.magnitude = static_cast<uint64_t>(std::fabs(v));
    r.ok = true;
    return r;
}

// sv as a T, or die: "fn: name is '2.5' (not a whole number); an integer is
// expected" / "fn: name is 4294967297, outside -2147483648..2147483647".
template <typename T>
T int_arg(pTHX_ SV* sv, const char* fn, const char* name) {
    static_assert(std::is_integral<T>::value && sizeof(T) <= 8, "an integer type");
    const ReadInteger r = read_integer(aTHX_ sv);
    using Limits = std::numeric_limits<T>;
    const bool fits = r.ok && (r.negative ? Limits::is_signed && r.magnitude - 1 <= uint64_t(Limits::max())
                                          : r.magnitude <= uint64_t(Limits::max()));
    if (fits) return r.negative ? static_cast<T>(-static_cast<int64_t>(r.magnitude - 1) - 1) : static_cast<T>(r.magnitude);
    if (!SvOK(sv)) croak("%s: %s is undefined; an integer is expected", fn, name);
    if (r.ok || std::strcmp(r.why, "out of range") == 0) {
        if (Limits::is_signed)
            croak("%s: %s is %" SVf ", outside %" IVdf "..%" IVdf, fn, name, SVfARG(sv), static_cast<IV>(Limits::min()),
                  static_cast<IV>(Limits::max()));
        croak("%s: %s is %" SVf ", outside 0..%" UVuf, fn, name, SVfARG(sv), static_cast<UV>(Limits::max()));
    }
    croak("%s: %s is '%" SVf "' (%s); an integer is expected", fn, name, SVfARG(sv), r.why);
}

}  // namespace lugh_perl
