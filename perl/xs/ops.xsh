# Lugh::Ops: one Perl function per lugh::ops function, grouped by argument
# shape. Each group is one XSUB with ALIASes; ix selects the row of the
# matching table in xs/op_tables.hpp. Nothing is computed here: each call
# returns a new tensor (made in $ctx) that records the operation.

MODULE = Lugh    PACKAGE = Lugh::Ops

SV*
sqr(LughContext ctx, LughTensor a)
ALIAS:
    sqr_inplace = 1
    sqrt = 2
    sqrt_inplace = 3
    log = 4
    log_inplace = 5
    neg = 6
    neg_inplace = 7
    abs = 8
    abs_inplace = 9
    exp = 10
    exp_inplace = 11
    relu = 12
    relu_inplace = 13
    gelu = 14
    gelu_inplace = 15
    silu = 16
    silu_inplace = 17
    tanh = 18
    tanh_inplace = 19
    sigmoid = 20
    sigmoid_inplace = 21
    sum = 22
    sum_rows = 23
    mean = 24
    argmax = 25
    soft_max = 26
    soft_max_inplace = 27
    dup = 28
    cont = 29
    transpose = 30
CODE:
{
    auto* op = lugh_perl::op_entry(lugh_perl::kUnaryOps, ix, GvNAME(CvGV(cv)));
    if (!op) croak("Lugh::Ops: internal error: no operation %d for %s", static_cast<int>(ix), GvNAME(CvGV(cv)));
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return op->fn(*ctx.ctx, a); }));
}
OUTPUT:
    RETVAL

SV*
add(LughContext ctx, LughTensor a, LughTensor b)
ALIAS:
    add_inplace = 1
    sub = 2
    sub_inplace = 3
    mul = 4
    mul_inplace = 5
    div = 6
    div_inplace = 7
    mul_mat = 8
    get_rows = 9
    cpy = 10
    repeat = 11
CODE:
{
    auto* op = lugh_perl::op_entry(lugh_perl::kBinaryOps, ix, GvNAME(CvGV(cv)));
    if (!op) croak("Lugh::Ops: internal error: no operation %d for %s", static_cast<int>(ix), GvNAME(CvGV(cv)));
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return op->fn(*ctx.ctx, a, b); }));
}
OUTPUT:
    RETVAL

SV*
scale(LughContext ctx, LughTensor a, float value)
ALIAS:
    scale_inplace = 1
    norm = 2
    norm_inplace = 3
    rms_norm = 4
    rms_norm_inplace = 5
CODE:
{
    auto* op = lugh_perl::op_entry(lugh_perl::kFloatOps, ix, GvNAME(CvGV(cv)));
    if (!op) croak("Lugh::Ops: internal error: no operation %d for %s", static_cast<int>(ix), GvNAME(CvGV(cv)));
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return op->fn(*ctx.ctx, a, value); }));
}
OUTPUT:
    RETVAL

SV*
diag_mask_inf(LughContext ctx, LughTensor a, int n_past)
ALIAS:
    diag_mask_inf_inplace = 1
CODE:
{
    auto* op = lugh_perl::op_entry(lugh_perl::kIntOps, ix, GvNAME(CvGV(cv)));
    if (!op) croak("Lugh::Ops: internal error: no operation %d for %s", static_cast<int>(ix), GvNAME(CvGV(cv)));
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return op->fn(*ctx.ctx, a, n_past); }));
}
OUTPUT:
    RETVAL

SV*
unary(LughContext ctx, LughTensor a, SV* which)
ALIAS:
    unary_inplace = 1
CODE:
{
    // The function is a name ('gelu', 'gelu_quick', ...) or ggml's number for it.
    auto* op = lugh_perl::op_entry(lugh_perl::kUnaryOpOps, ix, GvNAME(CvGV(cv)));
    if (!op) croak("Lugh::Ops: internal error: no operation %d for %s", static_cast<int>(ix), GvNAME(CvGV(cv)));
    const int n_names = static_cast<int>(sizeof lugh_perl::kUnaryOpNames / sizeof lugh_perl::kUnaryOpNames[0]);
    int code = -1;
    if (looks_like_number(which)) {
        code = static_cast<int>(SvIV(which));
    } else {
        const char* name = SvPV_nolen(which);
        for (int i = 0; i < n_names; ++i)
            if (std::strcmp(name, lugh_perl::kUnaryOpNames[i]) == 0) code = i;
    }
    if (code < 0 || code >= n_names)
        croak("Lugh::Ops::%s: unknown unary function '%" SVf "' (one of abs, sgn, neg, step, tanh, elu, relu, "
              "sigmoid, gelu, gelu_quick, silu, hardswish, hardsigmoid, exp, or 0 to %d)",
              op->name, SVfARG(which), n_names - 1);
    RETVAL = lugh_perl::new_tensor_object(
        aTHX_ guarded(aTHX_ [&] { return op->fn(*ctx.ctx, a, static_cast<lugh::UnaryOp>(code)); }));
}
OUTPUT:
    RETVAL

void
mul_mat_set_prec(LughTensor node, SV* prec)
CODE:
{
    // 'f32' or 'default', or ggml's numbers for them (10, 0).
    int code = -1;
    if (looks_like_number(prec)) {
        code = static_cast<int>(SvIV(prec));
    } else {
        const char* name = SvPV_nolen(prec);
        if (std::strcmp(name, "f32") == 0) code = GGML_PREC_F32;
        if (std::strcmp(name, "default") == 0) code = GGML_PREC_DEFAULT;
        if (code < 0) croak("Lugh::Ops::mul_mat_set_prec: unknown precision '%" SVf "' (f32, default, 10 or 0)", SVfARG(prec));
    }
    guarded(aTHX_ [&] { lugh::ops::mul_mat_set_prec(node, static_cast<lugh::ops::Precision>(code)); });
}

SV*
clamp(LughContext ctx, LughTensor a, float min, float max)
CODE:
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return lugh::ops::clamp(*ctx.ctx, a, min, max); }));
OUTPUT:
    RETVAL

SV*
concat(LughContext ctx, LughTensor a, LughTensor b, int dim)
CODE:
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return lugh::ops::concat(*ctx.ctx, a, b, dim); }));
OUTPUT:
    RETVAL

SV*
flash_attn_ext(LughContext ctx, LughTensor q, LughTensor k, LughTensor v, LughOptTensor mask, float scale, float max_bias = 0.0f, float logit_softcap = 0.0f)
CODE:
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] {
        return lugh::ops::flash_attn_ext(*ctx.ctx, q, k, v, mask, scale, max_bias, logit_softcap);
    }));
OUTPUT:
    RETVAL

SV*
set_rows(LughContext ctx, LughTensor a, LughTensor b, LughTensor c)
CODE:
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return lugh::ops::set_rows(*ctx.ctx, a, b, c); }));
OUTPUT:
    RETVAL

SV*
soft_max_ext(LughContext ctx, LughTensor a, LughOptTensor mask, float scale, float max_bias)
CODE:
    RETVAL = lugh_perl::new_tensor_object(
        aTHX_ guarded(aTHX_ [&] { return lugh::ops::soft_max_ext(*ctx.ctx, a, mask, scale, max_bias); }));
OUTPUT:
    RETVAL

SV*
reshape(LughContext ctx, LughTensor a, ...)
CODE:
{
    // Sizes as a list or as one array reference: reshape($ctx, $a, 4, 3) or reshape($ctx, $a, [4, 3]).
    AV* list = nullptr;
    if (items == 3 && SvROK(ST(2)) && SvTYPE(SvRV(ST(2))) == SVt_PVAV) list = reinterpret_cast<AV*>(SvRV(ST(2)));
    const size_t n = list ? static_cast<size_t>(av_len(list) + 1) : static_cast<size_t>(items - 2);
    int64_t* dims;
    Newx(dims, n ? n : 1, int64_t);
    SAVEFREEPV(dims);
    for (size_t i = 0; i < n; ++i) {
        SV** got = list ? av_fetch(list, static_cast<SSize_t>(i), 0) : &ST(i + 2);
        dims[i] = got ? static_cast<int64_t>(SvIV(*got)) : 0;
    }
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] {
        return lugh::ops::reshape(*ctx.ctx, a, std::vector<int64_t>(dims, dims + n));
    }));
}
OUTPUT:
    RETVAL

SV*
reshape_1d(LughContext ctx, LughTensor a, ...)
ALIAS:
    reshape_2d = 2
    reshape_3d = 3
    reshape_4d = 4
    cont_1d = 11
    cont_2d = 12
    cont_3d = 13
    cont_4d = 14
CODE:
{
    // ix % 10 is the number of sizes (reshape_1d is ix 0: one size).
    const int want = ix % 10 ? ix % 10 : 1;
    const bool is_cont = ix > 10;
    if (items - 2 != want)
        croak("Lugh::Ops::%s: expected %d size%s after the tensor, got %d", GvNAME(CvGV(cv)), want,
              want == 1 ? "" : "s", static_cast<int>(items - 2));
    int64_t ne[4] = {1, 1, 1, 1};
    for (int i = 0; i < want; ++i) ne[i] = static_cast<int64_t>(SvIV(ST(i + 2)));
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] {
        lugh::Context& c = *ctx.ctx;
        switch (want) {
            case 1: return is_cont ? lugh::ops::cont_1d(c, a, ne[0]) : lugh::ops::reshape_1d(c, a, ne[0]);
            case 2: return is_cont ? lugh::ops::cont_2d(c, a, ne[0], ne[1]) : lugh::ops::reshape_2d(c, a, ne[0], ne[1]);
            case 3:
                return is_cont ? lugh::ops::cont_3d(c, a, ne[0], ne[1], ne[2])
                               : lugh::ops::reshape_3d(c, a, ne[0], ne[1], ne[2]);
            default:
                return is_cont ? lugh::ops::cont_4d(c, a, ne[0], ne[1], ne[2], ne[3])
                               : lugh::ops::reshape_4d(c, a, ne[0], ne[1], ne[2], ne[3]);
        }
    }));
}
OUTPUT:
    RETVAL

SV*
view_1d(LughContext ctx, LughTensor a, int64_t ne0, size_t offset)
CODE:
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] { return lugh::ops::view_1d(*ctx.ctx, a, ne0, offset); }));
OUTPUT:
    RETVAL

SV*
view_2d(LughContext ctx, LughTensor a, int64_t ne0, int64_t ne1, size_t nb1, size_t offset)
CODE:
    RETVAL = lugh_perl::new_tensor_object(
        aTHX_ guarded(aTHX_ [&] { return lugh::ops::view_2d(*ctx.ctx, a, ne0, ne1, nb1, offset); }));
OUTPUT:
    RETVAL

SV*
view_3d(LughContext ctx, LughTensor a, int64_t ne0, int64_t ne1, int64_t ne2, size_t nb1, size_t nb2, size_t offset)
CODE:
    RETVAL = lugh_perl::new_tensor_object(
        aTHX_ guarded(aTHX_ [&] { return lugh::ops::view_3d(*ctx.ctx, a, ne0, ne1, ne2, nb1, nb2, offset); }));
OUTPUT:
    RETVAL

SV*
view_4d(LughContext ctx, LughTensor a, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3, size_t nb1, size_t nb2, size_t nb3, size_t offset)
CODE:
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] {
        return lugh::ops::view_4d(*ctx.ctx, a, ne0, ne1, ne2, ne3, nb1, nb2, nb3, offset);
    }));
OUTPUT:
    RETVAL

SV*
permute(LughContext ctx, LughTensor a, int axis0, int axis1, int axis2, int axis3)
CODE:
    RETVAL = lugh_perl::new_tensor_object(
        aTHX_ guarded(aTHX_ [&] { return lugh::ops::permute(*ctx.ctx, a, axis0, axis1, axis2, axis3); }));
OUTPUT:
    RETVAL

SV*
rope_ext(LughContext ctx, LughTensor a, LughTensor pos, LughOptTensor freq_factors, int n_dims, int mode, int n_ctx_orig, float freq_base, float freq_scale, float ext_factor, float attn_factor, float beta_fast, float beta_slow)
ALIAS:
    rope_ext_inplace = 1
CODE:
{
    auto* op = lugh_perl::op_entry(lugh_perl::kRopeExtOps, ix, GvNAME(CvGV(cv)));
    if (!op) croak("Lugh::Ops: internal error: no operation %d for %s", static_cast<int>(ix), GvNAME(CvGV(cv)));
    RETVAL = lugh_perl::new_tensor_object(aTHX_ guarded(aTHX_ [&] {
        return op->fn(*ctx.ctx, a, pos, freq_factors, n_dims, mode, n_ctx_orig, freq_base, freq_scale, ext_factor,
                      attn_factor, beta_fast, beta_slow);
    }));
}
OUTPUT:
    RETVAL

SV*
rope(LughContext ctx, LughTensor a, LughTensor pos, int n_dims, int mode)
CODE:
    RETVAL = lugh_perl::new_tensor_object(
        aTHX_ guarded(aTHX_ [&] { return lugh::ops::rope(*ctx.ctx, a, pos, n_dims, mode); }));
OUTPUT:
    RETVAL
