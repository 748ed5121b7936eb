# Lugh::Model (a GGUF model, its metadata and hyper-parameters) and
# Lugh::Tokenizer (the vocabulary in the model's file). Arguments are read by
# xs/named_args.hpp; every C++ call runs in guarded().

MODULE = Lugh    PACKAGE = Lugh::Model

SV*
new(const char* cls, ...)
CODE:
{
    const char* fn = "Lugh::Model->new";
    lugh_perl::NamedArgs args(aTHX_ &ST(1), items - 1, fn, {"model", "file", "path", "use_mmap"});
    std::string path;
    int given = 0;
    for (const char* name : {"model", "file", "path"}) {
        if (!args.get(name)) continue;
        ++given;
        path = args.text(aTHX_ name, "");
    }
    if (given == 0) croak("%s: the model file is required (model => $path)", fn);
    if (given > 1) croak("%s: give the file once (model, file and path are the same argument)", fn);
    lugh::ModelParams params;
    params.load = args.flag(aTHX_ "use_mmap", true) ? lugh::gguf::Load::Mmap : lugh::gguf::Load::Copy;
    std::unique_ptr<lugh_perl::ModelEntry> entry =
        guarded(aTHX_ [&] { return std::make_unique<lugh_perl::ModelEntry>(lugh::Model(path, params)); });
    const uint64_t serial = lugh_perl::ModelTable::instance().add(std::move(entry), current_owner(aTHX));
    RETVAL = lugh_perl::new_llm_object(aTHX_ lugh_perl::kModelTag, serial, serial, cls);
}
OUTPUT:
    RETVAL

void
DESTROY(SV* self)
CODE:
    lugh_perl::destroy_owned<lugh_perl::ModelEntry, lugh_perl::LlmBlob>(aTHX_ self, current_owner(aTHX), lugh_perl::kModelTag);

SV*
filename(LughModel m)
ALIAS:
    architecture = 1
    name = 2
    describe = 3
CODE:
{
    const std::string text = guarded(aTHX_ [&]() -> std::string {
        switch (ix) {
            case 1: return m->model.hparams().arch;
            case 2: return m->model.hparams().name;
            case 3: return m->model.describe();
            default: return m->model.path();
        }
    });
    RETVAL = lugh_perl::text_sv(aTHX_ text);
}
OUTPUT:
    RETVAL

IV
n_vocab(LughModel m)
ALIAS:
    n_ctx_train = 1
    n_embd = 2
    n_layer = 3
    n_head = 4
    n_head_kv = 5
    n_ff = 6
    n_embd_head = 7
    n_tensors = 8
    n_kv = 9
    n_params = 10
    weight_bytes = 11
CODE:
{
    RETVAL = guarded(aTHX_ [&]() -> IV {
        const lugh::HParams& hp = m->model.hparams();
        switch (ix) {
            case 1: return hp.n_ctx_train;
            case 2: return hp.n_embd;
            case 3: return hp.n_layer;
            case 4: return hp.n_head;
            case 5: return hp.n_head_kv;
            case 6: return hp.n_ff;
            case 7: return hp.n_embd_head;
            case 8: return static_cast<IV>(m->model.file().tensors().size());
            case 9: return static_cast<IV>(m->model.file().keys().size());
            case 10: return static_cast<IV>(m->model.n_params());
            case 11: return static_cast<IV>(m->model.weight_bytes());
            default: return hp.n_vocab;
        }
    });
}
OUTPUT:
    RETVAL

void
tensor_names(LughModel m)
ALIAS:
    kv_keys = 1
PPCODE:
{
    std::vector<std::string> names = guarded(aTHX_ [&] {
        if (ix == 1) return m->model.file().keys();
        std::vector<std::string> out;
        for (const auto& info : m->model.file().tensors()) out.push_back(info.name);
        return out;
    });
    EXTEND(SP, static_cast<SSize_t>(names.size()));
    for (const auto& n : names) mPUSHs(lugh_perl::text_sv(aTHX_ n));
}

void
tensor_info(LughModel m, SV* name_sv)
PPCODE:
{
    // List context: ($type, $n_dims, @shape), as the published API; scalar
    // context: a hash reference with the name, type, n_dims, shape and size.
    STRLEN len;
    const char* name = SvPVutf8(name_sv, len);
    const lugh::gguf::TensorInfo info =
        guarded(aTHX_ [&] { return m->model.file().tensor(std::string(name, len)); });
    SV* type = newSVpv(lugh::type_name(info.type), 0);
    SvUPGRADE(type, SVt_PVIV);
    SvIV_set(type, static_cast<IV>(info.type));
    SvIOK_on(type);   // a dualvar: 'q8_0' as a string, 8 as a number
    if (GIMME_V == G_LIST) {
        EXTEND(SP, static_cast<SSize_t>(2 + info.shape.size()));
        mPUSHs(type);
        mPUSHi(static_cast<IV>(info.shape.size()));
        for (int64_t d : info.shape) mPUSHi(static_cast<IV>(d));
    } else {
        HV* hv = newHV();
        AV* shape = newAV();
        for (int64_t d : info.shape) av_push(shape, newSViv(static_cast<IV>(d)));
        hv_stores(hv, "name", lugh_perl::text_sv(aTHX_ info.name));
        hv_stores(hv, "type", type);
        hv_stores(hv, "n_dims", newSViv(static_cast<IV>(info.shape.size())));
        hv_stores(hv, "shape", newRV_noinc(reinterpret_cast<SV*>(shape)));
        hv_stores(hv, "size", newSVuv(static_cast<UV>(info.nbytes)));
        mXPUSHs(newRV_noinc(reinterpret_cast<SV*>(hv)));
    }
}

SV*
get_kv(LughModel m, SV* key)
CODE:
{
    STRLEN len;
    const char* k = SvPVutf8(key, len);
    const std::string s(k, len);
    lugh_perl::GgufValue& value = lugh_perl::scoped_gguf_value(aTHX);
    const bool present = guarded(aTHX_ [&] {
        if (!m->model.file().has_key(s)) return false;
        value.read(m->model.file(), s);
        return true;
    });
    RETVAL = present ? lugh_perl::to_sv(aTHX_ value) : &PL_sv_undef;
}
OUTPUT:
    RETVAL

void
architectures(...)
PPCODE:
{
    const std::vector<std::string> names = guarded(aTHX_ [] { return lugh::Model::architectures(); });
    EXTEND(SP, static_cast<SSize_t>(names.size()));
    for (const auto& n : names) mPUSHs(newSVpvn(n.data(), n.size()));
}

void
write_synthetic(const char* cls, SV* path_sv, ...)
CODE:
{
    PERL_UNUSED_VAR(cls);
    const char* fn = "Lugh::Model->write_synthetic";
    lugh_perl::NamedArgs args(aTHX_ &ST(2), items - 2, fn,
                              {"preset", "arch", "type", "seed", "tied_output", "n_ctx_train"});
    STRLEN len;
    const char* p = SvPV(path_sv, len);
    const std::string path(p, len), preset = args.text(aTHX_ "preset", "tiny"), arch = args.text(aTHX_ "arch", "llama");
    const std::string type = args.text(aTHX_ "type", "f32");
    const uint64_t seed = args.integer<uint64_t>(aTHX_ "seed", 1);
    const bool tied = args.flag(aTHX_ "tied_output", false);
    const int64_t n_ctx_train = args.integer<int64_t>(aTHX_ "n_ctx_train", 0);
    const lugh::Type types[] = {lugh::Type::F32, lugh::Type::F16, lugh::Type::BF16, lugh::Type::Q8_0, lugh::Type::Q4_0};
    const lugh::Type* chosen = nullptr;
    for (const lugh::Type& t : types)
        if (type == lugh::type_name(t)) chosen = &t;
    if (!chosen) croak("%s: type must be f32, f16, bf16, q8_0 or q4_0, got '%s'", fn, type.c_str());
    guarded(aTHX_ [&] {
        lugh::SynthSpec spec = lugh::synth_preset(preset, arch);
        spec.type = *chosen;
        spec.seed = seed;
        spec.tied_output = tied;
        if (n_ctx_train > 0) spec.n_ctx_train = n_ctx_train;
        lugh::write_synth_model(spec, path);
    });
}

MODULE = Lugh    PACKAGE = Lugh::Tokenizer

SV*
new(const char* cls, ...)
CODE:
{
    const char* fn = "Lugh::Tokenizer->new";
    lugh_perl::NamedArgs args(aTHX_ &ST(1), items - 1, fn, {"model"});
    SV* model_sv = args.required(aTHX_ "model");
    lugh_perl::ModelEntry* m = lugh_perl::model_arg(aTHX_ model_sv, current_owner(aTHX), fn);
    guarded(aTHX_ [&] { m->vocabulary(); });   // a file without a vocabulary dies here
    const auto blob = lugh_perl::read_blob<lugh_perl::LlmBlob>(aTHX_ model_sv, "Lugh::Model", lugh_perl::kModelTag, fn);
    RETVAL = lugh_perl::new_llm_object(aTHX_ lugh_perl::kTokenizerTag, 0, blob.model_serial, cls);
}
OUTPUT:
    RETVAL

void
encode(LughTokenizer m, SV* text_sv, ...)
PPCODE:
{
    lugh_perl::NamedArgs args(aTHX_ &ST(2), items - 2, "Lugh::Tokenizer::encode", {"add_bos", "add_special", "parse_special"});
    const bool add = args.get("add_special") ? args.flag(aTHX_ "add_special", true) : args.flag(aTHX_ "add_bos", true);
    const bool parse_special = args.flag(aTHX_ "parse_special", false);
    STRLEN len;
    const char* text = SvPVutf8(text_sv, len);
    const std::vector<lugh::TokenId> ids =
        guarded(aTHX_ [&] { return m->vocabulary()->encode(std::string_view(text, len), add, parse_special); });
    if (GIMME_V != G_LIST) {
        XPUSHs(sv_2mortal(newSViv(static_cast<IV>(ids.size()))));
    } else {
        EXTEND(SP, static_cast<SSize_t>(ids.size()));
        for (lugh::TokenId id : ids) mPUSHi(id);
    }
}

SV*
decode(LughTokenizer m, ...)
CODE:
{
    // decode(\@ids) or decode(@ids)
    const char* fn = "Lugh::Tokenizer::decode";
    lugh_perl::TokenList list;
    if (items == 2 && SvROK(ST(1))) {
        list = lugh_perl::token_list_arg(aTHX_ ST(1), fn, "ids");
    } else {
        int32_t* buffer;
        Newx(buffer, items, int32_t);
        SAVEFREEPV(buffer);
        for (I32 i = 1; i < items; ++i) buffer[i - 1] = lugh_perl::int_arg<int32_t>(aTHX_ ST(i), fn, "id");
        list = lugh_perl::TokenList{buffer, static_cast<size_t>(items - 1)};
    }
    // The text alone (control tokens such as </s> or <|im_end|> left out),
    // read two ways:
    //  - ids that begin with BOS are an encoded text: BOS goes, and so does
    //    the space SentencePiece put in front, so decode(encode($t)) is $t;
    //  - other ids continue a text (generated tokens): their text exactly,
    //    leading space included, as llama.cpp prints them. The core drops
    //    that space unless it removes a BOS first, so one is put in front.
    const std::string text = guarded(aTHX_ [&] {
        const std::vector<int32_t> ids = list.vector();
        const lugh::Tokenizer& t = *m->vocabulary();
        lugh::Tokenizer::DecodeOptions options;
        options.show_special = false;
        if (!ids.empty() && ids[0] == t.bos()) return t.decode(ids.data() + 1, ids.size() - 1, options);
        if (!t.add_bos() || t.bos() == lugh::kNoToken) return t.decode(ids.data(), ids.size(), options);
        std::vector<int32_t> with_bos;
        with_bos.reserve(ids.size() + 1);
        with_bos.push_back(t.bos());
        with_bos.insert(with_bos.end(), ids.begin(), ids.end());
        options.remove_special = true;
        return t.decode(with_bos.data(), with_bos.size(), options);
    });
    RETVAL = newSVpvn(text.data(), text.size());
    if (is_utf8_string(reinterpret_cast<const U8*>(text.data()), text.size())) SvUTF8_on(RETVAL);
}
OUTPUT:
    RETVAL

SV*
token_to_piece(LughTokenizer m, SV* id_sv)
ALIAS:
    token_text = 1
CODE:
{
    const int32_t id = lugh_perl::int_arg<int32_t>(aTHX_ id_sv, lugh_perl::xsub_name(aTHX_ cv), "id");
    const std::string piece = guarded(aTHX_ [&] {
        return ix ? std::string(m->vocabulary()->token_text(id)) : m->vocabulary()->piece(id);
    });
    RETVAL = newSVpvn(piece.data(), piece.size());
    if (is_utf8_string(reinterpret_cast<const U8*>(piece.data()), piece.size())) SvUTF8_on(RETVAL);
}
OUTPUT:
    RETVAL

IV
n_vocab(LughTokenizer m)
ALIAS:
    bos_id = 1
    eos_id = 2
    eot_id = 3
    unk_id = 4
    pad_id = 5
CODE:
{
    RETVAL = guarded(aTHX_ [&]() -> IV {
        const lugh::Tokenizer& t = *m->vocabulary();
        switch (ix) {
            case 1: return t.bos();
            case 2: return t.eos();
            case 3: return t.eot();
            case 4: return t.unk();
            case 5: return t.pad();
            default: return static_cast<IV>(t.n_vocab());
        }
    });
}
OUTPUT:
    RETVAL

bool
is_eog(LughTokenizer m, SV* id_sv)
ALIAS:
    is_control = 1
CODE:
{
    const int32_t id = lugh_perl::int_arg<int32_t>(aTHX_ id_sv, lugh_perl::xsub_name(aTHX_ cv), "id");
    RETVAL = guarded(aTHX_ [&] { return ix ? m->vocabulary()->is_control(id) : m->vocabulary()->is_eog(id); });
}
OUTPUT:
    RETVAL
