// Arguments of Lugh::Ops functions that are not plain numbers or objects:
// the unary function (a name or ggml's number) and a shape (a list of sizes
// or one array reference). Integers go through int_arg (xs/args.hpp).
#pragma once

#include <cctype>
#include <cstring>

#include <lugh/ggml/ggml.h>
#include <lugh/ops.hpp>

#include "xs/args.hpp"

namespace lugh_perl {

// 'gelu', 'GELU' or ggml's number for it (8), as lugh::UnaryOp; dies otherwise.
inline lugh::UnaryOp unary_op_arg(pTHX_ SV* sv, const char* fn, const char* name) {
    if (SvOK(sv) && !SvROK(sv) && !looks_like_number(sv)) {
        STRLEN len;
        const char* given = SvPV(sv, len);
        for (int i = 0; i < GGML_UNARY_OP_COUNT; ++i) {
            const char* known = ggml_unary_op_name(static_cast<ggml_unary_op>(i));
            if (std::strlen(known) != len) continue;
            bool same = true;
            for (STRLEN k = 0; k < len && same; ++k)
                same = std::tolower(static_cast<unsigned char>(given[k])) == std::tolower(static_cast<unsigned char>(known[k]));
            if (same) return static_cast<lugh::UnaryOp>(i);
        }
        SV* list = sv_2mortal(newSVpvs(""));
        for (int i = 0; i < GGML_UNARY_OP_COUNT; ++i) {
            sv_catpv(list, i ? ", " : "");
            for (const char* c = ggml_unary_op_name(static_cast<ggml_unary_op>(i)); *c; ++c) {
                const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
                sv_catpvn(list, &lower, 1);
            }
        }
        croak("%s: unknown unary function '%" SVf "' (one of %" SVf ", or 0 to %d)", fn, SVfARG(sv), SVfARG(list),
              GGML_UNARY_OP_COUNT - 1);
    }
    const int code = int_arg<int>(aTHX_ sv, fn, name);
    if (code < 0 || code >= GGML_UNARY_OP_COUNT)
        croak("%s: unknown unary function %d (0 to %d, or a name such as 'gelu')", fn, code, GGML_UNARY_OP_COUNT - 1);
    return static_cast<lugh::UnaryOp>(code);
}

// The sizes in args[0..n): a list of integers, or one array reference. The
// buffer is freed by Perl's save stack (a die while reading leaks nothing).
inline const int64_t* dims_arg(pTHX_ SV** args, size_t n, const char* fn, const char* name, size_t* count) {
    AV* list = nullptr;
    if (n == 1 && SvROK(args[0]) && SvTYPE(SvRV(args[0])) == SVt_PVAV) list = reinterpret_cast<AV*>(SvRV(args[0]));
    *count = list ? static_cast<size_t>(av_len(list) + 1) : n;
    int64_t* dims;
    Newx(dims, *count ? *count : 1, int64_t);
    SAVEFREEPV(dims);
    for (size_t i = 0; i < *count; ++i) {
        SV** got = list ? av_fetch(list, static_cast<SSize_t>(i), 0) : &args[i];
        dims[i] = int_arg<int64_t>(aTHX_ got ? *got : &PL_sv_undef, fn, name);
    }
    return dims;
}

}  // namespace lugh_perl
