#include "core/arena.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>

#include "lugh/ggml/ggml.h"

namespace lugh::core {

namespace {
constexpr size_t kRecordSize = sizeof(ggml_tensor);
constexpr size_t kHugePage = size_t(2) << 20;
// Below this, malloc-style allocation is cheaper than a mapping.
constexpr size_t kMmapThreshold = size_t(1) << 20;

uintptr_t align_up(uintptr_t p, size_t a) { return (p + a - 1) & ~uintptr_t(a - 1); }
uintptr_t align_down(uintptr_t p, size_t a) { return p & ~uintptr_t(a - 1); }
}  // namespace

static_assert(sizeof(ggml_tensor) == Arena::kRecordBytes, "tensor metadata must stay at 256 bytes");

void Arena::attach(void* base, size_t size, bool owns) {
    base_ = static_cast<unsigned char*>(base);
    size_ = size;
    owns_ = owns;
    const uintptr_t b = reinterpret_cast<uintptr_t>(base_);
    records_begin_ = align_up(b, alignof(ggml_tensor));
    end_ = align_down(b + size_, kDataAlign);
    if (records_begin_ > end_) records_begin_ = end_;  // tiny arena: nothing fits
    reset();
}

bool Arena::allocate(size_t size) {
    if (size >= kMmapThreshold) {
        // A huge page is only used when its whole 2 MiB-aligned range lies in
        // a MADV_HUGEPAGE region, so advise whole huge pages: round the arena
        // up to them, and over-map by one more so the start can be aligned.
        // Without this an arena under 2 MiB (or the tail of a larger one)
        // takes one page fault per 4 KiB on first touch.
        if (size > SIZE_MAX - 2 * kHugePage) return false;
        const size_t advised = align_up(size, kHugePage);
        const size_t map_size = advised + kHugePage;
        void* p = mmap(nullptr, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return false;
        uintptr_t start = align_up(reinterpret_cast<uintptr_t>(p), kHugePage);
#ifdef MADV_HUGEPAGE
        madvise(reinterpret_cast<void*>(start), advised, MADV_HUGEPAGE);
#endif
        attach(reinterpret_cast<void*>(start), size, true);
        mapped_ = true;
        mapped_size_ = map_size;
        // Remember the real mapping start in a member: base_ may be above it.
        map_start_ = p;
        return true;
    }
    size_t rounded = (size + kDataAlign - 1) & ~(kDataAlign - 1);
    void* p = nullptr;
    if (posix_memalign(&p, kDataAlign, rounded) != 0) return false;
    attach(p, size, true);
    mapped_ = false;
    return true;
}

void Arena::release() {
    if (owns_ && base_) {
        if (mapped_) munmap(map_start_, mapped_size_);
        else std::free(base_);
    }
    base_ = nullptr;
    size_ = 0;
    owns_ = false;
    mapped_ = false;
    map_start_ = nullptr;
    mapped_size_ = 0;
    records_begin_ = records_end_ = top_ = end_ = 0;
}

// Writes only the moving ends: the region bounds set by attach() stay, so a
// registry scan (holds_record) of a live context never races with a reset.
void Arena::reset() {
    records_end_ = records_begin_;
    top_ = end_;
}

bool Arena::fits(size_t object_bytes, bool with_record) const {
    size_t need = with_record ? kRecordSize : 0;
    size_t avail = free_bytes();
    if (need > avail) return false;
    if (object_bytes == 0) return true;
    // The object goes below top_, aligned down; the record goes above records_end_.
    if (object_bytes > top_ - records_begin_) return false;
    uintptr_t obj = align_down(top_ - object_bytes, kDataAlign);
    return obj >= records_end_ + need;
}

size_t Arena::object_cost(size_t bytes) const {
    if (bytes > top_) return SIZE_MAX;
    uintptr_t obj = align_down(top_ - bytes, kDataAlign);
    return top_ - obj;
}

ggml_tensor* Arena::push_record() {
    if (free_bytes() < kRecordSize) return nullptr;
    auto* t = reinterpret_cast<ggml_tensor*>(records_end_);
    std::memset(static_cast<void*>(t), 0, kRecordSize);
    records_end_ += kRecordSize;
    return t;
}

void* Arena::push_object(size_t bytes) {
    if (bytes > top_ - records_end_) return nullptr;
    uintptr_t obj = align_down(top_ - bytes, kDataAlign);
    if (obj < records_end_) return nullptr;
    top_ = obj;
    return reinterpret_cast<void*>(obj);
}

ggml_tensor* Arena::first_record() const {
    return records_end_ > records_begin_ ? reinterpret_cast<ggml_tensor*>(records_begin_) : nullptr;
}

ggml_tensor* Arena::record_after(const ggml_tensor* t) const {
    uintptr_t next = reinterpret_cast<uintptr_t>(t) + kRecordSize;
    return next < records_end_ ? reinterpret_cast<ggml_tensor*>(next) : nullptr;
}

size_t Arena::n_records() const { return (records_end_ - records_begin_) / kRecordSize; }

}  // namespace lugh::core
