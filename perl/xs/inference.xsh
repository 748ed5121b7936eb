# Lugh::Inference (forward passes, sampling, generation over a model) and
# Lugh::KVCache (a session's KV cache, carried across forward_cache calls).
# The work is lugh::Session, lugh::Sampler and lugh::generate; this layer
# reads arguments, looks the objects up and moves logits and tokens.

MODULE = Lugh    PACKAGE = Lugh::Inference

SV*
new(const char* cls, ...)
CODE:
{
    const char* fn = "Lugh::Inference->new";
    lugh_perl::NamedArgs args(aTHX_ &ST(1), items - 1, fn, {"model", "n_ctx", "n_threads", "n_batch", "kv_type", "seed"});
    SV* model_sv = args.required(aTHX_ "model");
    lugh_perl::ModelEntry* m = lugh_perl::model_arg(aTHX_ model_sv, current_owner(aTHX), fn);
    const auto blob = lugh_perl::read_blob<lugh_perl::LlmBlob>(aTHX_ model_sv, "Lugh::Model", lugh_perl::kModelTag, fn);
    lugh::SessionParams params;
    params.n_ctx = args.integer<int64_t>(aTHX_ "n_ctx", params.n_ctx);
    params.n_threads = args.integer<int>(aTHX_ "n_threads", params.n_threads);
    params.n_batch = args.integer<int64_t>(aTHX_ "n_batch", params.n_batch);
    params.kv_type = lugh_perl::kv_type_arg(aTHX_ args.text(aTHX_ "kv_type", "f16"), fn);
    const uint64_t seed = args.integer<uint64_t>(aTHX_ "seed", 42);
    std::unique_ptr<lugh_perl::InferenceEntry> entry = guarded(aTHX_ [&] {
        auto e = std::make_unique<lugh_perl::InferenceEntry>(lugh_perl::InferenceEntry{m->model, nullptr, params, nullptr, seed, {}});
        e->scratch_slot();   // a bad n_ctx, n_batch or n_threads dies here, not at the first forward
        try {
            e->tokenizer = m->vocabulary();
        } catch (const lugh::Error&) {
            // a model file without a vocabulary still runs on token ids
        }
        return e;
    });
    const uint64_t serial = lugh_perl::InferenceTable::instance().add(std::move(entry), current_owner(aTHX));
    RETVAL = lugh_perl::new_llm_object(aTHX_ lugh_perl::kInferenceTag, serial, blob.model_serial, cls);
}
OUTPUT:
    RETVAL

void
DESTROY(SV* self)
CODE:
    lugh_perl::destroy_owned<lugh_perl::InferenceEntry, lugh_perl::LlmBlob>(aTHX_ self, current_owner(aTHX), lugh_perl::kInferenceTag);

void
forward(SV* self, ...)
PPCODE:
{
    // forward(tokens => \@tokens, packed => 0), or forward(\@tokens, ...):
    // the logits of the last position, evaluated from position 0.
    const char* fn = "Lugh::Inference::forward";
    lugh_perl::InferenceArg inf = lugh_perl::inference_arg(aTHX_ self, current_owner(aTHX), fn);
    const bool positional = items >= 2 && SvROK(ST(1));
    lugh_perl::NamedArgs args(aTHX_ &ST(positional ? 2 : 1), items - (positional ? 2 : 1), fn,
                              positional ? std::initializer_list<const char*>{"packed"}
                                         : std::initializer_list<const char*>{"tokens", "packed"});
    const lugh_perl::TokenList tokens =
        lugh_perl::token_list_arg(aTHX_ positional ? ST(1) : args.required(aTHX_ "tokens"), fn, "tokens");
    const bool packed = args.flag(aTHX_ "packed", false);
    lugh_perl::SessionSlot& slot = inf.entry->scratch_slot();
    lugh_perl::check_idle(aTHX_ slot, fn);
    int64_t n_vocab = 0;
    const float* logits = guarded(aTHX_ [&] {
        slot.session.clear();
        n_vocab = slot.session.n_vocab();
        return slot.session.decode(tokens.data, tokens.size);
    });
    SP = lugh_perl::push_logits(aTHX_ SP, logits, n_vocab, packed);
}

void
forward_cache(SV* self, SV* cache_sv, SV* tokens_sv, ...)
PPCODE:
{
    // The tokens after what the cache holds; the logits of the last one.
    const char* fn = "Lugh::Inference::forward_cache";
    lugh_perl::InferenceArg inf = lugh_perl::inference_arg(aTHX_ self, current_owner(aTHX), fn);
    lugh_perl::CacheArg cache = lugh_perl::cache_arg(aTHX_ cache_sv, current_owner(aTHX), fn);
    if (cache.model_serial != inf.model_serial)
        croak("lugh: %s: the Lugh::KVCache belongs to another model than this Lugh::Inference", fn);
    lugh_perl::NamedArgs args(aTHX_ &ST(3), items - 3, fn, {"packed"});
    const lugh_perl::TokenList tokens = lugh_perl::token_list_arg(aTHX_ tokens_sv, fn, "tokens");
    const bool packed = args.flag(aTHX_ "packed", false);
    lugh_perl::SessionSlot& slot = *cache.entry->slot;
    lugh_perl::check_idle(aTHX_ slot, fn);
    int64_t n_vocab = 0;
    const float* logits = guarded(aTHX_ [&] {
        n_vocab = slot.session.n_vocab();
        return slot.session.decode(tokens.data, tokens.size);
    });
    SP = lugh_perl::push_logits(aTHX_ SP, logits, n_vocab, packed);
}

SV*
create_kv_cache(SV* self, ...)
CODE:
{
    const char* fn = "Lugh::Inference::create_kv_cache";
    lugh_perl::InferenceArg inf = lugh_perl::inference_arg(aTHX_ self, current_owner(aTHX), fn);
    lugh_perl::NamedArgs args(aTHX_ &ST(1), items - 1, fn, {"n_ctx", "kv_type"});
    lugh::SessionParams params = inf.entry->params;
    params.n_ctx = args.integer<int64_t>(aTHX_ "n_ctx", params.n_ctx);
    if (args.get("kv_type")) params.kv_type = lugh_perl::kv_type_arg(aTHX_ args.text(aTHX_ "kv_type", ""), fn);
    std::unique_ptr<lugh_perl::CacheEntry> entry = guarded(aTHX_ [&] {
        auto e = std::make_unique<lugh_perl::CacheEntry>();
        e->slot = std::make_shared<lugh_perl::SessionSlot>(lugh::Session(inf.entry->model, params));
        return e;
    });
    const uint64_t serial = lugh_perl::CacheTable::instance().add(std::move(entry), current_owner(aTHX));
    RETVAL = lugh_perl::new_llm_object(aTHX_ lugh_perl::kCacheTag, serial, inf.model_serial, "Lugh::KVCache");
}
OUTPUT:
    RETVAL

IV
sample_top_p(SV* self, SV* logits_sv, ...)
ALIAS:
    sample_top_k = 1
CODE:
{
    const char* fn = lugh_perl::xsub_name(aTHX_ cv);
    lugh_perl::InferenceArg inf = lugh_perl::inference_arg(aTHX_ self, current_owner(aTHX), fn);
    lugh_perl::NamedArgs args(aTHX_ &ST(2), items - 2, fn,
                              ix ? std::initializer_list<const char*>{"temperature", "top_k", "seed"}
                                 : std::initializer_list<const char*>{"temperature", "top_p", "seed"});
    const lugh_perl::FloatList logits = lugh_perl::float_list_arg(aTHX_ logits_sv, fn, "logits");
    lugh::SamplerParams p;
    p.temperature = static_cast<float>(args.number(aTHX_ "temperature", 0.8));
    p.top_k = ix ? args.integer<int32_t>(aTHX_ "top_k", 40) : 0;
    p.top_p = ix ? 1.0f : static_cast<float>(args.number(aTHX_ "top_p", 0.95));
    p.min_p = 0.0f;
    // Each call draws with the next seed of the object's sequence; seed => N restarts it.
    if (args.get("seed")) inf.entry->sample_seed = args.integer<uint64_t>(aTHX_ "seed", 0);
    p.seed = inf.entry->sample_seed;
    inf.entry->sample_seed = p.seed * 6364136223846793005ULL + 1442695040888963407ULL;
    RETVAL = guarded(aTHX_ [&] {
        lugh::Sampler sampler(p);
        return static_cast<IV>(sampler.sample(logits.data, static_cast<int64_t>(logits.size)));
    });
}
OUTPUT:
    RETVAL

void
generate(SV* self, SV* prompt_sv, ...)
PPCODE:
{
    const char* fn = "Lugh::Inference::generate";
    lugh_perl::InferenceArg inf = lugh_perl::inference_arg(aTHX_ self, current_owner(aTHX), fn);
    lugh_perl::NamedArgs args(aTHX_ &ST(2), items - 2, fn,
                              {"max_tokens", "temperature", "top_p", "top_k", "min_p", "repeat_penalty",
                               "frequency_penalty", "presence_penalty", "penalty_last_n", "seed", "greedy",
                               "eos_token", "stop", "callback", "on_text", "cache"});
    const lugh_perl::TokenList prompt = lugh_perl::token_list_arg(aTHX_ prompt_sv, fn, "prompt");
    lugh_perl::CacheEntry* cache_entry = nullptr;
    if (SV* cache_sv = args.get("cache")) {
        lugh_perl::CacheArg cache = lugh_perl::cache_arg(aTHX_ cache_sv, current_owner(aTHX), fn);
        if (cache.model_serial != inf.model_serial)
            croak("lugh: %s: the Lugh::KVCache belongs to another model than this Lugh::Inference", fn);
        cache_entry = cache.entry;
    }
    lugh_perl::check_idle(aTHX_ cache_entry ? *cache_entry->slot : *inf.entry->scratch, fn);
    // The generated ids go into a mortal array; the C++ objects below live in
    // a scope that ends before any die (a die is a longjmp: no destructors).
    AV* generated = reinterpret_cast<AV*>(sv_2mortal(reinterpret_cast<SV*>(newAV())));
    SV* error = nullptr;
    {
        lugh_perl::GenerateRequest req;
        lugh_perl::generate_request(aTHX_ args, &req);
        // Hold what the engine uses, even if a callback drops the Perl objects.
        std::shared_ptr<lugh_perl::SessionSlot> slot = cache_entry ? cache_entry->slot : inf.entry->scratch;
        std::shared_ptr<const lugh::Tokenizer> tokenizer = inf.entry->tokenizer;
        lugh_perl::PerlTokenCallback perl_callback(aTHX_ req.callback, req.on_text);
        lugh::GenerateResult result;
        {
            error = lugh_perl::caught(aTHX_ [&] {
                lugh_perl::BusyScope busy(*slot);
                if (!cache_entry) slot->session.clear();
                lugh::Sampler sampler(req.sampler);
                lugh::TokenCallback cb;
                if (req.callback || req.on_text) cb = [&](const lugh::GeneratedToken& g) { return perl_callback(g); };
                result = lugh::generate(slot->session, sampler, prompt.vector(), req.params, cb, tokenizer.get());
            });
        }
        if (!error) error = perl_callback.take_error();
        if (!error) {
            // The object may be gone if a callback dropped it: remember_timings looks it up again.
            lugh_perl::remember_timings(aTHX_ self, current_owner(aTHX), result);
            av_extend(generated, static_cast<SSize_t>(result.tokens.size()));
            for (int32_t t : result.tokens) av_push(generated, newSViv(t));
        }
    }
    if (error) lugh_perl::die_with(aTHX_ error);
    const SSize_t n = av_len(generated) + 1;
    if (GIMME_V != G_LIST) {
        XPUSHs(sv_2mortal(newSViv(static_cast<IV>(n))));
    } else {
        EXTEND(SP, n);
        for (SSize_t i = 0; i < n; ++i) PUSHs(*av_fetch(generated, i, 0));
    }
}

SV*
timings(SV* self)
CODE:
{
    lugh_perl::InferenceArg inf = lugh_perl::inference_arg(aTHX_ self, current_owner(aTHX), "Lugh::Inference::timings");
    const lugh_perl::GenerateTimings& t = inf.entry->last;
    HV* hv = newHV();
    hv_stores(hv, "prompt_tokens", newSViv(static_cast<IV>(t.n_prompt)));
    hv_stores(hv, "prompt_ms", newSVnv(t.prompt_ms));
    hv_stores(hv, "generated_tokens", newSViv(static_cast<IV>(t.n_generated)));
    hv_stores(hv, "generate_ms", newSVnv(t.generate_ms));
    hv_stores(hv, "tokens_per_second", newSVnv(t.generate_ms > 0 ? 1000.0 * t.n_generated / t.generate_ms : 0.0));
    hv_stores(hv, "stop", newSVpv(t.stop, 0));
    RETVAL = newRV_noinc(reinterpret_cast<SV*>(hv));
}
OUTPUT:
    RETVAL

IV
n_ctx(SV* self)
ALIAS:
    n_batch = 1
    n_threads = 2
    n_vocab = 3
CODE:
{
    lugh_perl::InferenceArg inf = lugh_perl::inference_arg(aTHX_ self, current_owner(aTHX), lugh_perl::xsub_name(aTHX_ cv));
    const lugh::SessionParams& p = inf.entry->params;
    switch (ix) {
        case 1: RETVAL = static_cast<IV>(p.n_batch); break;
        case 2: RETVAL = inf.entry->scratch->session.n_threads(); break;
        case 3: RETVAL = static_cast<IV>(inf.entry->scratch->session.n_vocab()); break;
        default: RETVAL = static_cast<IV>(p.n_ctx); break;
    }
}
OUTPUT:
    RETVAL

MODULE = Lugh    PACKAGE = Lugh::KVCache

void
DESTROY(SV* self)
CODE:
    lugh_perl::destroy_owned<lugh_perl::CacheEntry, lugh_perl::LlmBlob>(aTHX_ self, current_owner(aTHX), lugh_perl::kCacheTag);

IV
n_cached(SV* self)
ALIAS:
    n_ctx = 1
    kv_bytes = 2
CODE:
{
    lugh_perl::CacheArg cache = lugh_perl::cache_arg(aTHX_ self, current_owner(aTHX), lugh_perl::xsub_name(aTHX_ cv));
    const lugh::Session& s = cache.entry->slot->session;
    RETVAL = ix == 1 ? static_cast<IV>(s.n_ctx()) : ix == 2 ? static_cast<IV>(s.kv_bytes()) : static_cast<IV>(s.n_past());
}
OUTPUT:
    RETVAL

SV*
clear(SV* self)
CODE:
{
    lugh_perl::CacheArg cache = lugh_perl::cache_arg(aTHX_ self, current_owner(aTHX), "Lugh::KVCache::clear");
    lugh_perl::check_idle(aTHX_ *cache.entry->slot, "Lugh::KVCache::clear");
    guarded(aTHX_ [&] { cache.entry->slot->session.clear(); });
    RETVAL = SvREFCNT_inc(self);
}
OUTPUT:
    RETVAL

SV*
resize(SV* self, SV* n_sv)
CODE:
{
    const char* fn = "Lugh::KVCache::resize";
    lugh_perl::CacheArg cache = lugh_perl::cache_arg(aTHX_ self, current_owner(aTHX), fn);
    const int64_t n = lugh_perl::int_arg<int64_t>(aTHX_ n_sv, fn, "n");
    lugh_perl::check_idle(aTHX_ *cache.entry->slot, fn);
    guarded(aTHX_ [&] { cache.entry->slot->session.truncate(n); });
    RETVAL = SvREFCNT_inc(self);
}
OUTPUT:
    RETVAL
