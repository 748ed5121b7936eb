#include "cpu/simd/pack_buffer.hpp"

#include <new>

namespace lugh::cpu::simd {

float* PackBuffers::reserve(size_t floats) {
    if (floats > capacity_) {
        const size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;  // aligned_alloc wants a multiple
        data_.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
        if (!data_) throw std::bad_alloc();
        capacity_ = floats;
    }
    return data_.get();
}

PackBuffers& thread_pack_buffers(size_t floats) {
    thread_local PackBuffers buffers;
    buffers.reserve(floats);
    return buffers;
}

}  // namespace lugh::cpu::simd
