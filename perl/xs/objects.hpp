// The Perl objects: blessed references to small read-only byte strings.
//
// A Lugh::Context object stores its registry id and generation; a
// Lugh::Tensor object stores the id and generation of its context plus a
// lugh::Tensor handle (which detects a dead context by itself). None of them
// stores a pointer that is trusted without a check: every use goes through
// the ContextTable, which also says whether this Perl thread owns the context.
// Plain bytes copy themselves correctly when ithreads clone an interpreter,
// so the objects need no CLONE or DESTROY of their own (Context excepted).
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

#include <lugh/lugh.hpp>

#include "xs/context_table.hpp"
#include "xs/guarded.hpp"

namespace lugh_perl {

constexpr uint32_t kContextTag = 0x4c756743;   // "LugC"
constexpr uint32_t kTensorTag = 0x4c756754;    // "LugT"

struct ContextBlob {
    uint32_t tag;
    uint32_t id;
    uint32_t generation;
};

struct TensorBlob {
    uint32_t tag;
    uint32_t ctx_id;
    uint32_t ctx_generation;
    lugh::Tensor handle;
};
static_assert(std::is_trivially_copyable<lugh::Tensor>::value, "a Tensor handle must copy as bytes");

// A context the caller may use, with the identity its tensors record.
struct ContextArg {
    lugh::Context* ctx;
    uint32_t id;
    uint32_t generation;
};

inline SV* blob_object(pTHX_ const void* blob, size_t size, const char* cls) {
    SV* inner = newSVpvn(static_cast<const char*>(blob), size);
    SV* object = sv_bless(newRV_noinc(inner), gv_stashpv(cls, GV_ADD));
    SvREADONLY_on(inner);   // after bless, which has to write to it
    return object;
}

// Copy the blob out of `sv`, dying unless it is an object of `cls` with the right layout.
template <typename Blob>
Blob read_blob(pTHX_ SV* sv, const char* cls, uint32_t tag, const char* what) {
    Blob blob;
    if (!SvROK(sv) || !sv_derived_from(sv, cls)) croak("%s: expected a %s object", what, cls);
    SV* inner = SvRV(sv);
    if (!SvPOK(inner) || SvCUR(inner) != sizeof(Blob)) croak("%s: this %s object is damaged", what, cls);
    std::memcpy(&blob, SvPVX(inner), sizeof(Blob));
    if (blob.tag != tag) croak("%s: this %s object is damaged", what, cls);
    return blob;
}

[[noreturn]] inline void die_unusable(pTHX_ Lookup why, uint32_t id, const char* what) {
    if (why == Lookup::foreign)
        croak("lugh: %s: context #%u belongs to another Perl thread; each thread must create its own contexts",
              what, id);
    croak("lugh: %s: context #%u has been freed", what, id);
}

inline SV* new_context_object(pTHX_ lugh::Context* ctx, const char* cls) {
    ContextBlob blob{kContextTag, ctx->id(), ctx->generation()};
    return blob_object(aTHX_ & blob, sizeof blob, cls);
}

inline ContextArg context_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    auto blob = read_blob<ContextBlob>(aTHX_ sv, "Lugh::Context", kContextTag, what);
    Lookup why;
    lugh::Context* ctx = ContextTable::instance().find(blob.id, blob.generation, owner, &why);
    if (!ctx) die_unusable(aTHX_ why, blob.id, what);
    return ContextArg{ctx, blob.id, blob.generation};
}

// A Perl object for a handle just returned by the core. The context identity
// is the handle's own: results of operations and graph nodes may live in a
// context other than the one an argument named.
inline SV* new_tensor_object(pTHX_ const lugh::Tensor& handle) {
    const uint32_t ctx_id = guarded(aTHX_[&] { return handle.context_id(); });
    TensorBlob blob{kTensorTag, ctx_id, handle.generation(), handle};
    return blob_object(aTHX_ & blob, sizeof blob, "Lugh::Tensor");
}

// The tensor behind `sv`, dying when its context is gone or owned by another thread.
inline lugh::Tensor tensor_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    auto blob = read_blob<TensorBlob>(aTHX_ sv, "Lugh::Tensor", kTensorTag, what);
    Lookup why;
    if (ContextTable::instance().find(blob.ctx_id, blob.ctx_generation, owner, &why)) return blob.handle;
    if (why == Lookup::gone) {
        // The handle explains a dead context in the core's own words.
        guarded(aTHX_[&] { (void)blob.handle.raw(); });
    }
    die_unusable(aTHX_ why, blob.ctx_id, what);
}

// As tensor_arg, but undef means "no tensor" (an empty handle).
inline lugh::Tensor optional_tensor_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    if (!SvOK(sv)) return lugh::Tensor();
    return tensor_arg(aTHX_ sv, owner, what);
}

}  // namespace lugh_perl
