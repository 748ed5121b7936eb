#include "core/registry.hpp"

#include <mutex>

#include "core/check.hpp"
#include "core/context.hpp"

namespace lugh::core {

namespace {
// Static storage: a slot's address is valid for the life of the process.
ggml_context g_slots[ContextRegistry::kCapacity];
uint32_t g_free[ContextRegistry::kCapacity];  // stack of free slot indices
size_t g_n_free = 0;
size_t g_n_live = 0;
std::mutex g_mutex;
}  // namespace

ContextRegistry::ContextRegistry() {
    // Hand out low slots first: pushed in reverse, popped from the end.
    for (size_t i = 0; i < kCapacity; ++i) {
        g_slots[i].slot = static_cast<uint32_t>(i);
        g_free[i] = static_cast<uint32_t>(kCapacity - 1 - i);
    }
    g_n_free = kCapacity;
}

ContextRegistry& ContextRegistry::instance() {
    static ContextRegistry registry;
    return registry;
}

ggml_context* ContextRegistry::reserve() {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_n_free == 0) return nullptr;
    return &g_slots[g_free[--g_n_free]];
}

void ContextRegistry::publish(ggml_context* ctx) {
    std::lock_guard<std::mutex> lock(g_mutex);
    ctx->live.store(true, std::memory_order_release);
    ++g_n_live;
}

void ContextRegistry::retire(ggml_context* ctx) {
    std::lock_guard<std::mutex> lock(g_mutex);
    ctx->generation.fetch_add(1, std::memory_order_acq_rel);
    ctx->incarnation.fetch_add(1, std::memory_order_acq_rel);
    ctx->live.store(false, std::memory_order_release);
    --g_n_live;
}

void ContextRegistry::recycle(ggml_context* ctx) {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_free[g_n_free++] = ctx->slot;
}

ggml_context* ContextRegistry::acquire() {
    ggml_context* ctx = reserve();
    if (ctx) publish(ctx);
    return ctx;
}

void ContextRegistry::release(ggml_context* ctx) {
    retire(ctx);
    recycle(ctx);
}

ggml_context* ContextRegistry::slot(uint32_t index) { return &g_slots[index]; }

ggml_context* ContextRegistry::lookup(uint32_t slot, uint32_t generation) {
    if (slot >= kCapacity) return nullptr;
    ggml_context* ctx = &g_slots[slot];
    return is_current(ctx, generation) ? ctx : nullptr;
}

size_t ContextRegistry::live_count() {
    std::lock_guard<std::mutex> lock(g_mutex);
    return g_n_live;
}

void require_live(const ggml_context* ctx, const char* what) {
    if (ctx == nullptr) fail("lugh: %s: context is NULL", what);
    if (!ctx->live.load(std::memory_order_acquire))
        fail("lugh: %s: context #%u has been freed", what, ctx->slot);
}

}  // namespace lugh::core
