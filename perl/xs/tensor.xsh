# Lugh::Tensor: a handle to a tensor in a context. Arguments are converted to
# plain C buffers (freed by Perl's save stack, so a die while converting leaks
# nothing) before the C++ call, and results are pushed after it.

MODULE = Lugh    PACKAGE = Lugh::Tensor

SV*
new_f32(const char* cls, SV* ctx_sv, ...)
ALIAS:
    new_i32 = 1
CODE:
{
    PERL_UNUSED_VAR(cls);
    const char* what = ix ? "Lugh::Tensor->new_i32" : "Lugh::Tensor->new_f32";
    ContextArg c = lugh_perl::context_arg(aTHX_ ctx_sv, current_owner(aTHX), what);
    const size_t n = static_cast<size_t>(items - 2);
    int64_t* dims;
    Newx(dims, n ? n : 1, int64_t);
    SAVEFREEPV(dims);
    for (size_t i = 0; i < n; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "dimension %d", static_cast<int>(i));
        dims[i] = lugh_perl::int_arg<int64_t>(aTHX_ ST(i + 2), what, name);
    }
    lugh::Tensor t = guarded(aTHX_ [&] {
        std::vector<int64_t> shape(dims, dims + n);
        return ix ? lugh::Tensor::create(*c.ctx, lugh::Type::I32, shape) : lugh::Tensor::new_f32(*c.ctx, shape);
    });
    RETVAL = lugh_perl::new_tensor_object(aTHX_ t);
}
OUTPUT:
    RETVAL

void
set_f32(LughTensor t, ...)
CODE:
{
    const size_t n = static_cast<size_t>(items - 1);
    float* values;
    Newx(values, n ? n : 1, float);
    SAVEFREEPV(values);
    for (size_t i = 0; i < n; ++i) values[i] = static_cast<float>(SvNV(ST(i + 1)));
    guarded(aTHX_ [&] { t.set_f32(values, n); });
}

void
get_f32(LughTensor t)
PPCODE:
{
    const size_t n = guarded(aTHX_ [&] { return static_cast<size_t>(t.nelements()); });
    if (GIMME_V == G_SCALAR) {   // scalar context: the count, without reading the data
        mXPUSHu(n);
        XSRETURN(1);
    }
    // Check before allocating n floats (a metadata-only tensor may claim 2^60
    // elements): the core refuses a tensor without data before it looks at
    // the buffer, so asking it to read into none gives its message.
    if (!guarded(aTHX_ [&] { return t.has_data(); })) guarded(aTHX_ [&] { t.get_f32(nullptr, n); });
    float* values;
    Newx(values, n ? n : 1, float);
    SAVEFREEPV(values);
    guarded(aTHX_ [&] { t.get_f32(values, n); });
    EXTEND(SP, static_cast<SSize_t>(n));
    for (size_t i = 0; i < n; ++i) mPUSHn(values[i]);
}

void
set_i32(LughTensor t, ...)
CODE:
{
    const size_t n = static_cast<size_t>(items - 1);
    int32_t* values;
    Newx(values, n ? n : 1, int32_t);
    SAVEFREEPV(values);
    for (size_t i = 0; i < n; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "value %zu", i);
        values[i] = lugh_perl::int_arg<int32_t>(aTHX_ ST(i + 1), "Lugh::Tensor::set_i32", name);
    }
    guarded(aTHX_ [&] { t.set_i32(std::vector<int32_t>(values, values + n)); });
}

void
get_i32(LughTensor t)
PPCODE:
{
    const size_t n = guarded(aTHX_ [&] { return static_cast<size_t>(t.nelements()); });
    if (GIMME_V == G_SCALAR) {
        mXPUSHu(n);
        XSRETURN(1);
    }
    // Check before allocating, as get_f32 does (get_i32 refuses a tensor without data first).
    if (!guarded(aTHX_ [&] { return t.has_data(); })) guarded(aTHX_ [&] { (void)t.get_i32(); });
    int32_t* values;
    Newx(values, n ? n : 1, int32_t);
    SAVEFREEPV(values);
    guarded(aTHX_ [&] {
        std::vector<int32_t> got = t.get_i32();
        std::memcpy(values, got.data(), n * sizeof(int32_t));
    });
    EXTEND(SP, static_cast<SSize_t>(n));
    for (size_t i = 0; i < n; ++i) mPUSHi(values[i]);
}

void
set_data(LughTensor t, SV* packed)
CODE:
{
    STRLEN len;
    const char* bytes = SvPVbyte(packed, len);
    guarded(aTHX_ [&] { t.set_data(bytes, len); });
}

SV*
get_data(LughTensor t)
CODE:
{
    // Contiguous F32 data is copied once, straight into the new string; any
    // other tensor goes through Tensor::get_data (which also explains why a
    // tensor has no bytes to give).
    const bool direct = guarded(aTHX_ [&] { return t.type() == lugh::Type::F32 && t.has_data() && t.is_contiguous(); });
    if (direct) {
        const size_t n = guarded(aTHX_ [&] { return static_cast<size_t>(t.nelements()); });
        SV* out = sv_2mortal(newSV(n * sizeof(float) + 1));
        SvPOK_only(out);
        guarded(aTHX_ [&] { t.get_f32(reinterpret_cast<float*>(SvPVX(out)), n); });
        SvCUR_set(out, n * sizeof(float));
        *SvEND(out) = '\0';
        RETVAL = SvREFCNT_inc_simple_NN(out);
    } else {
        RETVAL = guarded(aTHX_ [&] {
            std::vector<unsigned char> bytes = t.get_data();
            return newSVpvn(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        });
    }
}
OUTPUT:
    RETVAL

IV
nelements(SV* self)
ALIAS:
    n_dims = 1
    nbytes = 2
    nrows = 3
CODE:
{
    static const char* const names[] = {"Lugh::Tensor::nelements", "Lugh::Tensor::n_dims", "Lugh::Tensor::nbytes",
                                        "Lugh::Tensor::nrows"};
    lugh::Tensor t = lugh_perl::tensor_arg(aTHX_ self, current_owner(aTHX), names[ix]);
    RETVAL = guarded(aTHX_ [&]() -> IV {
        switch (ix) {
            case 1: return t.n_dims();
            case 2: return static_cast<IV>(t.nbytes());
            case 3: return static_cast<IV>(t.nrows());
            default: return static_cast<IV>(t.nelements());
        }
    });
}
OUTPUT:
    RETVAL

void
shape(LughTensor t)
PPCODE:
{
    int64_t dims[4] = {0, 0, 0, 0};
    const int n = guarded(aTHX_ [&] {
        std::vector<int64_t> s = t.shape();
        std::copy(s.begin(), s.end(), dims);
        return static_cast<int>(s.size());
    });
    EXTEND(SP, n);
    for (int i = 0; i < n; ++i) mPUSHi(static_cast<IV>(dims[i]));
}

SV*
type(LughTensor t)
CODE:
{
    // A dualvar: the ggml type number in numeric context, its name as a string.
    lugh::Type type = guarded(aTHX_ [&] { return t.type(); });
    RETVAL = newSVpv(lugh::type_name(type), 0);
    SvUPGRADE(RETVAL, SVt_PVIV);   // a plain string has no slot for the number
    SvIV_set(RETVAL, static_cast<IV>(type));
    SvIOK_on(RETVAL);
}
OUTPUT:
    RETVAL

SV*
name(LughTensor t)
CODE:
{
    char buf[64];
    guarded(aTHX_ [&] {
        std::string n = t.name();
        std::snprintf(buf, sizeof buf, "%s", n.c_str());
    });
    RETVAL = newSVpv(buf, 0);
    if (is_utf8_string(reinterpret_cast<const U8*>(buf), std::strlen(buf))) SvUTF8_on(RETVAL);
}
OUTPUT:
    RETVAL

SV*
set_name(LughTensor t, SV* name)
CODE:
{
    STRLEN len;
    const char* s = SvPVutf8(name, len);
    guarded(aTHX_ [&] { t.set_name(std::string(s, len)); });
    RETVAL = SvREFCNT_inc_simple_NN(ST(0));   // the tensor, for chaining
}
OUTPUT:
    RETVAL

bool
alive(SV* self)
CODE:
{
    // Never dies: false when the context is gone or belongs to another thread.
    auto blob = lugh_perl::read_blob<lugh_perl::TensorBlob>(aTHX_ self, "Lugh::Tensor", lugh_perl::kTensorTag,
                                                            "Lugh::Tensor::alive");
    lugh_perl::Lookup why;
    RETVAL = lugh_perl::ContextTable::instance().find(blob.ctx_id, blob.ctx_generation, current_owner(aTHX), &why) &&
             blob.handle.alive();
}
OUTPUT:
    RETVAL
