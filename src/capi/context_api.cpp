// ggml_init and the context functions of the C API: thin shims onto core/.
#include <cstring>

#include "capi/guard.hpp"
#include "core/check.hpp"
#include "core/context.hpp"
#include "core/tensor_new.hpp"

using lugh::capi::guarded;
namespace core = lugh::core;

namespace {
const ggml_context* live(const ggml_context* ctx, const char* fn) {
    guarded([&] { core::require_live(ctx, fn); });
    return ctx;
}
ggml_context* live(ggml_context* ctx, const char* fn) {
    guarded([&] { core::require_live(ctx, fn); });
    return ctx;
}
}  // namespace

extern "C" {

ggml_context* ggml_init(ggml_init_params params) {
    // The documented failures (size 0, no memory, no free slot) return NULL.
    try {
        return core::create_context(params.mem_size, params.mem_buffer, params.no_alloc);
    } catch (const std::exception&) {
        return nullptr;
    }
}

void ggml_free(ggml_context* ctx) {
    if (!ctx) return;
    guarded([&] { core::free_context(ctx, "ggml_free"); });
}

void ggml_reset(ggml_context* ctx) {
    guarded([&] { core::reset_context(ctx, "ggml_reset"); });
}

size_t ggml_used_mem(const ggml_context* ctx) { return live(ctx, "ggml_used_mem")->arena.used(); }
size_t ggml_get_mem_size(const ggml_context* ctx) { return live(ctx, "ggml_get_mem_size")->arena.size(); }
void* ggml_get_mem_buffer(const ggml_context* ctx) { return live(ctx, "ggml_get_mem_buffer")->arena.base(); }
bool ggml_get_no_alloc(ggml_context* ctx) { return live(ctx, "ggml_get_no_alloc")->no_alloc; }
void ggml_set_no_alloc(ggml_context* ctx, bool no_alloc) { live(ctx, "ggml_set_no_alloc")->no_alloc = no_alloc; }

size_t ggml_get_max_tensor_size(const ggml_context* ctx) {
    size_t max = 0;
    const auto& arena = live(ctx, "ggml_get_max_tensor_size")->arena;
    for (ggml_tensor* t = arena.first_record(); t; t = arena.record_after(t)) {
        const size_t n = ggml_nbytes(t);
        if (n > max) max = n;
    }
    return max;
}

ggml_tensor* ggml_get_first_tensor(const ggml_context* ctx) {
    return live(ctx, "ggml_get_first_tensor")->arena.first_record();
}

ggml_tensor* ggml_get_next_tensor(const ggml_context* ctx, ggml_tensor* tensor) {
    const auto& arena = live(ctx, "ggml_get_next_tensor")->arena;
    return tensor ? arena.record_after(tensor) : nullptr;
}

ggml_tensor* ggml_get_tensor(ggml_context* ctx, const char* name) {
    const auto& arena = live(ctx, "ggml_get_tensor")->arena;
    if (!name) return nullptr;
    for (ggml_tensor* t = arena.first_record(); t; t = arena.record_after(t))
        if (std::strcmp(t->name, name) == 0) return t;
    return nullptr;
}

void* ggml_new_buffer(ggml_context* ctx, size_t nbytes) {
    return guarded([&] { return core::new_object(ctx, nbytes, "ggml_new_buffer"); });
}

}  // extern "C"
