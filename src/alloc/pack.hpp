// Packing live ranges into one buffer: the offline half of the memory planner.
//
// Each block has a size and a live range of steps [start, end] (inclusive).
// Two blocks whose ranges overlap must not overlap in memory; the goal is the
// smallest buffer. That is NP-hard in general, so two good heuristics run and
// the smaller result wins:
//   - greedy by size: largest block first, each put in the smallest gap that
//     fits among the blocks already placed that are live at the same time
//     (best fit in offset space). Big tensors settle first, small ones fill
//     the holes between them.
//   - best fit in execution order: walk the steps, allocate each block from a
//     free list (smallest gap that fits, coalescing neighbours on free), as an
//     online allocator would.
// No packing can beat peak_live_bytes (the most bytes live at one step).
#pragma once

#include <cstddef>
#include <vector>

namespace lugh::alloc {

struct LiveRange {
    size_t size = 0;
    int start = 0;   // first step the block must hold its bytes
    int end = 0;     // last step (inclusive)
};

struct Packing {
    std::vector<size_t> offsets;   // one per range
    size_t total = 0;              // buffer bytes needed: max(offset + size)
};

// The lower bound: the largest sum of sizes of ranges live at the same step.
size_t peak_live_bytes(const std::vector<LiveRange>& ranges);

Packing pack_greedy_by_size(const std::vector<LiveRange>& ranges);
Packing pack_best_fit_in_order(const std::vector<LiveRange>& ranges);
// The smaller of the two (greedy by size on a tie).
Packing pack(const std::vector<LiveRange>& ranges);

// True if no two ranges that are live together overlap in memory and every
// block lies below total (used by the tests).
bool packing_is_valid(const std::vector<LiveRange>& ranges, const Packing& packing);

}  // namespace lugh::alloc
