// guarded(): run C++ work from an XSUB and turn any exception into a Perl die.
//
// Perl reports errors with croak(), which longjmps out of the XSUB. A longjmp
// must never cross a live C++ try block or skip a destructor, so the work runs
// inside try, the message is copied into a fresh SV, the try block is left,
// and only then do we croak. The work itself must not call Perl functions
// that can die: callers convert their arguments before and push results after.
#pragma once

#include <exception>
#include <type_traits>

namespace lugh_perl {

[[noreturn]] inline void die_with(pTHX_ SV* message) { croak_sv(sv_2mortal(message)); }

template <typename Work>
auto guarded(pTHX_ Work&& work) -> decltype(work()) {
    SV* error = nullptr;
    try {
        return work();
    } catch (const std::exception& e) {
        error = newSVpv(e.what(), 0);
    } catch (...) {
        error = newSVpvs("lugh: an unknown C++ exception was thrown");
    }
    die_with(aTHX_ error);
}

// The same, but the error is returned (nullptr when the work succeeded), for
// XSUBs that hold C++ objects of their own (shared_ptrs, vectors): they leave
// the scope of those objects first and then die_with() the error, so that
// croak's longjmp skips no destructor.
template <typename Work>
SV* caught(pTHX_ Work&& work) {
    try {
        work();
        return nullptr;
    } catch (const std::exception& e) {
        return newSVpv(e.what(), 0);
    } catch (...) {
        return newSVpvs("lugh: an unknown C++ exception was thrown");
    }
}

}  // namespace lugh_perl
