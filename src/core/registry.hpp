// ContextRegistry: the global table of live contexts.
//
// A fixed array of LUGH_MAX_CONTEXTS slots guarded by one mutex. Acquiring a
// slot gives a ggml_context whose memory never moves or goes away, so stale
// pointers and (slot, generation) handles can always be checked safely. The
// 4097th live context is refused; slots come back on release.
#pragma once

#include <cstddef>
#include <cstdint>

#ifndef LUGH_MAX_CONTEXTS
#define LUGH_MAX_CONTEXTS 4096
#endif

struct ggml_context;

namespace lugh::core {

class ContextRegistry {
public:
    static constexpr size_t kCapacity = LUGH_MAX_CONTEXTS;

    static ContextRegistry& instance();

    // A free slot marked live, or nullptr when all kCapacity are in use.
    ggml_context* acquire();
    // Mark ctx dead, bump its generation and return its slot. ctx must be live.
    void release(ggml_context* ctx);

    // The context in `slot` if it is live and still at `generation`, else nullptr.
    ggml_context* lookup(uint32_t slot, uint32_t generation);
    size_t live_count();

private:
    ContextRegistry();
};

}  // namespace lugh::core
