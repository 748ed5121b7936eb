// ContextRegistry: the global table of live contexts.
//
// A fixed array of LUGH_MAX_CONTEXTS slots guarded by one mutex. Acquiring a
// slot gives a ggml_context whose memory never moves or goes away, so stale
// pointers and (slot, generation) handles can always be checked safely. The
// 4097th live context is refused; slots come back on release.
//
// A context's life in the registry has four steps, so that whoever finds a
// context live (core::owner_of, from a tensor record's lugh_owner) never
// reads an arena another thread is setting up or tearing down: reserve (slot
// taken, not live) -> the arena is attached -> publish (live) ... retire
// (dead, generation bumped) -> the arena is released -> recycle (slot free
// again). `live` changes only under the registry mutex, and an arena's
// bounds change only while it is not live.
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

    // A free slot, not live yet, or nullptr when all kCapacity are taken.
    ggml_context* reserve();
    // Mark a reserved slot live, once its arena is attached.
    void publish(ggml_context* ctx);
    // Mark ctx dead and bump its generation; its arena may then be released.
    void retire(ggml_context* ctx);
    // Return a reserved or retired slot to the free stack.
    void recycle(ggml_context* ctx);
    // reserve + publish, and retire + recycle, for a context without an arena.
    ggml_context* acquire();
    void release(ggml_context* ctx);

    // The context object of slot `index` (< kCapacity), live or not.
    static ggml_context* slot(uint32_t index);
    // The context in `slot` if it is live and still at `generation`, else nullptr.
    ggml_context* lookup(uint32_t slot, uint32_t generation);
    size_t live_count();

private:
    ContextRegistry();
};

}  // namespace lugh::core
