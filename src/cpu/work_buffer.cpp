#include "cpu/work_buffer.hpp"

#include <new>

#include "core/check.hpp"

namespace lugh::cpu {

WorkBuffer::WorkBuffer(void* memory, size_t size) : memory_(memory), size_(memory ? size : 0), borrowed_(true) {}

void* WorkBuffer::reserve(size_t bytes, int n_threads, const char* caller) {
    if (bytes == 0) return memory_;
    if (borrowed_) {
        if (size_ < bytes)
            core::fail("lugh: %s: the graph needs a work buffer of %zu bytes for %d threads, but %s%zu bytes were "
                       "given (use ggml_graph_plan's work_size)",
                       caller, bytes, n_threads, memory_ ? "" : "a NULL buffer of ", size_);
        return memory_;
    }
    if (own_.size() < bytes) {
        try {
            own_.resize(bytes);
        } catch (const std::bad_alloc&) {
            core::fail("lugh: %s: no memory for a work buffer of %zu bytes", caller, bytes);
        }
    }
    return own_.data();
}

}  // namespace lugh::cpu
