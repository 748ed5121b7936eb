#include "core/borrows.hpp"

#include <algorithm>

#include "core/check.hpp"
#include "core/context.hpp"
#include "core/registry.hpp"
#include "core/tensor_label.hpp"

namespace lugh::core {

namespace {

bool still_there(const Borrow& b) {
    return b.source->live.load(std::memory_order_acquire) &&
           b.source->generation.load(std::memory_order_acquire) == b.generation;
}

void add(ggml_context* ctx, const Borrow& b) {
    for (const Borrow& have : ctx->borrows)
        if (have.tensor == b.tensor && have.source == b.source && have.generation == b.generation) return;
    ctx->borrows.push_back(b);
}

}  // namespace

void note_borrow(ggml_context* ctx, const ggml_tensor* tensor, const ggml_tensor* src) {
    if (!src) return;
    // src's own borrows first (a view of a view of A, made in C from B):
    // those records are in ctx when src is one of ctx's own tensors.
    const bool own = ctx->arena.holds_record(src);
    ggml_context* owner = own ? ctx : ContextRegistry::instance().owner_of(src);
    if (!owner) return;   // a record outside every arena: nothing to watch
    std::vector<Borrow> inherited;
    borrows_of(owner, src, &inherited);
    for (const Borrow& b : inherited) add(ctx, Borrow{tensor, b.source, b.generation});
    if (!own) add(ctx, Borrow{tensor, owner, owner->generation.load(std::memory_order_acquire)});
}

const Borrow* dead_borrow(const ggml_context* ctx, const ggml_tensor* tensor) {
    for (const Borrow& b : ctx->borrows)
        if (b.tensor == tensor && !still_there(b)) return &b;
    return nullptr;
}

void require_borrows_alive(const ggml_context* ctx, const ggml_tensor* tensor, const char* caller) {
    if (ctx->borrows.empty()) return;
    if (const Borrow* b = dead_borrow(ctx, tensor))
        fail("lugh: %s: tensor %s of context #%u reads tensors of context #%u, which was destroyed or reset "
             "after the tensor was made",
             caller, tensor_label(tensor).text, ctx->slot, b->source->slot);
}

void borrows_of(const ggml_context* ctx, const ggml_tensor* tensor, std::vector<Borrow>* out) {
    for (const Borrow& b : ctx->borrows)
        if (b.tensor == tensor) out->push_back(b);
}

void clear_borrows(ggml_context* ctx) {
    ctx->borrows.clear();
    ctx->borrows.shrink_to_fit();
}

}  // namespace lugh::core
