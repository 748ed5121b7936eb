// The context: one arena plus the flags that decide what goes in it.
//
// `struct ggml_context` is the C API's opaque type; Lugh defines it here. The
// objects live in fixed registry slots (see registry.hpp), so a pointer to a
// freed context still points at valid memory whose `live` flag and
// `generation` tell the truth, and handles can detect that it is gone.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/arena.hpp"
#include "core/cross_reads.hpp"

struct ggml_context {
    uint32_t slot = 0;                       // index in the registry
    // Bumped by free and by reset: a handle holding an older value refers to
    // tensors that no longer exist.
    std::atomic<uint32_t> generation{0};
    std::atomic<bool> live{false};
    // Bumped only when the slot is released: tells the owner of a context
    // (lugh::Context) whether the slot still holds the context it created,
    // whatever resets happened (generation moves on reset too).
    std::atomic<uint32_t> incarnation{0};
    bool no_alloc = false;
    lugh::core::Arena arena;
    // Run once by free_context before the arena goes, then cleared: lets a
    // loader tie something the tensors point into (a file mapping) to the
    // context's lifetime.
    void (*on_free)(void* arg) = nullptr;
    void* on_free_arg = nullptr;
    // The other contexts this context's tensors and graphs read (core/cross_reads.hpp).
    lugh::core::ContextReads reads;
};

namespace lugh::core {

// The one liveness test of Lugh: is ctx live and still at `generation`
// (neither freed nor reset since)? Tensor and graph handles, the Perl
// objects, cross-context reads and graphs all ask it.
inline bool is_current(const ggml_context* ctx, uint32_t generation) {
    return ctx && ctx->live.load(std::memory_order_acquire) &&
           ctx->generation.load(std::memory_order_acquire) == generation;
}
inline bool is_current(const ContextRef& ref) { return is_current(ref.ctx, ref.generation); }
// ctx as it is now.
inline ContextRef current_ref(ggml_context* ctx) {
    return ContextRef{ctx, ctx->generation.load(std::memory_order_acquire)};
}

// Throws lugh::Error naming `what` if ctx is null or freed.
void require_live(const ggml_context* ctx, const char* what);

// A new live context. Throws lugh::Error when mem_size is 0, the arena cannot
// be allocated, or every registry slot is taken.
ggml_context* create_context(size_t mem_size, void* mem_buffer, bool no_alloc);
// Frees the arena (if Lugh allocated it) and returns the slot. Throws, naming
// `caller`, on a context already freed.
void free_context(ggml_context* ctx, const char* caller = "free context");
// Empties the arena; tensors made before are gone (handles see a new generation).
void reset_context(ggml_context* ctx, const char* caller = "reset context");

}  // namespace lugh::core
