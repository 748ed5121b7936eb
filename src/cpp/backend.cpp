#include "lugh/backend.hpp"

#include <cstring>

#include "alloc/ctx_alloc.hpp"
#include "backend/buffer.hpp"
#include "backend/cpu_backend.hpp"
#include "core/check.hpp"
#include "core/context.hpp"
#include "lugh/graph.hpp"

namespace lugh {

namespace be = lugh::backend;

// ---- Buffer ----

Buffer Buffer::allocate(size_t size) { return Buffer(be::alloc_buffer(be::cpu_buffer_type(), size, "Buffer::allocate")); }
Buffer Buffer::wrap(void* ptr, size_t size) { return Buffer(be::buffer_from_ptr(ptr, size, "Buffer::wrap")); }
Buffer Buffer::adopt(ggml_backend_buffer* buffer) {
    if (buffer) be::require_buffer(buffer, "Buffer::adopt");
    return Buffer(buffer);
}

Buffer::~Buffer() {
    if (buffer_) be::free_buffer(buffer_, "~Buffer");
}
Buffer::Buffer(Buffer&& other) noexcept : buffer_(other.buffer_) { other.buffer_ = nullptr; }
Buffer& Buffer::operator=(Buffer&& other) noexcept {
    if (this != &other) {
        if (buffer_) be::free_buffer(buffer_, "Buffer");
        buffer_ = other.buffer_;
        other.buffer_ = nullptr;
    }
    return *this;
}

namespace {
ggml_backend_buffer* held(ggml_backend_buffer* b, const char* what) {
    if (!b) core::fail("lugh: Buffer::%s: this Buffer is empty", what);
    return b;
}
}  // namespace

void* Buffer::base() const { return held(buffer_, "base")->base; }
size_t Buffer::size() const { return buffer_ ? buffer_->size : 0; }
std::string Buffer::name() const { return held(buffer_, "name")->name; }
void Buffer::clear(uint8_t value) {
    ggml_backend_buffer* b = held(buffer_, "clear");
    if (b->size) std::memset(b->base, value, b->size);
}
ggml_backend_buffer* Buffer::release() {
    ggml_backend_buffer* b = buffer_;
    buffer_ = nullptr;
    return b;
}

// ---- Backend ----

Backend::Backend(int n_threads) {
    cpu::require_thread_count(n_threads, "Backend");
    backend_ = be::new_cpu_backend();
    backend_->n_threads = n_threads;
}
Backend::~Backend() {
    if (backend_) be::free_backend(backend_, "~Backend");
}
Backend::Backend(Backend&& other) noexcept : backend_(other.backend_) { other.backend_ = nullptr; }
Backend& Backend::operator=(Backend&& other) noexcept {
    if (this != &other) {
        if (backend_) be::free_backend(backend_, "Backend");
        backend_ = other.backend_;
        other.backend_ = nullptr;
    }
    return *this;
}

ggml_backend* Backend::raw() const {
    if (!backend_) core::fail("lugh: this Backend was moved from");
    return backend_;
}
std::string Backend::name() const { return raw()->name; }
int Backend::n_threads() const { return raw()->n_threads; }
void Backend::set_n_threads(int n_threads) { be::set_n_threads(raw(), n_threads, "Backend::set_n_threads"); }
size_t Backend::alignment() const { return be::cpu_buffer_type()->alignment; }

void Backend::compute(ggml_cgraph* graph) {
    const cpu::ComputeResult r = be::compute_graph(raw(), graph, "Backend::compute");
    if (r.status != GGML_STATUS_SUCCESS) throw Error(r.message);
}

void Backend::compute(const Graph& graph) { compute(graph.raw()); }

// ---- whole contexts ----

Buffer alloc_tensors(Context& ctx, Backend& backend) {
    backend.raw();
    return alloc_tensors(ctx);
}

Buffer alloc_tensors(Context& ctx) {
    return Buffer::adopt(alloc::alloc_ctx_tensors(ctx.raw(), be::cpu_buffer_type(), "alloc_tensors"));
}

size_t alloc_tensors_size(const Context& ctx) {
    return alloc::ctx_tensors_size(ctx.raw(), be::cpu_buffer_type(), "alloc_tensors_size");
}

}  // namespace lugh
