// lugh::Context: a memory context, one arena that its tensors live in.
//
//     lugh::Context ctx(16 * 1024 * 1024);         // 16 MiB arena
//     auto a = lugh::Tensor::new_f32(ctx, {1024});  // metadata + 4 KiB of data
//     ctx.mem_used();                                // grows with each tensor
//     // the arena, and every tensor in it, is freed with ctx
//
// A Context owns its arena: it is movable, not copyable, and frees the arena in
// its destructor. Tensors are never freed one by one. Every error throws
// lugh::Error and leaves the context as it was.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lugh/error.hpp"

struct ggml_context;

namespace lugh {

class Tensor;
class Backend;
class Buffer;

struct ContextParams {
    size_t mem_size = 0;          // bytes of the arena; must be > 0
    void* mem_buffer = nullptr;   // nullptr: Lugh allocates; else the caller's memory (never freed by Lugh)
    bool no_alloc = false;        // true: tensors get metadata only, data stays unallocated
};

class Context {
public:
    // Throws lugh::Error when mem_size is 0, the arena cannot be allocated, or
    // LUGH_MAX_CONTEXTS (4096) contexts are already live.
    explicit Context(size_t mem_size);
    explicit Context(const ContextParams& params);
    ~Context();

    Context(Context&& other) noexcept;
    Context& operator=(Context&& other) noexcept;
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    size_t mem_size() const;   // bytes of the arena
    size_t mem_used() const;   // bytes taken by tensor metadata, data and other objects
    size_t mem_free() const;   // bytes still available (before alignment)
    bool no_alloc() const;
    void set_no_alloc(bool no_alloc);   // affects tensors created from now on

    // Forget every tensor: the arena is empty again. Tensor handles made before
    // the reset throw when used.
    void reset();

    size_t n_tensors() const;
    size_t max_tensor_size() const;                 // largest nbytes of any tensor
    std::vector<Tensor> tensors() const;            // in creation order
    Tensor get_tensor(const std::string& name) const;   // throws when no tensor has that name
    bool has_tensor(const std::string& name) const;

    // Give every tensor without data memory in one new buffer of `backend`
    // (a no_alloc weight context); the Buffer must outlive the tensors' use.
    // Same as lugh::alloc_tensors(ctx, backend) in backend.hpp.
    Buffer alloc_tensors(Backend& backend);

    // Registry slot and generation of this context (what a Perl object stores).
    uint32_t id() const;
    uint32_t generation() const;

    // The C API view of this context. Throws on a moved-from Context. The
    // Context still owns it and frees it in its destructor; if C code calls
    // ggml_free() on it first, the destructor notices and does nothing.
    ggml_context* raw() const;

    // Arena bytes of metadata per tensor (256).
    static size_t tensor_overhead();
    // How many contexts are live in the whole process.
    static size_t live_count();

private:
    // Frees ctx_ if it is still the context this object created (a user may
    // have freed it through the C API; then there is nothing to do).
    void release() noexcept;

    ggml_context* ctx_ = nullptr;
    uint32_t incarnation_ = 0;
};

}  // namespace lugh
