// Reads across contexts: the one tracker of which tensors (and graphs) of a
// context read memory or records of another context.
//
// A view made in context B of a tensor in A, an op node in B with a source in
// A, or a graph in B over A's tensors: once A is freed or reset, those
// pointers lead into freed memory, and nothing in the tensor says so. So B
// keeps, in its `reads` (a ContextReads), the list of distinct contexts it
// reads, each at the generation it had then (its "sources"), and for each of
// its tensor records the ids of the sources that record reads directly
// (src[] and view_src). A graph keeps the ids of the sources its tensors live
// in. Checking a tensor or a graph is then a few compares, whatever the
// number of live contexts: the record says which context owns it
// (ggml_tensor::lugh_owner), and the ids say which contexts to look at.
//
// A tensor is checked before anything follows its pointers (graph building,
// element access, op construction, handles), so a lost source is a clear
// error naming both contexts, never a read of freed memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

struct ggml_context;
struct ggml_tensor;

namespace lugh::core {

// A context as it was at one generation: its tensors exist while the
// context is live and still at that generation (is_current in context.hpp).
struct ContextRef {
    ggml_context* ctx = nullptr;   // a registry slot: its memory is never freed
    uint32_t generation = 0;
};

class ContextReads {
public:
    // Sources one record can read: src[0..GGML_MAX_SRC) and view_src.
    static constexpr int kMaxPerRecord = 5;

    // The id of `source` at its generation now, added when new.
    uint32_t source_id(ggml_context* source);
    const ContextRef& source(uint32_t id) const { return sources_[id]; }
    size_t n_sources() const { return sources_.size(); }

    // Record number `record` reads source `id` (added once).
    void add(size_t record, uint32_t id);
    // A source that record `record` reads and that is no longer current
    // (freed or reset since), or nullptr. Inline: most records read nothing.
    const ContextRef* lost(size_t record) const {
        return record < records_.size() && records_[record].n ? first_lost(records_[record]) : nullptr;
    }
    // How many sources record `record` reads (for tests and diagnostics).
    int count(size_t record) const;

    void clear();     // the context was reset: keep the memory for next time
    void release();   // the context was freed: give the memory back

private:
    struct RecordReads {
        uint32_t n = 0;
        uint32_t ids[kMaxPerRecord];
    };
    const ContextRef* first_lost(const RecordReads& r) const;
    std::vector<ContextRef> sources_;
    std::vector<RecordReads> records_;   // by record number; shorter when the last records read nothing
    uint32_t last_ = 0;                   // the source found last (most lookups repeat it)
};

// The live context whose arena holds the tensor record t, found through
// t->lugh_owner in constant time, or nullptr (t was made outside every
// arena, or its context is gone). t itself must be readable memory.
ggml_context* owner_of(const ggml_tensor* t);
// owner_of, taking `hint` (ctx itself, usually) first: two compares.
ggml_context* owner_of(const ggml_tensor* t, ggml_context* hint);

// Throws lugh::Error, naming `caller`, the tensor and the lost context,
// unless every context that t (a record of `owner`) reads is still there.
// A null owner (a record made elsewhere) reads nothing Lugh knows of.
void require_reads_current(const ggml_context* owner, const ggml_tensor* t, const char* caller);
// The same, finding t's owner first.
void require_reads_current(const ggml_tensor* t, const char* caller);

// Records that t, a record of ctx, reads src (a source or the tensor whose
// memory t views). Nothing is recorded for a null src, one of ctx's own
// records, or a record outside every arena. Callers check src first
// (require_reads_current), before they create t.
void note_read(ggml_context* ctx, const ggml_tensor* t, const ggml_tensor* src);

}  // namespace lugh::core
