#include "backend/buffer.hpp"

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <new>

#include "core/check.hpp"

namespace lugh::backend {

ggml_backend_buffer_type* cpu_buffer_type() {
    static ggml_backend_buffer_type cpu{"CPU", kCpuAlignment, SIZE_MAX};
    return &cpu;
}

void require_buft(const ggml_backend_buffer_type* buft, const char* caller) {
    if (!buft) core::fail("lugh: %s: buffer type is NULL", caller);
    if (buft != cpu_buffer_type()) core::fail("lugh: %s: %p is not a buffer type Lugh knows", caller, (const void*)buft);
}

void require_buffer(const ggml_backend_buffer* buffer, const char* caller) {
    if (!buffer) core::fail("lugh: %s: buffer is NULL", caller);
    if (buffer->magic != kBufferMagic) core::fail("lugh: %s: buffer %p has been freed", caller, (const void*)buffer);
}

size_t padded_size(const ggml_backend_buffer_type* buft, size_t nbytes, const char* caller) {
    const size_t a = buft->alignment;
    size_t sum = 0;
    if (core::add_overflows(nbytes, a - 1, &sum))
        core::fail("lugh: %s: a tensor of %zu bytes is too large to align", caller, nbytes);
    return sum & ~(a - 1);
}

namespace {
[[noreturn]] __attribute__((format(printf, 1, 2))) void fail_alloc(const char* fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    throw AllocFailed(buf);
}

// Get `size` bytes into buffer->memory; size 0 gives an empty, valid buffer.
void take_memory(ggml_backend_buffer* b, size_t size, const char* caller) {
    if (size > 0 && !b->memory.allocate(size))
        fail_alloc("lugh: %s: allocating a %s buffer of %zu bytes failed", caller, b->type->name, size);
    b->base = static_cast<unsigned char*>(b->memory.base());
    b->size = size;
}
}  // namespace

ggml_backend_buffer* alloc_buffer(ggml_backend_buffer_type* buft, size_t size, const char* caller) {
    require_buft(buft, caller);
    if (size > buft->max_size)
        core::fail("lugh: %s: %zu bytes is more than a %s buffer can hold (%zu)", caller, size, buft->name,
                   buft->max_size);
    auto* b = new (std::nothrow) ggml_backend_buffer();
    if (!b) fail_alloc("lugh: %s: out of memory for a buffer object", caller);
    b->type = buft;
    try {
        take_memory(b, size, caller);
    } catch (...) {
        delete b;
        throw;
    }
    b->magic = kBufferMagic;
    return b;
}

ggml_backend_buffer* buffer_from_ptr(void* ptr, size_t size, const char* caller) {
    if (!ptr && size > 0) core::fail("lugh: %s: ptr is NULL but size is %zu", caller, size);
    if (reinterpret_cast<uintptr_t>(ptr) > UINTPTR_MAX - size)
        core::fail("lugh: %s: [ptr, ptr + %zu) wraps around the address space", caller, size);
    auto* b = new (std::nothrow) ggml_backend_buffer();
    if (!b) core::fail("lugh: %s: out of memory for a buffer object", caller);
    b->type = cpu_buffer_type();
    b->name = "CPU_Mapped";
    b->base = static_cast<unsigned char*>(ptr);
    b->size = size;
    b->magic = kBufferMagic;
    return b;
}

void regrow_buffer(ggml_backend_buffer* b, size_t size, const char* caller) {
    require_buffer(b, caller);
    if (!b->memory.owns_memory() && b->size > 0)
        core::fail("lugh: %s: buffer '%s' wraps caller memory and cannot grow", caller, b->name);
    lugh::core::Arena fresh;
    if (size > 0 && !fresh.allocate(size))
        fail_alloc("lugh: %s: growing a %s buffer from %zu to %zu bytes failed", caller, b->type->name, b->size,
                   size);
    b->memory.release();
    b->memory = fresh;           // Arena is a plain handle: copying moves ownership here
    b->base = static_cast<unsigned char*>(b->memory.base());
    b->size = size;
}

void free_buffer(ggml_backend_buffer* b, const char* caller) {
    require_buffer(b, caller);
    b->magic = 0;
    b->memory.release();
    delete b;
}

}  // namespace lugh::backend
