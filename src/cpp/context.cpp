#include "core/tensor_shape.hpp"
#include "lugh/context.hpp"

#include <cstring>

#include "core/check.hpp"
#include "lugh/ggml/ggml.h"
#include "core/context.hpp"
#include "core/registry.hpp"
#include "lugh/backend.hpp"
#include "lugh/tensor.hpp"

namespace lugh {

Context::Context(size_t mem_size) : Context(ContextParams{mem_size, nullptr, false}) {}

Context::Context(const ContextParams& p)
    : ctx_(core::create_context(p.mem_size, p.mem_buffer, p.no_alloc)), incarnation_(ctx_->incarnation.load()) {}

void Context::release() noexcept {
    if (ctx_ && ctx_->live.load(std::memory_order_acquire) &&
        ctx_->incarnation.load(std::memory_order_acquire) == incarnation_) {
        try {
            core::free_context(ctx_);
        } catch (...) {
            // Only a context freed behind our back throws, and that was checked above.
        }
    }
    ctx_ = nullptr;
}

Context::~Context() { release(); }

Context::Context(Context&& other) noexcept : ctx_(other.ctx_), incarnation_(other.incarnation_) {
    other.ctx_ = nullptr;
}

Context& Context::operator=(Context&& other) noexcept {
    if (this != &other) {
        release();
        ctx_ = other.ctx_;
        incarnation_ = other.incarnation_;
        other.ctx_ = nullptr;
    }
    return *this;
}

ggml_context* Context::raw() const {
    if (!ctx_) core::fail("lugh: this Context was moved from and holds no arena");
    core::require_live(ctx_, "Context");
    return ctx_;
}

size_t Context::mem_size() const { return raw()->arena.size(); }
size_t Context::mem_used() const { return raw()->arena.used(); }
size_t Context::mem_free() const { return raw()->arena.free_bytes(); }
bool Context::no_alloc() const { return raw()->no_alloc; }
void Context::set_no_alloc(bool no_alloc) { raw()->no_alloc = no_alloc; }
void Context::reset() { core::reset_context(raw(), "Context::reset"); }
uint32_t Context::id() const { return raw()->slot; }
uint32_t Context::generation() const { return raw()->generation.load(); }
size_t Context::n_tensors() const { return raw()->arena.n_records(); }

size_t Context::max_tensor_size() const {
    const auto& arena = raw()->arena;
    size_t max = 0;
    for (ggml_tensor* t = arena.first_record(); t; t = arena.record_after(t))
        if (core::nbytes(t) > max) max = core::nbytes(t);
    return max;
}

std::vector<Tensor> Context::tensors() const {
    ggml_context* c = raw();
    std::vector<Tensor> out;
    out.reserve(c->arena.n_records());
    for (ggml_tensor* t = c->arena.first_record(); t; t = c->arena.record_after(t)) out.push_back(Tensor::wrap(c, t));
    return out;
}

bool Context::has_tensor(const std::string& name) const {
    const auto& arena = raw()->arena;
    for (ggml_tensor* t = arena.first_record(); t; t = arena.record_after(t))
        if (name == t->name) return true;
    return false;
}

Tensor Context::get_tensor(const std::string& name) const {
    ggml_context* c = raw();
    for (ggml_tensor* t = c->arena.first_record(); t; t = c->arena.record_after(t))
        if (name == t->name) return Tensor::wrap(c, t);
    core::fail("lugh: context #%u has no tensor named '%s'", c->slot, name.c_str());
}

Buffer Context::alloc_tensors(Backend& backend) { return lugh::alloc_tensors(*this, backend); }

size_t Context::tensor_overhead() { return sizeof(ggml_tensor); }
size_t Context::live_count() { return core::ContextRegistry::instance().live_count(); }

}  // namespace lugh
