// name => value arguments of the high-level classes, read and checked in XS.
//
// Lugh::Model->new(model => $path), $inference->generate(\@prompt,
// max_tokens => 64, ...): the pairs are read straight from the XSUB's stack,
// so a bad argument dies at the caller's line with a message naming the
// method and the argument, and no Perl wrapper sits on the hot path.
//
//     lugh_perl::NamedArgs args(aTHX_ &ST(1), items - 1, "Lugh::Inference::forward", {"tokens", "packed"});
//     std::vector<int32_t> tokens = lugh_perl::token_list_arg(aTHX_ args.required(aTHX_ "tokens"), args.fn(), "tokens");
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
                std::string list;
                for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
                croak("%s: unknown argument '%s' (known: %s)", fn, name, list.c_str());
            }
            for (const auto& p : pairs_)
                if (p.name == match) croak("%s: argument '%s' given twice", fn, match);
            pairs_.push_back(Pair{match, first[i + 1]});
        }
    }

    const char* fn() const { return fn_; }

    // The value of `name`, or nullptr when it was not given (undef counts as not given).
    SV* get(const char* name) const {
        for (const auto& p : pairs_)
            if (std::strcmp(p.name, name) == 0) return SvOK(p.value) ? p.value : nullptr;
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
    const char* fn_;
    std::vector<Pair> pairs_;
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

// Token ids from an array reference: each an integer that fits int32_t (the
// engine checks them against the vocabulary).
inline std::vector<int32_t> token_list_arg(pTHX_ SV* sv, const char* fn, const char* name) {
    AV* av = array_ref_arg(aTHX_ sv, fn, name);
    const SSize_t n = av_len(av) + 1;
    std::vector<int32_t> out(static_cast<size_t>(n));
    std::string element;
    for (SSize_t i = 0; i < n; ++i) {
        SV** e = av_fetch(av, i, 0);
        element = std::string(name) + "[" + std::to_string(i) + "]";
        out[static_cast<size_t>(i)] = e ? int_arg<int32_t>(aTHX_ * e, fn, element.c_str())
                                        : int_arg<int32_t>(aTHX_ & PL_sv_undef, fn, element.c_str());
    }
    return out;
}

// Floats from an array reference of numbers, or from a packed string of
// native floats (pack 'f*'), as forward(packed => 1) returns them.
inline std::vector<float> float_list_arg(pTHX_ SV* sv, const char* fn, const char* name) {
    std::vector<float> out;
    if (!SvROK(sv)) {
        STRLEN len;
        const char* bytes = SvPVbyte(sv, len);
        if (len == 0 || len % sizeof(float))
            croak("%s: %s must be an array reference or a packed string of floats (pack 'f*'), "
                  "got a string of %lu bytes",
                  fn, name, static_cast<unsigned long>(len));
        out.resize(len / sizeof(float));
        std::memcpy(out.data(), bytes, len);
        return out;
    }
    AV* av = array_ref_arg(aTHX_ sv, fn, name);
    const SSize_t n = av_len(av) + 1;
    out.resize(static_cast<size_t>(n));
    for (SSize_t i = 0; i < n; ++i) {
        SV** e = av_fetch(av, i, 0);
        if (!e || !SvOK(*e) || !looks_like_number(*e))
            croak("%s: %s[%ld] is not a number", fn, name, static_cast<long>(i));
        out[static_cast<size_t>(i)] = static_cast<float>(SvNV(*e));
    }
    return out;
}

}  // namespace lugh_perl
