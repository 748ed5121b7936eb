// What Lugh::Inference needs besides the objects: generate()'s arguments as
// lugh::SamplerParams and lugh::GenerateParams, the Perl callbacks called
// from inside the engine, and logits pushed onto the Perl stack.
//
// The callbacks run while lugh::generate is on the C++ stack, so a Perl die
// must never unwind through it: each call is made with G_EVAL, an error is
// kept (and generation stopped), and the XSUB dies with it (take_error())
// once the engine has returned and its C++ objects are gone.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include <lugh/generate.hpp>
#include <lugh/sampler.hpp>

#include "xs/llm_objects.hpp"
#include "xs/named_args.hpp"

namespace lugh_perl {

inline lugh::Type kv_type_arg(pTHX_ const std::string& name, const char* fn) {
    if (name == "f16") return lugh::Type::F16;
    if (name == "f32") return lugh::Type::F32;
    croak("%s: kv_type must be 'f16' or 'f32', got '%s'", fn, name.c_str());
}

// n_vocab logits as a list of numbers, or as one packed string of floats.
inline SV** push_logits(pTHX_ SV** sp, const float* logits, int64_t n, bool packed) {
    if (packed) {
        XPUSHs(sv_2mortal(newSVpvn(reinterpret_cast<const char*>(logits), static_cast<STRLEN>(n) * sizeof(float))));
        return sp;
    }
    EXTEND(sp, static_cast<SSize_t>(n));
    for (int64_t i = 0; i < n; ++i) mPUSHn(static_cast<NV>(logits[i]));
    return sp;
}

struct GenerateRequest {
    lugh::SamplerParams sampler;
    lugh::GenerateParams params;
    SV* callback = nullptr;   // sub { my ($token, $count, $text) = @_; return $stop }
    SV* on_text = nullptr;    // sub { my ($text) = @_ }
};

inline SV* code_arg(pTHX_ const NamedArgs& args, const char* name) {
    SV* v = args.get(name);
    if (v && !(SvROK(v) && SvTYPE(SvRV(v)) == SVt_PVCV)) croak("%s: %s must be a code reference", args.fn(), name);
    return v;
}

// Reads generate()'s options into *r. Every check (and so every croak) comes
// before the first heap allocation in *r, so a bad argument leaks nothing.
inline void generate_request(pTHX_ const NamedArgs& args, GenerateRequest* r) {
    lugh::SamplerParams& s = r->sampler;
    s.temperature = static_cast<float>(args.number(aTHX_ "temperature", s.temperature));
    if (args.flag(aTHX_ "greedy", false)) s.temperature = 0.0f;
    s.top_k = args.integer<int32_t>(aTHX_ "top_k", s.top_k);
    s.top_p = static_cast<float>(args.number(aTHX_ "top_p", s.top_p));
    s.min_p = static_cast<float>(args.number(aTHX_ "min_p", s.min_p));
    s.repeat_penalty = static_cast<float>(args.number(aTHX_ "repeat_penalty", s.repeat_penalty));
    s.frequency_penalty = static_cast<float>(args.number(aTHX_ "frequency_penalty", s.frequency_penalty));
    s.presence_penalty = static_cast<float>(args.number(aTHX_ "presence_penalty", s.presence_penalty));
    s.penalty_last_n = args.integer<int32_t>(aTHX_ "penalty_last_n", s.penalty_last_n);
    s.seed = args.integer<uint64_t>(aTHX_ "seed", s.seed);
    r->params.max_tokens = args.integer<int64_t>(aTHX_ "max_tokens", r->params.max_tokens);
    if (r->params.max_tokens < 0) croak("%s: max_tokens must be 0 or more", args.fn());
    r->callback = code_arg(aTHX_ args, "callback");
    r->on_text = code_arg(aTHX_ args, "on_text");
    TokenList eos;
    if (SV* e = args.get("eos_token")) {
        if (SvROK(e)) {
            eos = token_list_arg(aTHX_ e, args.fn(), "eos_token");
        } else {
            int32_t* one;
            Newx(one, 1, int32_t);
            SAVEFREEPV(one);
            *one = int_arg<int32_t>(aTHX_ e, args.fn(), "eos_token");
            eos = TokenList{one, 1};
        }
    }
    // The stop strings are checked before any of them is copied.
    AV* stops = nullptr;
    SV* stop = args.get("stop");
    if (stop && SvROK(stop)) {
        stops = array_ref_arg(aTHX_ stop, args.fn(), "stop");
        for (SSize_t i = 0; i <= av_len(stops); ++i) {
            SV** e = av_fetch(stops, i, 0);
            if (!e || !SvOK(*e) || SvROK(*e)) croak("%s: stop[%ld] is not a string", args.fn(), static_cast<long>(i));
            (void)SvPVutf8_nolen(*e);
        }
    } else if (stop) {
        (void)SvPVutf8_nolen(stop);
    }
    r->params.eog.assign(eos.data, eos.data + eos.size);
    if (stops) {
        for (SSize_t i = 0; i <= av_len(stops); ++i) {
            STRLEN len;
            const char* p = SvPVutf8(*av_fetch(stops, i, 0), len);
            r->params.stop.emplace_back(p, len);
        }
    } else if (stop) {
        STRLEN len;
        const char* p = SvPVutf8(stop, len);
        r->params.stop.emplace_back(p, len);
    }
}

// Marks a session busy for the length of a generate().
struct BusyScope {
    explicit BusyScope(SessionSlot& s) : slot(s) { slot.busy = true; }
    ~BusyScope() { slot.busy = false; }
    SessionSlot& slot;
};

inline SV* utf8_text_sv(pTHX_ const char* p, size_t n) {
    SV* sv = newSVpvn(p, n);
    if (is_utf8_string(reinterpret_cast<const U8*>(p), n)) SvUTF8_on(sv);
    return sv;
}

// The engine's TokenCallback calling Perl subs under G_EVAL.
class PerlTokenCallback {
public:
    PerlTokenCallback(pTHX_ SV* callback, SV* on_text) : callback_(callback), on_text_(on_text) {
#ifdef MULTIPLICITY
        perl_ = aTHX;
#endif
    }
    ~PerlTokenCallback() {
        dTHXa(perl_);
        if (error_) SvREFCNT_dec(error_);
    }

    // True stops generation (the callback said so, or a sub died).
    bool operator()(const lugh::GeneratedToken& g) {
        dTHXa(perl_);
        if (error_) return true;
        bool stop = false;
        if (on_text_ && !g.text.empty()) call(aTHX_ on_text_, nullptr, &g);
        if (!error_ && callback_ && g.token != lugh::kNoToken) stop = call(aTHX_ callback_, &g, &g);
        return stop || error_ != nullptr;
    }

    // After the engine returned: a sub's error (a new reference), or nullptr.
    SV* take_error() {
        SV* e = error_;
        error_ = nullptr;
        return e;
    }

private:
    bool call(pTHX_ SV* sub, const lugh::GeneratedToken* token, const lugh::GeneratedToken* text) {
        dSP;
        ENTER;
        SAVETMPS;
        PUSHMARK(SP);
        if (token) {
            EXTEND(SP, 3);
            mPUSHi(token->token);
            mPUSHi(static_cast<IV>(token->index));
        }
        XPUSHs(sv_2mortal(utf8_text_sv(aTHX_ text->text.data(), text->text.size())));
        PUTBACK;
        const int count = call_sv(sub, G_SCALAR | G_EVAL);
        SPAGAIN;
        bool stop = false;
        if (count == 1) {
            SV* ret = POPs;
            // A reference is true without asking an overloaded bool (which could die here).
            stop = SvROK(ret) ? true : SvTRUE_nomg(ret);
        }
        PUTBACK;
        if (SvTRUE(ERRSV)) error_ = newSVsv(ERRSV);
        FREETMPS;
        LEAVE;
        return stop;
    }

    SV* callback_;
    SV* on_text_;
    SV* error_ = nullptr;
#ifdef MULTIPLICITY
    PerlInterpreter* perl_ = nullptr;
#else
    void* perl_ = nullptr;
#endif
};

// Store generate()'s figures in the Inference object, if it still exists.
inline void remember_timings(pTHX_ SV* self, uint64_t owner, const lugh::GenerateResult& r) {
    SV* inner = SvROK(self) ? SvRV(self) : nullptr;
    if (!inner || !SvPOK(inner) || SvCUR(inner) != sizeof(LlmBlob)) return;
    LlmBlob blob;
    std::memcpy(&blob, SvPVX(inner), sizeof blob);
    Lookup why;
    InferenceEntry* e = InferenceTable::instance().find(blob.serial, owner, &why);
    if (!e) return;
    e->last.n_prompt = r.n_prompt;
    e->last.n_generated = static_cast<int64_t>(r.tokens.size());
    e->last.prompt_ms = r.prompt_ms;
    e->last.generate_ms = r.generate_ms;
    e->last.stop = lugh::stop_reason_name(r.stop);
}

}  // namespace lugh_perl
