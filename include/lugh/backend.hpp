// lugh::Backend and lugh::Buffer: where tensor data lives outside a
// context's arena, and what computes graphs.
//
//     lugh::Backend cpu(4);                                   // 4 threads
//     lugh::Context weights({16 << 20, nullptr, true});       // metadata only
//     auto w = lugh::Tensor::new_f32(weights, {4096, 4096});  // no data yet
//     lugh::Buffer buf = lugh::alloc_tensors(weights, cpu);   // now it has some
//     w.set_f32(values);
//     // buf frees the data when it goes out of scope; keep it as long as `weights`
//
// Both are RAII owners: movable, not copyable. Errors throw lugh::Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "lugh/context.hpp"
#include "lugh/error.hpp"

struct ggml_backend;
struct ggml_backend_buffer;
struct ggml_cgraph;

namespace lugh {

class Graph;

// A block of memory holding tensor data (CPU memory, 64-byte aligned).
class Buffer {
public:
    Buffer() = default;   // empty: holds nothing (what alloc_tensors gives when nothing needed memory)
    // A new CPU buffer of size bytes. Throws when the memory cannot be had.
    static Buffer allocate(size_t size);
    // A buffer over the caller's memory [ptr, ptr+size), which must outlive it.
    static Buffer wrap(void* ptr, size_t size);
    // Take ownership of a C API buffer (freed by this object).
    static Buffer adopt(ggml_backend_buffer* buffer);

    ~Buffer();
    Buffer(Buffer&& other) noexcept;
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    explicit operator bool() const { return buffer_ != nullptr; }
    void* base() const;             // first byte (throws on an empty Buffer)
    size_t size() const;            // bytes
    std::string name() const;       // "CPU", or "CPU_Mapped" for wrapped memory
    void clear(uint8_t value);      // set every byte
    ggml_backend_buffer* raw() const { return buffer_; }
    ggml_backend_buffer* release(); // give up ownership (the caller frees it)

private:
    explicit Buffer(ggml_backend_buffer* b) : buffer_(b) {}
    ggml_backend_buffer* buffer_ = nullptr;
};

// The CPU backend: computes graphs on n_threads threads.
class Backend {
public:
    explicit Backend(int n_threads = 4);
    ~Backend();
    Backend(Backend&& other) noexcept;
    Backend& operator=(Backend&& other) noexcept;
    Backend(const Backend&) = delete;
    Backend& operator=(const Backend&) = delete;

    std::string name() const;          // "CPU"
    int n_threads() const;
    void set_n_threads(int n_threads); // >= 1
    size_t alignment() const;          // of tensor data in its buffers (64)

    // Run every node of graph. Every tensor must have data; one that has
    // none is an error naming it. Throws if the computation fails or is aborted.
    void compute(ggml_cgraph* graph);
    void compute(const Graph& graph);

    ggml_backend* raw() const;

private:
    ggml_backend* backend_ = nullptr;
};

// Give every tensor of ctx that has no data yet a place in one new buffer
// (views follow their sources). The context's tensors use the buffer's
// memory: keep the Buffer alive as long as you use them. Returns an empty
// Buffer when no tensor needed memory.
Buffer alloc_tensors(Context& ctx, Backend& backend);
Buffer alloc_tensors(Context& ctx);   // CPU buffer type
// Bytes alloc_tensors would allocate.
size_t alloc_tensors_size(const Context& ctx);

}  // namespace lugh
