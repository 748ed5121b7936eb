#include "core/cross_reads.hpp"

#include "core/check.hpp"
#include "core/context.hpp"
#include "core/registry.hpp"
#include "core/tensor_label.hpp"

namespace lugh::core {

uint32_t ContextReads::source_id(ggml_context* source) {
    const uint32_t generation = source->generation.load(std::memory_order_acquire);
    auto same = [&](const ContextRef& r) { return r.ctx == source && r.generation == generation; };
    if (last_ < sources_.size() && same(sources_[last_])) return last_;
    for (uint32_t i = 0; i < sources_.size(); ++i)
        if (same(sources_[i])) return last_ = i;
    sources_.push_back(ContextRef{source, generation});
    return last_ = static_cast<uint32_t>(sources_.size() - 1);
}

void ContextReads::add(size_t record, uint32_t id) {
    if (record >= records_.size()) records_.resize(record + 1);
    RecordReads& r = records_[record];
    for (uint32_t i = 0; i < r.n; ++i)
        if (r.ids[i] == id) return;
    // A record reads at most its sources and the tensor it views.
    if (r.n == kMaxPerRecord) fail("lugh: internal error: a tensor record reads more than %d contexts", kMaxPerRecord);
    r.ids[r.n++] = id;
}

const ContextRef* ContextReads::first_lost(const RecordReads& r) const {
    for (uint32_t i = 0; i < r.n; ++i)
        if (!is_current(sources_[r.ids[i]])) return &sources_[r.ids[i]];
    return nullptr;
}

int ContextReads::count(size_t record) const {
    return record < records_.size() ? static_cast<int>(records_[record].n) : 0;
}

void ContextReads::clear() {
    sources_.clear();
    records_.clear();
    last_ = 0;
}

void ContextReads::release() {
    clear();
    sources_.shrink_to_fit();
    records_.shrink_to_fit();
}

ggml_context* owner_of(const ggml_tensor* t) {
    if (!t || t->lugh_owner <= 0 || static_cast<size_t>(t->lugh_owner) > ContextRegistry::kCapacity) return nullptr;
    ggml_context* ctx = ContextRegistry::slot(static_cast<uint32_t>(t->lugh_owner - 1));
    // A copied record claims a context whose arena does not hold it: untracked.
    if (!ctx->live.load(std::memory_order_acquire) || !ctx->arena.holds_record(t)) return nullptr;
    return ctx;
}

ggml_context* owner_of(const ggml_tensor* t, ggml_context* hint) {
    if (hint && hint->arena.holds_record(t)) return hint;
    return owner_of(t);
}

namespace {
[[noreturn]] void fail_lost(const ggml_context* owner, const ggml_tensor* t, const ContextRef& lost, const char* caller) {
    fail("lugh: %s: tensor %s of context #%u reads tensors of context #%u, which was destroyed or reset after the "
         "tensor was made",
         caller, tensor_label(t).text, owner->slot, lost.ctx->slot);
}
}  // namespace

void require_reads_current(const ggml_context* owner, const ggml_tensor* t, const char* caller) {
    if (!owner) return;
    if (const ContextRef* lost = owner->reads.lost(owner->arena.record_number(t))) fail_lost(owner, t, *lost, caller);
}

void require_reads_current(const ggml_tensor* t, const char* caller) {
    if (t) require_reads_current(owner_of(t), t, caller);
}

void note_read(ggml_context* ctx, const ggml_tensor* t, const ggml_tensor* src) {
    if (!src) return;
    ggml_context* owner = owner_of(src, ctx);
    if (!owner || owner == ctx) return;   // outside every arena, or one of ctx's own
    ctx->reads.add(ctx->arena.record_number(t), ctx->reads.source_id(owner));
}

}  // namespace lugh::core
