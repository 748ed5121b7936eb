// Lugh::Graph objects: like tensors, a read-only blob holding the identity
// of the context the graph lives in plus the core's lugh::Graph handle (which
// detects a dead context itself). Checked through the ContextTable on every use.
#pragma once

#include <type_traits>

#include <lugh/graph.hpp>

#include "xs/objects.hpp"

namespace lugh_perl {

constexpr uint32_t kGraphTag = 0x4c756747;   // "LugG"

struct GraphBlob {
    uint32_t tag;
    uint32_t ctx_id;
    uint32_t ctx_generation;
    lugh::Graph handle;
};
static_assert(std::is_trivially_copyable<lugh::Graph>::value, "a Graph handle must copy as bytes");

inline SV* new_graph_object(pTHX_ const ContextArg& ctx, const lugh::Graph& graph, const char* cls) {
    GraphBlob blob{kGraphTag, ctx.id, ctx.generation, graph};
    return blob_object(aTHX_ & blob, sizeof blob, cls);
}

// The graph behind `sv`, dying when its context is gone or owned by another thread.
inline lugh::Graph graph_arg(pTHX_ SV* sv, uint64_t owner, const char* what) {
    auto blob = read_blob<GraphBlob>(aTHX_ sv, "Lugh::Graph", kGraphTag, what);
    Lookup why;
    if (ContextTable::instance().find(blob.ctx_id, blob.ctx_generation, owner, &why)) return blob.handle;
    if (why == Lookup::gone) guarded(aTHX_[&] { (void)blob.handle.raw(); });
    die_unusable(aTHX_ why, blob.ctx_id, what);
}

}  // namespace lugh_perl
