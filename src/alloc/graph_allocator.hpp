// The graph allocator (ggml_gallocr): analyse a graph's live ranges, pack
// them into one buffer, and point every tensor that needs memory into it.
//
// `struct ggml_gallocr` is the C API's opaque type; Lugh defines it here.
// The planner keeps one buffer object for its whole life and only swaps the
// memory inside it when a graph needs more, so tensors placed by an earlier
// call are still recognised as its own (and planned again) later.
#pragma once

#include <cstddef>

#include "alloc/liveness.hpp"
#include "backend/buffer.hpp"

namespace lugh::alloc {

// Figures of the last plan, for tests, benchmarks and the C++ API.
struct PlanStats {
    size_t planned = 0;          // bytes of buffer the chosen packing needs
    size_t lower_bound = 0;      // most bytes live at any one step
    size_t sum_of_tensors = 0;   // bytes with no reuse at all
    size_t greedy_by_size = 0;   // each heuristic's result
    size_t best_fit_in_order = 0;
    size_t n_tensors = 0;        // tensors the plan places
    size_t n_blocks = 0;         // after in-place merging
    int n_inplace = 0;
};

}  // namespace lugh::alloc

struct ggml_gallocr {
    ggml_backend_buffer_type* buft = nullptr;
    ggml_backend_buffer* buffer = nullptr;   // grows, never shrinks
    // Buffer ids ggml_gallocr_new_n was given (all share `buffer`: every
    // buffer type Lugh has is the same host memory).
    int n_buffers = 1;
    lugh::alloc::PlanStats last;
};

namespace lugh::alloc {

ggml_gallocr* gallocr_new(ggml_backend_buffer_type* buft, const char* caller);
void gallocr_free(ggml_gallocr* galloc, const char* caller);
// Plan graph and grow the buffer to fit; tensors are not touched.
void gallocr_reserve(ggml_gallocr* galloc, ggml_cgraph* graph, const char* caller);
// Plan graph, grow the buffer if needed, and give each tensor its place.
void gallocr_alloc_graph(ggml_gallocr* galloc, ggml_cgraph* graph, const char* caller);
void require_gallocr(const ggml_gallocr* galloc, const char* caller);

// The plan alone (no buffer involved), for measurements.
PlanStats plan_graph(const ggml_cgraph* graph, const ggml_backend_buffer_type* buft, const char* caller);

}  // namespace lugh::alloc
