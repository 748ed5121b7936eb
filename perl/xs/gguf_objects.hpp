// Lugh::GGUF and Lugh::GGUF::Writer objects. (Tensors memory-mapped from a
// GGUF file are read-only in the core itself: every write dies there.)
//
// Like the other objects, each is a blessed reference to a read-only byte
// string: a tag and the serial number under which OwnedTable keeps the C++
// lugh::gguf::File or Writer. Every use looks the number up (which also
// refuses another Perl thread's copy); only DESTROY in the owner deletes.
#pragma once

#include <cstdint>
#include <cstring>

#include <lugh/ggml/ggml.h>
#include <lugh/gguf.hpp>

#include "xs/objects.hpp"
#include "xs/owned_table.hpp"

namespace lugh_perl {

constexpr uint32_t kGgufTag = 0x4c756746;     // "LugF"
constexpr uint32_t kWriterTag = 0x4c756757;   // "LugW"

struct OwnedBlob {
    uint32_t tag;
    uint32_t unused;
    uint64_t serial;
};

using FileTable = OwnedTable<lugh::gguf::File>;
using WriterTable = OwnedTable<lugh::gguf::Writer>;

template <typename T>
SV* new_owned_object(pTHX_ std::unique_ptr<T> object, uint64_t owner, uint32_t tag, const char* cls) {
    OwnedBlob blob{tag, 0, OwnedTable<T>::instance().add(std::move(object), owner)};
    return blob_object(aTHX_ & blob, sizeof blob, cls);
}

// The object behind `sv`, dying when it is damaged, destroyed or another thread's.
template <typename T>
T* owned_arg(pTHX_ SV* sv, uint64_t owner, uint32_t tag, const char* cls, const char* what) {
    auto blob = read_blob<OwnedBlob>(aTHX_ sv, cls, tag, what);
    Lookup why;
    T* object = OwnedTable<T>::instance().find(blob.serial, owner, &why);
    if (object) return object;
    if (why == Lookup::foreign)
        croak("lugh: %s: this %s object belongs to another Perl thread; each thread must open its own", what, cls);
    croak("lugh: %s: this %s object has been destroyed", what, cls);
}

inline lugh::gguf::File* gguf_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    return owned_arg<lugh::gguf::File>(aTHX_ sv, owner, kGgufTag, "Lugh::GGUF", what);
}

inline lugh::gguf::Writer* writer_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    return owned_arg<lugh::gguf::Writer>(aTHX_ sv, owner, kWriterTag, "Lugh::GGUF::Writer", what);
}

// DESTROY: delete the C++ object if this interpreter created it; a damaged
// object or another thread's copy owns nothing.
// (Blob: any blob with a tag and a serial, as the model objects' LlmBlob.)
template <typename T, typename Blob = OwnedBlob>
void destroy_owned(pTHX_ SV* self, uint64_t owner, uint32_t tag) {
    SV* inner = SvROK(self) ? SvRV(self) : nullptr;
    if (!inner || !SvPOK(inner) || SvCUR(inner) != sizeof(Blob)) return;
    Blob blob;
    std::memcpy(&blob, SvPVX(inner), sizeof blob);
    if (blob.tag != tag) return;
    std::unique_ptr<T> object = OwnedTable<T>::instance().take(blob.serial, owner);
    if (object) guarded(aTHX_ [&] { object.reset(); });
}

}  // namespace lugh_perl
