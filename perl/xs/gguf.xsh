# Lugh::GGUF (reading a GGUF file) and Lugh::GGUF::Writer. Argument checking
# of the name => value interfaces is done in lib/Lugh/GGUF.pm; here keys are
# UTF-8 strings, values are checked and packed before any C++ call, and every
# C++ call runs in guarded().

MODULE = Lugh    PACKAGE = Lugh::GGUF

SV*
_open(const char* cls, SV* path_sv)
CODE:
{
    STRLEN len;
    const char* path = SvPV(path_sv, len);
    auto* file = guarded(aTHX_ [&] { return new lugh::gguf::File(std::string(path, len)); });
    RETVAL = lugh_perl::new_owned_object(aTHX_ std::unique_ptr<lugh::gguf::File>(file), current_owner(aTHX),
                                         lugh_perl::kGgufTag, cls);
}
OUTPUT:
    RETVAL

void
DESTROY(SV* self)
CODE:
    lugh_perl::destroy_owned<lugh::gguf::File>(aTHX_ self, current_owner(aTHX), lugh_perl::kGgufTag);

SV*
path(LughGguf file)
CODE:
    RETVAL = lugh_perl::text_sv(aTHX_ file->path());
OUTPUT:
    RETVAL

UV
version(LughGguf file)
ALIAS:
    alignment = 1
    data_offset = 2
    file_size = 3
    n_tensors = 4
CODE:
    RETVAL = guarded(aTHX_ [&]() -> UV {
        switch (ix) {
            case 1: return file->alignment();
            case 2: return file->data_offset();
            case 3: return file->file_size();
            case 4: return file->tensors().size();
            default: return file->version();
        }
    });
OUTPUT:
    RETVAL

void
keys(LughGguf file)
PPCODE:
{
    const std::vector<std::string> keys = guarded(aTHX_ [&] { return file->keys(); });
    EXTEND(SP, static_cast<SSize_t>(keys.size()));
    for (const auto& k : keys) mPUSHs(lugh_perl::text_sv(aTHX_ k));
}

bool
has_key(LughGguf file, SV* key)
ALIAS:
    has_tensor = 1
CODE:
{
    STRLEN len;
    const char* k = SvPVutf8(key, len);
    RETVAL = guarded(aTHX_ [&] {
        const std::string s(k, len);
        return ix ? file->has_tensor(s) : file->has_key(s);
    });
}
OUTPUT:
    RETVAL

const char*
type(LughGguf file, SV* key)
ALIAS:
    array_type = 1
CODE:
{
    STRLEN len;
    const char* k = SvPVutf8(key, len);
    RETVAL = guarded(aTHX_ [&] {
        const std::string s(k, len);
        return lugh::gguf::value_type_name(ix ? file->array_type(s) : file->type(s));
    });
}
OUTPUT:
    RETVAL

UV
array_size(LughGguf file, SV* key)
CODE:
{
    STRLEN len;
    const char* k = SvPVutf8(key, len);
    RETVAL = guarded(aTHX_ [&] { return file->array_size(std::string(k, len)); });
}
OUTPUT:
    RETVAL

SV*
get(LughGguf file, SV* key)
CODE:
{
    STRLEN len;
    const char* k = SvPVutf8(key, len);
    lugh_perl::GgufValue& value = lugh_perl::scoped_gguf_value(aTHX);
    guarded(aTHX_ [&] { value.read(*file, std::string(k, len)); });
    RETVAL = lugh_perl::to_sv(aTHX_ value);
}
OUTPUT:
    RETVAL

SV*
get_string(LughGguf file, SV* key)
ALIAS:
    get_int = 1
    get_uint = 2
    get_float = 3
    get_bool = 4
    value_string = 5
CODE:
{
    // The typed getters: the core checks the type and says what it found.
    STRLEN len;
    const char* k = SvPVutf8(key, len);
    lugh_perl::GgufValue& value = lugh_perl::scoped_gguf_value(aTHX);
    guarded(aTHX_ [&] {
        const std::string s(k, len);
        switch (ix) {
            case 0: value.kind = lugh_perl::GgufValue::String; value.strings.push_back(file->get_string(s)); break;
            case 1: value.kind = lugh_perl::GgufValue::Int; value.ints.push_back(file->get_int(s)); break;
            case 2: value.kind = lugh_perl::GgufValue::UInt; value.uints.push_back(file->get_uint(s)); break;
            case 3: value.kind = lugh_perl::GgufValue::Float; value.floats.push_back(file->get_float(s)); break;
            case 4: value.kind = lugh_perl::GgufValue::Bool; value.strings.push_back(file->get_bool(s) ? "1" : ""); break;
            default: value.kind = lugh_perl::GgufValue::String; value.strings.push_back(file->value_string(s)); break;
        }
    });
    RETVAL = lugh_perl::to_sv(aTHX_ value);
}
OUTPUT:
    RETVAL

void
tensor_names(LughGguf file)
PPCODE:
{
    const std::vector<lugh::gguf::TensorInfo>& infos = guarded(aTHX_ [&]() -> const auto& { return file->tensors(); });
    EXTEND(SP, static_cast<SSize_t>(infos.size()));
    for (const auto& info : infos) mPUSHs(lugh_perl::text_sv(aTHX_ info.name));
}

void
tensors(LughGguf file)
PPCODE:
{
    // One hash per tensor: name, type (its name), shape (ne[0] first), offset, nbytes.
    const std::vector<lugh::gguf::TensorInfo>& infos = guarded(aTHX_ [&]() -> const auto& { return file->tensors(); });
    EXTEND(SP, static_cast<SSize_t>(infos.size()));
    for (const auto& info : infos) mPUSHs(lugh_perl::tensor_info_sv(aTHX_ info));
}

SV*
_tensor_info(LughGguf file, SV* name)
CODE:
{
    // One tensor's hash, found through the reader's index (not a walk over all).
    STRLEN len;
    const char* n = SvPVutf8(name, len);
    const lugh::gguf::TensorInfo& info =
        guarded(aTHX_ [&]() -> const lugh::gguf::TensorInfo& { return file->tensor(std::string(n, len)); });
    RETVAL = lugh_perl::tensor_info_sv(aTHX_ info);
}
OUTPUT:
    RETVAL

UV
_context_size(LughGguf file, SV* mode_sv)
CODE:
{
    const UV mode = lugh_perl::gguf_uint_arg(aTHX_ mode_sv, 2, "Lugh::GGUF::context_size: mode");
    RETVAL = guarded(aTHX_ [&] { return file->context_size(static_cast<lugh::gguf::Load>(mode)); });
}
OUTPUT:
    RETVAL

SV*
_load(LughGguf file, SV* mode_sv)
CODE:
{
    const UV mode = lugh_perl::gguf_uint_arg(aTHX_ mode_sv, 2, "Lugh::GGUF::load: mode");
    // A new Lugh::Context owned by this thread. The core marks mmap-loaded
    // tensors read-only and refuses every write to them.
    const uint64_t owner = current_owner(aTHX);
    lugh::Context* ctx = guarded(aTHX_ [&] {
        const auto how = static_cast<lugh::gguf::Load>(mode);
        auto* loaded = new lugh::Context(file->load(how));
        try {
            lugh_perl::ContextTable::instance().add(loaded, owner);
        } catch (...) {
            delete loaded;
            throw;
        }
        return loaded;
    });
    RETVAL = lugh_perl::new_context_object(aTHX_ ctx, "Lugh::Context");
}
OUTPUT:
    RETVAL

MODULE = Lugh    PACKAGE = Lugh::GGUF::Writer

SV*
new(const char* cls)
CODE:
{
    auto* writer = guarded(aTHX_ [&] { return new lugh::gguf::Writer(); });
    RETVAL = lugh_perl::new_owned_object(aTHX_ std::unique_ptr<lugh::gguf::Writer>(writer), current_owner(aTHX),
                                         lugh_perl::kWriterTag, cls);
}
OUTPUT:
    RETVAL

void
DESTROY(SV* self)
CODE:
    lugh_perl::destroy_owned<lugh::gguf::Writer>(aTHX_ self, current_owner(aTHX), lugh_perl::kWriterTag);

SV*
set(LughGgufWriter writer, SV* key_sv, SV* value, SV* type_sv = &PL_sv_undef)
CODE:
{
    const char* what = "Lugh::GGUF::Writer::set";
    using lugh::gguf::ValueType;
    STRLEN klen;
    const char* key = SvPVutf8(key_sv, klen);
    const bool is_array = SvROK(value) && SvTYPE(SvRV(value)) == SVt_PVAV;
    if (SvROK(value) && !is_array) croak("%s: key '%s': the value must be a scalar or an array reference", what, key);
    AV* av = is_array ? reinterpret_cast<AV*>(SvRV(value)) : nullptr;
    const SSize_t n = is_array ? av_len(av) + 1 : 1;
    auto element = [&](SSize_t i) -> SV* {
        if (!is_array) return value;
        SV** e = av_fetch(av, i, 0);
        return e ? *e : &PL_sv_undef;
    };

    // The type: given, or suggested by the value (every element of an array).
    const char* type_name = SvOK(type_sv) ? SvPV_nolen(type_sv) : nullptr;
    if (!type_name) {
        for (SSize_t i = 0; i < n; ++i) {
            const char* t = lugh_perl::inferred_type(aTHX_ element(i));
            if (!t) croak("%s: key '%s': cannot tell the type of an undefined value; pass a type", what, key);
            if (!type_name) type_name = t;
            else if (std::strcmp(type_name, t) != 0) {
                const int a = lugh_perl::inferred_rank(type_name), b = lugh_perl::inferred_rank(t);
                if (!a || !b)
                    croak("%s: key '%s': the elements mix %s and %s; pass a type", what, key, type_name, t);
                if (b > a) type_name = t;
            }
        }
        if (!type_name) croak("%s: key '%s': an empty array needs a type", what, key);
    }
    ValueType type;
    if (!lugh_perl::value_type_from_name(type_name, &type))
        croak("%s: key '%s': unknown type '%s' (known: u8 i8 u16 i16 u32 i32 u64 i64 f32 f64 bool str)", what, key,
              type_name);

    if (type == ValueType::String) {
        // Each string as (pointer, length) in save-stack buffers; the std::strings are made inside guarded().
        const char** ptrs;
        STRLEN* lens;
        Newx(ptrs, n ? n : 1, const char*);
        SAVEFREEPV(ptrs);
        Newx(lens, n ? n : 1, STRLEN);
        SAVEFREEPV(lens);
        for (SSize_t i = 0; i < n; ++i) {
            SV* e = element(i);
            if (!SvOK(e)) croak("%s: key '%s': element %ld is undefined", what, key, static_cast<long>(i));
            ptrs[i] = SvPVutf8(e, lens[i]);
        }
        guarded(aTHX_ [&] {
            const std::string k(key, klen);
            if (!is_array) return writer->set_string(k, std::string(ptrs[0], lens[0]));
            std::vector<std::string> strings;
            strings.reserve(static_cast<size_t>(n));
            for (SSize_t i = 0; i < n; ++i) strings.emplace_back(ptrs[i], lens[i]);
            writer->set_string_array(k, strings);
        });
    } else {
        const size_t size = lugh_perl::value_type_size(type);
        char* packed;
        Newx(packed, (n ? n : 1) * size, char);
        SAVEFREEPV(packed);
        for (SSize_t i = 0; i < n; ++i)
            lugh_perl::pack_value(aTHX_ element(i), type, packed + i * size, what, key, is_array ? static_cast<long>(i) : -1);
        guarded(aTHX_ [&] {
            const std::string k(key, klen);
            if (is_array) return writer->set_array(k, type, packed, static_cast<size_t>(n));
            // A scalar: the packed bytes hold the value in its own type.
            auto get = [&](auto v) { std::memcpy(&v, packed, sizeof v); return v; };
            switch (type) {
                case ValueType::U8: writer->set_u8(k, get(uint8_t())); break;
                case ValueType::I8: writer->set_i8(k, get(int8_t())); break;
                case ValueType::U16: writer->set_u16(k, get(uint16_t())); break;
                case ValueType::I16: writer->set_i16(k, get(int16_t())); break;
                case ValueType::U32: writer->set_u32(k, get(uint32_t())); break;
                case ValueType::I32: writer->set_i32(k, get(int32_t())); break;
                case ValueType::U64: writer->set_u64(k, get(uint64_t())); break;
                case ValueType::I64: writer->set_i64(k, get(int64_t())); break;
                case ValueType::F32: writer->set_f32(k, get(float())); break;
                case ValueType::F64: writer->set_f64(k, get(double())); break;
                default: writer->set_bool(k, get(uint8_t()) != 0); break;
            }
        });
    }
    RETVAL = SvREFCNT_inc_simple_NN(ST(0));   // the writer, for chaining
}
OUTPUT:
    RETVAL

bool
remove(LughGgufWriter writer, SV* key_sv)
CODE:
{
    STRLEN len;
    const char* key = SvPVutf8(key_sv, len);
    RETVAL = guarded(aTHX_ [&] { return writer->remove(std::string(key, len)); });
}
OUTPUT:
    RETVAL

SV*
set_alignment(LughGgufWriter writer, SV* alignment_sv)
CODE:
{
    const UV alignment = lugh_perl::gguf_uint_arg(aTHX_ alignment_sv, UINT32_MAX, "Lugh::GGUF::Writer::set_alignment");
    guarded(aTHX_ [&] { writer->set_alignment(static_cast<uint32_t>(alignment)); });
    RETVAL = SvREFCNT_inc_simple_NN(ST(0));
}
OUTPUT:
    RETVAL

SV*
copy_keys(LughGgufWriter writer, LughGguf file)
CODE:
{
    guarded(aTHX_ [&] { writer->copy_keys(*file); });
    RETVAL = SvREFCNT_inc_simple_NN(ST(0));
}
OUTPUT:
    RETVAL

SV*
add_tensor(LughGgufWriter writer, LughTensor t)
CODE:
{
    guarded(aTHX_ [&] { writer->add_tensor(t); });
    RETVAL = SvREFCNT_inc_simple_NN(ST(0));
}
OUTPUT:
    RETVAL

SV*
write(LughGgufWriter writer, SV* path_sv, SV* only_meta = &PL_sv_undef)
CODE:
{
    // The path keeps its length: a NUL inside it is refused by the library,
    // never cut short. only_meta is a boolean, as Perl reads one.
    STRLEN len;
    const char* path = SvPV(path_sv, len);
    const bool meta_only = SvTRUE(only_meta);
    guarded(aTHX_ [&] { writer->write(std::string(path, len), meta_only); });
    RETVAL = SvREFCNT_inc_simple_NN(ST(0));
}
OUTPUT:
    RETVAL
