// The objects of the high-level classes: Lugh::Model, Lugh::Tokenizer,
// Lugh::Inference, Lugh::KVCache, Lugh::Prompt.
//
// As for contexts and GGUF files, each Perl object is a blessed reference to
// a read-only byte string (LlmBlob): a tag, its own serial number in an
// OwnedTable and the serial number of the Lugh::Model it was made from. Every
// use looks the model up first, so once the Perl model object is gone a
// tokenizer, inference or cache made from it dies with "its Lugh::Model has
// been destroyed" instead of quietly keeping gigabytes of weights alive; the
// C++ objects themselves share the weights, so nothing dangles either way.
// Another Perl thread's byte-for-byte copy is refused (the table records the
// owning interpreter) and frees nothing.
//
// A session (the KV cache) sits in a SessionSlot held by shared_ptr: the
// XSUB that runs generate() keeps its own reference, so a Perl callback that
// drops the last Perl object in the middle frees nothing under the running
// engine, and the slot's busy flag refuses re-entrant use from the callback.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>

#include <lugh/generate.hpp>
#include <lugh/model.hpp>
#include <lugh/sampler.hpp>
#include <lugh/session.hpp>
#include <lugh/tokenizer.hpp>

#include "xs/gguf_objects.hpp"   // destroy_owned
#include "xs/objects.hpp"
#include "xs/owned_table.hpp"

namespace lugh_perl {

constexpr uint32_t kModelTag = 0x4c75674d;       // "LugM"
constexpr uint32_t kTokenizerTag = 0x4c75676b;   // "Lugk"
constexpr uint32_t kInferenceTag = 0x4c756749;   // "LugI"
constexpr uint32_t kCacheTag = 0x4c756756;       // "LugV"

struct LlmBlob {
    uint32_t tag;
    uint32_t unused;
    uint64_t serial;         // the object's own entry (the model's for Model and Tokenizer)
    uint64_t model_serial;   // the Lugh::Model it belongs to
};

struct ModelEntry {
    explicit ModelEntry(lugh::Model m) : model(std::move(m)) {}
    lugh::Model model;
    std::shared_ptr<const lugh::Tokenizer> tokenizer;   // read from the file on first use

    // The vocabulary in the model's file; throws lugh::Error when it has none.
    const std::shared_ptr<const lugh::Tokenizer>& vocabulary() {
        if (!tokenizer) tokenizer = std::make_shared<const lugh::Tokenizer>(model.file());
        return tokenizer;
    }
};

// A session and whether a generate() is running on it right now.
struct SessionSlot {
    explicit SessionSlot(lugh::Session s) : session(std::move(s)) {}
    lugh::Session session;
    bool busy = false;
};

// What the last generate() measured.
struct GenerateTimings {
    int64_t n_prompt = 0;
    int64_t n_generated = 0;
    double prompt_ms = 0;
    double generate_ms = 0;
    const char* stop = "";
};

struct InferenceEntry {
    lugh::Model model;
    std::shared_ptr<const lugh::Tokenizer> tokenizer;   // null when the file has no vocabulary
    lugh::SessionParams params;
    std::shared_ptr<SessionSlot> scratch;   // forward() and generate() without a cache; made on first use
    uint64_t sample_seed = 42;              // seed of the next sample_top_p / sample_top_k call
    GenerateTimings last;

    SessionSlot& scratch_slot() {
        if (!scratch) scratch = std::make_shared<SessionSlot>(lugh::Session(model, params));
        return *scratch;
    }
};

struct CacheEntry {
    std::shared_ptr<SessionSlot> slot;
};

using ModelTable = OwnedTable<ModelEntry>;
using InferenceTable = OwnedTable<InferenceEntry>;
using CacheTable = OwnedTable<CacheEntry>;

inline SV* new_llm_object(pTHX_ uint32_t tag, uint64_t serial, uint64_t model_serial, const char* cls) {
    LlmBlob blob{tag, 0, serial, model_serial};
    return blob_object(aTHX_ & blob, sizeof blob, cls);
}

// "Lugh::Tokenizer::bos_id": the full name of the running XSUB, aliases
// included (xsubpp's $pname names only the main one). A mortal string.
inline const char* xsub_name(pTHX_ CV* cv) {
    GV* gv = CvGV(cv);
    if (!gv) return "Lugh";
    SV* name = sv_2mortal(newSVpvf("%s::%s", HvNAME(GvSTASH(gv)), GvNAME(gv)));
    return SvPV_nolen(name);
}

template <typename T>
T* find_owned(pTHX_ uint64_t serial, uint64_t owner, const char* cls, const char* what, const char* whose) {
    Lookup why;
    T* entry = OwnedTable<T>::instance().find(serial, owner, &why);
    if (entry) return entry;
    if (why == Lookup::foreign)
        croak("lugh: %s: this %s object belongs to another Perl thread; each thread must load its own model", what,
              cls);
    croak("lugh: %s: %s has been destroyed", what, whose);
}

// The model an object of `cls` belongs to, dying when it is gone.
inline ModelEntry* owning_model(pTHX_ const LlmBlob& blob, uint64_t owner, const char* cls, const char* what) {
    if (blob.tag == kModelTag)
        return find_owned<ModelEntry>(aTHX_ blob.model_serial, owner, cls, what, "this Lugh::Model");
    return find_owned<ModelEntry>(aTHX_ blob.model_serial, owner, cls, what, "its Lugh::Model");
}

inline ModelEntry* model_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    auto blob = read_blob<LlmBlob>(aTHX_ sv, "Lugh::Model", kModelTag, what);
    return owning_model(aTHX_ blob, owner, "Lugh::Model", what);
}

inline ModelEntry* tokenizer_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    auto blob = read_blob<LlmBlob>(aTHX_ sv, "Lugh::Tokenizer", kTokenizerTag, what);
    return owning_model(aTHX_ blob, owner, "Lugh::Tokenizer", what);
}

// An Inference or KVCache argument: its entry and the serial of its model.
template <typename Entry>
struct DependentArg {
    Entry* entry;
    uint64_t model_serial;
};
template <typename Entry>
DependentArg<Entry> dependent_arg(pTHX_ SV* sv, uint64_t owner, const char* what, const char* cls, uint32_t tag,
                                  const char* whose) {
    auto blob = read_blob<LlmBlob>(aTHX_ sv, cls, tag, what);
    owning_model(aTHX_ blob, owner, cls, what);
    return {find_owned<Entry>(aTHX_ blob.serial, owner, cls, what, whose), blob.model_serial};
}
using InferenceArg = DependentArg<InferenceEntry>;
using CacheArg = DependentArg<CacheEntry>;
inline InferenceArg inference_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    return dependent_arg<InferenceEntry>(aTHX_ sv, owner, what, "Lugh::Inference", kInferenceTag, "this Lugh::Inference");
}
inline CacheArg cache_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    return dependent_arg<CacheEntry>(aTHX_ sv, owner, what, "Lugh::KVCache", kCacheTag, "this Lugh::KVCache");
}

// Dies when a generate() callback uses the session that generate() is running on.
inline void check_idle(pTHX_ const SessionSlot& slot, const char* what) {
    if (slot.busy) croak("lugh: %s: the KV cache is in use by a running generate (called from its callback?)", what);
}

}  // namespace lugh_perl
