// name => value arguments of the high-level classes, read and checked in XS.
//
// Lugh::Model->new(model => $path), $inference->generate(\@prompt,
// max_tokens => 64, ...): the pairs are read straight from the XSUB's stack,
// so a bad argument dies at the caller's line with a message naming the
// method and the argument, and no Perl wrapper sits on the hot path.
//
//     lugh_perl::NamedArgs args(aTHX_ &ST(1), items - 1, "Lugh::Inference::forward", {"tokens", "packed"});
//     lugh_perl::TokenList tokens = lugh_perl::token_list_arg(aTHX_ args.required(aTHX_ "tokens"), args.fn(), "tokens");
//     const bool packed = args.flag(aTHX_ "packed", false);
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "xs/args.hpp"

namespace lugh_perl {

class NamedArgs {
public:
    // Reads n stack entries as pairs; dies for an odd count, a name not in
    // `known`, or a name given twice.
    // (No heap memory: a croak may leave the XSUB without destructors.)
    NamedArgs(pTHX_ SV** first, int n, const char* fn, std::initializer_list<const char*> known)
        : fn_(fn) {
        if (n < 0) n = 0;
        if (n % 2) croak("%s: arguments come in name => value pairs", fn);
        for (int i = 0; i < n; i += 2) {
            STRLEN len;
            const char* name = SvPV(first[i], len);
            const char* match = nullptr;
            for (const char* k : known)
                if (std::strlen(k) == len && std::memcmp(k, name, len) == 0) match = k;
            if (!match) {
                SV* list = sv_2mortal(newSVpvs(""));
                for (const char* k : known) sv_catpvf(list, "%s%s", SvCUR(list) ? ", " : "", k);
                croak("%s: unknown argument '%s' (known: %" SVf ")", fn, name, SVfARG(list));
            }
            for (int j = 0; j < n_pairs_; ++j)
                if (pairs_[j].name == match) croak("%s: argument '%s' given twice", fn, match);
            pairs_[n_pairs_++] = Pair{match, first[i + 1]};   // distinct known names: at most kMaxPairs
        }
    }

    const char* fn() const { return fn_; }

    // The value of `name`, or nullptr when it was not given (undef counts as not given).
    SV* get(const char* name) const {
        for (int j = 0; j < n_pairs_; ++j)
            if (std::strcmp(pairs_[j].name, name) == 0) return SvOK(pairs_[j].value) ? pairs_[j].value : nullptr;
        return nullptr;
    }
    SV* required(pTHX_ const char* name) const {
        SV* v = get(name);
        if (!v) croak("%s: the argument '%s' is required", fn_, name);
        return v;
    }

    template <typename T>
    T integer(pTHX_ const char* name, T fallback) const {
        SV* v = get(name);
        return v ? int_arg<T>(aTHX_ v, fn_, name) : fallback;
    }
    double number(pTHX_ const char* name, double fallback) const;
    bool flag(pTHX_ const char* name, bool fallback) const {
        SV* v = get(name);
        return v ? SvTRUE_nomg(v) : fallback;
    }
    std::string text(pTHX_ const char* name, const char* fallback) const {
        SV* v = get(name);
        if (!v) return fallback;
        if (SvROK(v)) croak("%s: %s must be a string, not a reference", fn_, name);
        STRLEN len;
        const char* s = SvPVutf8(v, len);
        return std::string(s, len);
    }

private:
    struct Pair {
        const char* name;
        SV* value;
    };
    static constexpr int kMaxPairs = 32;   // more than any method's argument names
    const char* fn_;
    Pair pairs_[kMaxPairs];
    int n_pairs_ = 0;
};

// A finite number, or die naming the argument.
inline double number_arg(pTHX_ SV* sv, const char* fn, const char* name) {
    if (!SvOK(sv) || SvROK(sv) || !looks_like_number(sv))
        croak("%s: %s is '%" SVf "'; a number is expected", fn, name, SVfARG(sv));
    const NV v = SvNV(sv);
    if (std::isnan(v) || std::isinf(v)) croak("%s: %s is %" NVgf "; a finite number is expected", fn, name, v);
    return v;
}

inline double NamedArgs::number(pTHX_ const char* name, double fallback) const {
    SV* v = get(name);
    return v ? number_arg(aTHX_ v, fn_, name) : fallback;
}

// The array behind an array reference, or die.
inline AV* array_ref_arg(pTHX_ SV* sv, const char* fn, const char* name) {
    if (!SvROK(sv) || SvTYPE(SvRV(sv)) != SVt_PVAV) croak("%s: %s must be an array reference", fn, name);
    return reinterpret_cast<AV*>(SvRV(sv));
}

// Token ids in a buffer that Perl's save stack frees (so a croak leaks nothing).
struct TokenList {
    const int32_t* data = nullptr;
    size_t size = 0;
    std::vector<int32_t> vector() const { return std::vector<int32_t>(data, data + size); }
};

// Token ids from an array reference: each an integer that fits int32_t (the
// engine checks them against the vocabulary).
inline TokenList token_list_arg(pTHX_ SV* sv, const char* fn, const char* name) {
    AV* av = array_ref_arg(aTHX_ sv, fn, name);
    const SSize_t n = av_len(av) + 1;
    int32_t* out;
    Newx(out, n > 0 ? n : 1, int32_t);
    SAVEFREEPV(out);
    for (SSize_t i = 0; i < n; ++i) {
        SV** e = av_fetch(av, i, 0);
        SV* v = e ? *e : &PL_sv_undef;
        const ReadInteger r = read_integer(aTHX_ v);   // the common case without building a name
        if (r.ok && (r.negative ? r.magnitude <= 2147483648u : r.magnitude <= 2147483647u)) {
            out[i] = r.negative ? static_cast<int32_t>(-static_cast<int64_t>(r.magnitude)) : static_cast<int32_t>(r.magnitude);
            continue;
        }
        SV* element = sv_2mortal(newSVpvf("%s[%ld]", name, static_cast<long>(i)));
        out[i] = int_arg<int32_t>(aTHX_ v, fn, SvPV_nolen(element));
    }
    return TokenList{out, static_cast<size_t>(n)};
}

// Floats from an array reference of numbers, or from a packed string of
// native floats (pack 'f*'), as forward(packed => 1) returns them.
// (In a buffer that Perl's save stack frees.)
struct FloatList {
    const float* data = nullptr;
    size_t size = 0;
};
inline FloatList float_list_arg(pTHX_ SV* sv, const char* fn, const char* name) {
    float* out;
    if (!SvROK(sv)) {
        STRLEN len;
        const char* bytes = SvPVbyte(sv, len);
        if (len == 0 || len % sizeof(float))
            croak("%s: %s must be an array reference or a packed string of floats (pack 'f*'), "
                  "got a string of %lu bytes",
                  fn, name, static_cast<unsigned long>(len));
        Newx(out, len / sizeof(float), float);
        SAVEFREEPV(out);
        std::memcpy(out, bytes, len);   // the string's bytes need not be aligned for floats
        return FloatList{out, len / sizeof(float)};
    }
    AV* av = array_ref_arg(aTHX_ sv, fn, name);
    const SSize_t n = av_len(av) + 1;
    Newx(out, n > 0 ? n : 1, float);
    SAVEFREEPV(out);
    for (SSize_t i = 0; i < n; ++i) {
        SV** e = av_fetch(av, i, 0);
        if (!e || !SvOK(*e) || !looks_like_number(*e))
            croak("%s: %s[%ld] is not a number", fn, name, static_cast<long>(i));
        out[i] = static_cast<float>(SvNV(*e));
    }
    return FloatList{out, static_cast<size_t>(n)};
}

}  // namespace lugh_perl
