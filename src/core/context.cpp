#include "core/context.hpp"

#include "core/check.hpp"
#include "core/registry.hpp"

namespace lugh::core {

ggml_context* create_context(size_t mem_size, void* mem_buffer, bool no_alloc) {
    if (mem_size == 0) fail("lugh: cannot create a context: mem_size is 0");
    ContextRegistry& registry = ContextRegistry::instance();
    // The slot goes live only once its arena is set up (see registry.hpp).
    ggml_context* ctx = registry.reserve();
    if (!ctx)
        fail("lugh: cannot create a context: all %zu context slots are in use (LUGH_MAX_CONTEXTS)",
             ContextRegistry::kCapacity);
    if (mem_buffer) {
        ctx->arena.attach(mem_buffer, mem_size, false);
    } else if (!ctx->arena.allocate(mem_size)) {
        registry.recycle(ctx);
        fail("lugh: cannot create a context: allocating an arena of %zu bytes failed", mem_size);
    }
    ctx->no_alloc = no_alloc;
    registry.publish(ctx);
    return ctx;
}

void free_context(ggml_context* ctx, const char* caller) {
    require_live(ctx, caller);
    ContextRegistry& registry = ContextRegistry::instance();
    // Dead first, so no registry scan looks at the arena (or at what the hook
    // releases) while it goes away.
    registry.retire(ctx);
    if (ctx->on_free) {
        auto hook = ctx->on_free;
        ctx->on_free = nullptr;
        hook(ctx->on_free_arg);
        ctx->on_free_arg = nullptr;
    }
    ctx->arena.release();
    ctx->reads.release();
    ctx->no_alloc = false;
    registry.recycle(ctx);
}

void reset_context(ggml_context* ctx, const char* caller) {
    require_live(ctx, caller);
    ctx->arena.reset();
    ctx->reads.clear();
    ctx->generation.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace lugh::core
