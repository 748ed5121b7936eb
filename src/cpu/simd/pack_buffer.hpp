// Per-thread scratch memory for GEMM packing: grows to the largest request
// and is reused, so steady-state GEMM calls do not allocate.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>

namespace lugh::cpu::simd {

class PackBuffers {
public:
    // At least `floats` floats, 64-byte aligned; contents are unspecified.
    float* reserve(size_t floats);
    float* data() { return data_.get(); }

private:
    struct Free {
        void operator()(float* p) const { std::free(p); }
    };
    std::unique_ptr<float, Free> data_;
    size_t capacity_ = 0;
};

// This thread's buffers, with room for at least `floats` floats.
PackBuffers& thread_pack_buffers(size_t floats);

}  // namespace lugh::cpu::simd
