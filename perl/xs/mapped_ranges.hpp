// MappedRanges: the read-only file mappings behind mmap-loaded contexts.
//
// A tensor loaded with Load::Mmap points into pages mapped PROT_READ; the
// core does not stop a write there, and the write would kill the process.
// Perl code must never be able to crash the interpreter, so the XS layer
// records, per mmap-loaded context, the address range its tensors' data
// spans, and refuses to write into it: set_f32/set_i32/set_data on such a
// tensor, and computing a graph one of whose nodes (an in-place op or a cpy
// into the tensor) would store its result there. The range is dropped when
// the context object is destroyed.
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace lugh_perl {

class MappedRanges {
public:
    static MappedRanges& instance() {
        static MappedRanges ranges;
        return ranges;
    }

    // Record [begin, end) as read-only for the context (id, generation).
    void add(uint32_t id, uint32_t generation, uintptr_t begin, uintptr_t end) {
        if (begin >= end) return;
        std::lock_guard<std::mutex> lock(mutex_);
        ranges_[key(id, generation)] = Range{begin, end};
    }

    void remove(uint32_t id, uint32_t generation) {
        std::lock_guard<std::mutex> lock(mutex_);
        ranges_.erase(key(id, generation));
    }

    // Whether any of [p, p + n) lies in a recorded range.
    bool overlaps(const void* p, size_t n) {
        const uintptr_t b = reinterpret_cast<uintptr_t>(p);
        const uintptr_t e = b + (n ? n : 1);
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& kv : ranges_)
            if (b < kv.second.end && kv.second.begin < e) return true;
        return false;
    }

private:
    struct Range {
        uintptr_t begin, end;
    };
    static uint64_t key(uint32_t id, uint32_t generation) { return (uint64_t(generation) << 32) | id; }
    std::mutex mutex_;
    std::unordered_map<uint64_t, Range> ranges_;
};

}  // namespace lugh_perl
