#include "core/tensor_shape.hpp"
#include "lugh/tensor.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "core/check.hpp"
#include "core/tensor_label.hpp"
#include "core/context.hpp"
#include "core/element.hpp"
#include "core/read_only.hpp"
#include "core/tensor_new.hpp"
#include "core/type_traits.hpp"

namespace lugh {

namespace {
ggml_tensor* make(Context& ctx, Type type, const int64_t* dims, size_t n, const char* fn) {
    if (n < 1 || n > GGML_MAX_DIMS)
        core::fail("lugh: %s: %zu dimensions given, but a tensor has 1 to %d", fn, n, GGML_MAX_DIMS);
    return core::new_tensor(ctx.raw(), static_cast<ggml_type>(type), static_cast<int>(n), dims, nullptr, 0, fn);
}
}  // namespace

Tensor Tensor::new_f32(Context& ctx, std::initializer_list<int64_t> dims) {
    return wrap(ctx.raw(), make(ctx, Type::F32, dims.begin(), dims.size(), "Tensor::new_f32"));
}
Tensor Tensor::new_f32(Context& ctx, const std::vector<int64_t>& dims) {
    return wrap(ctx.raw(), make(ctx, Type::F32, dims.data(), dims.size(), "Tensor::new_f32"));
}
Tensor Tensor::create(Context& ctx, Type type, std::initializer_list<int64_t> dims) {
    return wrap(ctx.raw(), make(ctx, type, dims.begin(), dims.size(), "Tensor::create"));
}
Tensor Tensor::create(Context& ctx, Type type, const std::vector<int64_t>& dims) {
    return wrap(ctx.raw(), make(ctx, type, dims.data(), dims.size(), "Tensor::create"));
}

Tensor Tensor::wrap(ggml_context* ctx, ggml_tensor* tensor) {
    core::require_live(ctx, "Tensor::wrap");
    if (!tensor) core::fail("lugh: Tensor::wrap: tensor is NULL");
    // The handle watches ctx, so ctx must be the context holding the record
    // (a record made outside every arena has none and takes ctx's).
    const ggml_context* owner = core::owner_of(tensor, ctx);
    if (owner && owner != ctx)
        core::fail("lugh: Tensor::wrap: tensor %s belongs to context #%u, not to context #%u",
                   core::tensor_label(tensor).text, owner->slot, ctx->slot);
    return Tensor(ctx, ctx->generation.load(std::memory_order_acquire), tensor);
}

bool Tensor::alive() const { return tensor_ && core::is_current(ctx_, generation_); }

ggml_tensor* Tensor::raw() const {
    if (!tensor_) core::fail("lugh: this Tensor handle is empty");
    if (!alive())
        core::fail("lugh: tensor used after its context #%u was destroyed or reset", ctx_ ? ctx_->slot : 0u);
    core::require_reads_current(core::owner_of(tensor_, ctx_), tensor_, "Tensor");
    return tensor_;
}

ggml_context* Tensor::context() const {
    raw();
    return ctx_;
}

uint32_t Tensor::context_id() const { return context()->slot; }

void Tensor::set_f32(const float* values, size_t n) {
    core::write_f32(raw(), values, static_cast<int64_t>(n), "Tensor::set_f32");
}

std::vector<float> Tensor::get_f32() const {
    ggml_tensor* t = raw();
    core::require_data(t, "Tensor::get_f32");
    std::vector<float> out(static_cast<size_t>(core::nelements(t)));
    core::read_f32(t, out.data(), static_cast<int64_t>(out.size()), "Tensor::get_f32");
    return out;
}

void Tensor::get_f32(float* out, size_t n) const {
    core::read_f32(raw(), out, static_cast<int64_t>(n), "Tensor::get_f32");
}

void Tensor::set_i32(const std::vector<int32_t>& values) {
    ggml_tensor* t = raw();
    core::require_data(t, "Tensor::set_i32");
    const int64_t n = core::nelements(t);
    if (static_cast<int64_t>(values.size()) != n)
        core::fail("lugh: Tensor::set_i32: tensor %s has %" PRId64 " elements, but %zu values were given",
                   core::tensor_label(t).text, n, values.size());
    for (int64_t i = 0; i < n; ++i) core::set_i32_flat(t, i, values[static_cast<size_t>(i)], "Tensor::set_i32");
}

std::vector<int32_t> Tensor::get_i32() const {
    ggml_tensor* t = raw();
    core::require_data(t, "Tensor::get_i32");
    std::vector<int32_t> out(static_cast<size_t>(core::nelements(t)));
    for (size_t i = 0; i < out.size(); ++i) out[i] = core::get_i32_flat(t, static_cast<int64_t>(i), "Tensor::get_i32");
    return out;
}

float Tensor::get_f32_1d(int64_t i) const { return core::get_f32_flat(raw(), i, "Tensor::get_f32_1d"); }
void Tensor::set_f32_1d(int64_t i, float v) { core::set_f32_flat(raw(), i, v, "Tensor::set_f32_1d"); }
void Tensor::fill(float v) { core::fill_f32(raw(), v, "Tensor::fill"); }
void Tensor::set_zero() { core::fill_zero(raw(), "Tensor::set_zero"); }

void Tensor::set_data(const void* bytes, size_t size) {
    ggml_tensor* t = raw();
    core::require_data(t, "Tensor::set_data");
    core::require_writable(t, "Tensor::set_data");
    if (!core::is_contiguous(t))
        core::fail("lugh: Tensor::set_data: tensor %s is not contiguous", core::tensor_label(t).text);
    if (size != core::nbytes(t))
        core::fail("lugh: Tensor::set_data: tensor %s holds %zu bytes, but %zu were given", core::tensor_label(t).text,
                   core::nbytes(t), size);
    if (size && !bytes) core::fail("lugh: Tensor::set_data: %zu bytes were promised, but the pointer is NULL", size);
    if (size) std::memcpy(t->data, bytes, size);
}

std::vector<unsigned char> Tensor::get_data() const {
    ggml_tensor* t = raw();
    core::require_data(t, "Tensor::get_data");
    if (!core::is_contiguous(t))
        core::fail("lugh: Tensor::get_data: tensor %s is not contiguous", core::tensor_label(t).text);
    const auto* p = static_cast<const unsigned char*>(t->data);
    return std::vector<unsigned char>(p, p + core::nbytes(t));
}

int64_t Tensor::nelements() const { return core::nelements(raw()); }
int64_t Tensor::nrows() const { return core::nrows(raw()); }
int Tensor::n_dims() const { return core::n_dims(raw()); }
std::vector<int64_t> Tensor::shape() const {
    ggml_tensor* t = raw();
    return std::vector<int64_t>(t->ne, t->ne + core::n_dims(t));
}
std::array<int64_t, 4> Tensor::ne() const {
    ggml_tensor* t = raw();
    return {t->ne[0], t->ne[1], t->ne[2], t->ne[3]};
}
std::array<size_t, 4> Tensor::nb() const {
    ggml_tensor* t = raw();
    return {t->nb[0], t->nb[1], t->nb[2], t->nb[3]};
}
Type Tensor::type() const { return static_cast<Type>(raw()->type); }
size_t Tensor::nbytes() const { return core::nbytes(raw()); }
size_t Tensor::element_size() const { return core::type_size(raw()->type); }
bool Tensor::is_contiguous() const { return core::is_contiguous(raw()); }
bool Tensor::has_data() const { return raw()->data != nullptr; }
bool Tensor::is_read_only() const { return core::is_read_only(raw()); }
std::string Tensor::name() const { return raw()->name; }

Tensor& Tensor::set_name(const std::string& name) {
    // Cut at GGML_MAX_NAME - 1 bytes, as the C API does.
    std::snprintf(raw()->name, sizeof raw()->name, "%s", name.c_str());
    return *this;
}

}  // namespace lugh
