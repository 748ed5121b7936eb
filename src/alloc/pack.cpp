#include "alloc/pack.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <numeric>

#include "core/check.hpp"

namespace lugh::alloc {

namespace {

bool live_together(const LiveRange& a, const LiveRange& b) { return a.start <= b.end && b.start <= a.end; }

size_t end_of(size_t offset, size_t size) {
    size_t end = 0;
    if (core::add_overflows(offset, size, &end)) core::fail("lugh: memory planner: the buffer would exceed SIZE_MAX bytes");
    return end;
}

}  // namespace

size_t peak_live_bytes(const std::vector<LiveRange>& ranges) {
    // Sweep: +size at start, -size after end. Ends sort before starts at the
    // same coordinate, because a range ending at step e is gone at e + 1.
    std::vector<std::pair<long long, long long>> events;   // (coordinate, +/- index+1)
    events.reserve(ranges.size() * 2);
    for (size_t i = 0; i < ranges.size(); ++i) {
        events.push_back({2LL * ranges[i].start + 1, static_cast<long long>(i) + 1});
        events.push_back({2LL * ranges[i].end + 2, -(static_cast<long long>(i) + 1)});
    }
    std::sort(events.begin(), events.end());
    size_t live = 0, peak = 0;
    for (const auto& [at, who] : events) {
        const size_t size = ranges[static_cast<size_t>(who > 0 ? who : -who) - 1].size;
        if (who > 0) {
            live = end_of(live, size);
            peak = std::max(peak, live);
        } else {
            live -= size;
        }
    }
    return peak;
}

Packing pack_greedy_by_size(const std::vector<LiveRange>& ranges) {
    const size_t n = ranges.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (ranges[a].size != ranges[b].size) return ranges[a].size > ranges[b].size;
        return ranges[a].start < ranges[b].start;
    });

    Packing out;
    out.offsets.assign(n, 0);
    std::vector<size_t> placed;   // indices, sorted by offset
    placed.reserve(n);
    for (size_t idx : order) {
        const LiveRange& r = ranges[idx];
        size_t cursor = 0;                       // end of the memory taken so far, in offset order
        size_t best_offset = SIZE_MAX, best_gap = SIZE_MAX;
        for (size_t p : placed) {
            if (!live_together(r, ranges[p])) continue;
            const size_t off = out.offsets[p];
            if (off >= cursor) {
                const size_t gap = off - cursor;
                if (gap >= r.size && gap < best_gap) {
                    best_gap = gap;
                    best_offset = cursor;
                }
            }
            cursor = std::max(cursor, end_of(off, ranges[p].size));
        }
        const size_t offset = best_offset != SIZE_MAX ? best_offset : cursor;
        out.offsets[idx] = offset;
        out.total = std::max(out.total, end_of(offset, r.size));
        auto at = std::upper_bound(placed.begin(), placed.end(), offset,
                                   [&](size_t off, size_t p) { return off < out.offsets[p]; });
        placed.insert(at, idx);
    }
    return out;
}

Packing pack_best_fit_in_order(const std::vector<LiveRange>& ranges) {
    const size_t n = ranges.size();
    Packing out;
    out.offsets.assign(n, 0);
    if (n == 0) return out;

    // Allocate in order of start step (largest first within a step), free
    // after each step the blocks whose range ended there.
    std::vector<size_t> by_start(n), by_end(n);
    std::iota(by_start.begin(), by_start.end(), size_t{0});
    std::iota(by_end.begin(), by_end.end(), size_t{0});
    std::stable_sort(by_start.begin(), by_start.end(), [&](size_t a, size_t b) {
        if (ranges[a].start != ranges[b].start) return ranges[a].start < ranges[b].start;
        return ranges[a].size > ranges[b].size;
    });
    std::stable_sort(by_end.begin(), by_end.end(), [&](size_t a, size_t b) { return ranges[a].end < ranges[b].end; });

    std::map<size_t, size_t> free_gaps;   // offset -> size, below `top`, coalesced
    size_t top = 0;
    auto allocate = [&](size_t size) -> size_t {
        auto best = free_gaps.end();
        for (auto it = free_gaps.begin(); it != free_gaps.end(); ++it)
            if (it->second >= size && (best == free_gaps.end() || it->second < best->second)) best = it;
        if (best != free_gaps.end()) {
            const size_t off = best->first, gap = best->second;
            free_gaps.erase(best);
            if (gap > size) free_gaps.emplace(off + size, gap - size);
            return off;
        }
        // No gap fits: grow the buffer, starting inside a gap that ends at the top.
        if (!free_gaps.empty()) {
            auto last = std::prev(free_gaps.end());
            if (last->first + last->second == top) {
                const size_t off = last->first;
                free_gaps.erase(last);
                top = end_of(off, size);
                return off;
            }
        }
        const size_t off = top;
        top = end_of(top, size);
        return off;
    };
    auto release = [&](size_t off, size_t size) {
        if (size == 0) return;
        auto next = free_gaps.lower_bound(off);
        if (next != free_gaps.end() && off + size == next->first) {
            size += next->second;
            next = free_gaps.erase(next);
        }
        if (next != free_gaps.begin()) {
            auto prev = std::prev(next);
            if (prev->first + prev->second == off) {
                prev->second += size;
                return;
            }
        }
        free_gaps.emplace(off, size);
    };

    size_t s = 0, e = 0;
    while (s < n) {
        const int step = ranges[by_start[s]].start;
        // Free everything that ended before this step.
        while (e < n && ranges[by_end[e]].end < step) {
            release(out.offsets[by_end[e]], ranges[by_end[e]].size);
            ++e;
        }
        while (s < n && ranges[by_start[s]].start == step) {
            const size_t idx = by_start[s++];
            out.offsets[idx] = allocate(ranges[idx].size);
        }
    }
    out.total = top;
    return out;
}

Packing pack(const std::vector<LiveRange>& ranges) {
    Packing greedy = pack_greedy_by_size(ranges);
    Packing in_order = pack_best_fit_in_order(ranges);
    return in_order.total < greedy.total ? in_order : greedy;
}

bool packing_is_valid(const std::vector<LiveRange>& ranges, const Packing& packing) {
    if (packing.offsets.size() != ranges.size()) return false;
    for (size_t i = 0; i < ranges.size(); ++i) {
        size_t end_i = 0;
        if (core::add_overflows(packing.offsets[i], ranges[i].size, &end_i) || end_i > packing.total) return false;
        for (size_t j = i + 1; j < ranges.size(); ++j) {
            if (!live_together(ranges[i], ranges[j]) || ranges[i].size == 0 || ranges[j].size == 0) continue;
            const size_t end_j = packing.offsets[j] + ranges[j].size;
            if (packing.offsets[i] < end_j && packing.offsets[j] < end_i) return false;
        }
    }
    return true;
}

}  // namespace lugh::alloc
