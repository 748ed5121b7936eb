// Backend buffers: blocks of host memory that hold the data of tensors made
// in metadata-only contexts (weights, KV caches, planned graph memory).
//
// `struct ggml_backend_buffer_type` and `struct ggml_backend_buffer` are the C
// API's opaque types; Lugh defines them here. There is one buffer type, the
// CPU's, so they are plain structs rather than an interface.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/arena.hpp"
#include "lugh/error.hpp"
#include "lugh/ggml/ggml-backend.h"

struct ggml_backend_buffer_type {
    const char* name;     // "CPU"
    size_t alignment;     // of every tensor's data (64: a cache line, an AVX-512 register)
    size_t max_size;      // largest single buffer
};

struct ggml_backend_buffer {
    ggml_backend_buffer_type* type = nullptr;
    const char* name = "CPU";
    // Owned memory lives in an Arena (64-byte aligned, huge pages when large);
    // memory from ggml_backend_cpu_buffer_from_ptr is only pointed at.
    lugh::core::Arena memory;
    unsigned char* base = nullptr;
    size_t size = 0;
    ggml_backend_buffer_usage usage = GGML_BACKEND_BUFFER_USAGE_ANY;
    uint32_t magic = 0;   // kBufferMagic while alive: catches use after free
};

namespace lugh::backend {

// Thrown when the system refuses memory: the C API reports it as NULL/false
// (upstream's contract) rather than aborting.
class AllocFailed : public lugh::Error {
public:
    using lugh::Error::Error;
};

constexpr uint32_t kBufferMagic = 0x4c554742;   // "LUGB"
constexpr size_t kCpuAlignment = 64;

ggml_backend_buffer_type* cpu_buffer_type();

// Throws unless buft is a buffer type Lugh made.
void require_buft(const ggml_backend_buffer_type* buft, const char* caller);
// Throws unless buffer is a live buffer.
void require_buffer(const ggml_backend_buffer* buffer, const char* caller);

// A new owned buffer of `size` bytes. Throws when the memory cannot be had.
ggml_backend_buffer* alloc_buffer(ggml_backend_buffer_type* buft, size_t size, const char* caller);
// A buffer over the caller's memory.
ggml_backend_buffer* buffer_from_ptr(void* ptr, size_t size, const char* caller);
// Replace an owned buffer's memory by `size` fresh bytes (contents are lost).
// Keeps the buffer object, so tensors and planners that hold it stay valid.
void regrow_buffer(ggml_backend_buffer* buffer, size_t size, const char* caller);
void free_buffer(ggml_backend_buffer* buffer, const char* caller);

// Bytes a tensor takes in a buffer of this type, rounded up to its alignment.
// Throws if rounding overflows.
size_t padded_size(const ggml_backend_buffer_type* buft, size_t nbytes, const char* caller);

}  // namespace lugh::backend
