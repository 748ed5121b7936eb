// WorkBuffer: the scratch memory of one compute (each thread's share of it
// is KernelArgs::work). Who owns it is decided here once: Lugh's own buffer
// grows to what a graph needs and is kept for the next compute (a Backend
// holds one, Graph::compute one per calling thread); the caller's fixed
// block (ggml_cplan::work_data) is used as it is and must be large enough.
#pragma once

#include <cstddef>
#include <vector>

namespace lugh::cpu {

class WorkBuffer {
public:
    WorkBuffer() = default;                     // Lugh's own: grows, kept between computes
    WorkBuffer(void* memory, size_t size);      // the caller's: never grown

    // At least `bytes` of memory (any alignment). Throws lugh::Error, naming
    // caller and n_threads, when the caller's block is smaller or the memory
    // cannot be had.
    void* reserve(size_t bytes, int n_threads, const char* caller);

private:
    std::vector<unsigned char> own_;
    void* memory_ = nullptr;
    size_t size_ = 0;
    bool borrowed_ = false;
};

}  // namespace lugh::cpu
