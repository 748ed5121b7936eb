// Arena: one contiguous block of memory that a context allocates from.
//
// Tensor metadata records (fixed 256-byte ggml_tensor structs) grow up from
// the bottom, so they form an array in creation order that is cheap to walk;
// tensor data and other objects (graphs, work buffers) grow down from the top,
// each 64-byte aligned. The arena is full when the two ends would cross.
// Nothing is freed individually: reset() empties it, the owner frees it.
#pragma once

#include <cstddef>
#include <cstdint>

struct ggml_tensor;

namespace lugh::core {

class Arena {
public:
    static constexpr size_t kDataAlign = 64;
    static constexpr size_t kRecordBytes = 256;   // sizeof(ggml_tensor), checked in arena.cpp

    // Take over memory [base, base+size). owns: free it in release().
    void attach(void* base, size_t size, bool owns);
    // Allocate an owned arena of `size` bytes (64-byte aligned); false if the
    // system refused. Large arenas ask for transparent huge pages so first
    // touch costs one fault per 2 MiB, not per 4 KiB.
    bool allocate(size_t size);
    void release();   // frees the memory if owned; the arena becomes empty
    void reset();     // forget every allocation, keep the memory

    // A zeroed tensor record, or nullptr when it does not fit.
    ggml_tensor* push_record();
    // `bytes` from the top, aligned to kDataAlign, or nullptr when it does not fit.
    void* push_object(size_t bytes);
    // Would a record plus an object of `object_bytes` fit (object_bytes 0: record only)?
    bool fits(size_t object_bytes, bool with_record) const;
    // Bytes a push_object(bytes) call would consume now, or SIZE_MAX if it overflows.
    size_t object_cost(size_t bytes) const;

    void*  base() const { return base_; }
    size_t size() const { return size_; }
    size_t used() const { return (records_end_ - records_begin_) + (end_ - top_); }
    size_t free_bytes() const { return top_ - records_end_; }
    bool   owns_memory() const { return owns_; }

    // Does p lie in the part of the arena where records go, [records_begin, end)?
    // Reads only fields fixed between attach() and release() (the bounds of
    // the record region, not its moving end), so the registry may ask it about
    // a live arena that another thread is filling. An address in the data
    // part counts too: whatever lives there dies with the arena all the same.
    bool holds_record(const void* p) const {
        const auto a = reinterpret_cast<uintptr_t>(p);
        return a >= records_begin_ && a < end_;
    }
    uintptr_t region_begin() const { return records_begin_; }   // what holds_record compares
    uintptr_t region_end() const { return end_; }
    // The position of record t in creation order (t must be one: holds_record).
    size_t record_number(const ggml_tensor* t) const {
        return (reinterpret_cast<uintptr_t>(t) - records_begin_) / kRecordBytes;
    }

    ggml_tensor* first_record() const;
    ggml_tensor* record_after(const ggml_tensor* t) const;  // nullptr at the end
    size_t n_records() const;

private:
    unsigned char* base_ = nullptr;
    size_t size_ = 0;
    bool owns_ = false;
    bool mapped_ = false;           // allocated with mmap (else posix_memalign)
    size_t mapped_size_ = 0;
    void* map_start_ = nullptr;     // what munmap needs when mapped_
    uintptr_t records_begin_ = 0;   // first record (8-byte aligned)
    uintptr_t records_end_ = 0;     // one past the last record
    uintptr_t top_ = 0;             // lowest object byte allocated so far
    uintptr_t end_ = 0;             // top of the arena, 64-byte aligned down
};

}  // namespace lugh::core
