// lugh::Tensor: a handle to a tensor in a Context.
//
//     lugh::Context ctx(1 << 20);
//     auto t = lugh::Tensor::new_f32(ctx, {3, 2});   // 3 columns, 2 rows (ne[0] fastest)
//     t.set_f32({1, 2, 3, 4, 5, 6});                  // every element, row-major
//     std::vector<float> v = t.get_f32();
//     t.shape();                                      // {3, 2}
//
// A handle is small and copyable: it holds the context's registry slot, the
// context's generation and the tensor pointer. When the context is destroyed
// or reset, the generation moves on and every use of the handle throws
// lugh::Error ("used after its context was destroyed") instead of touching
// freed memory.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <string>
#include <type_traits>
#include <vector>

#include "lugh/context.hpp"
#include "lugh/error.hpp"
#include "lugh/types.hpp"

struct ggml_tensor;
struct ggml_context;

namespace lugh {

class Tensor {
public:
    Tensor() = default;   // an empty handle: every call on it throws

    // A new F32 tensor of 1 to 4 dimensions (dims[0] is the fastest-moving).
    static Tensor new_f32(Context& ctx, std::initializer_list<int64_t> dims);
    static Tensor new_f32(Context& ctx, const std::vector<int64_t>& dims);
    // A new tensor of any type.
    static Tensor create(Context& ctx, Type type, std::initializer_list<int64_t> dims);
    static Tensor create(Context& ctx, Type type, const std::vector<int64_t>& dims);
    // A handle for a tensor made through the C API in a live context.
    static Tensor wrap(ggml_context* ctx, ggml_tensor* tensor);

    // Write every element from floats in row-major order (converted to the
    // tensor's type). Throws unless exactly nelements() values are given.
    void set_f32(const float* values, size_t n);
    void set_f32(const std::vector<float>& values) { set_f32(values.data(), values.size()); }
    void set_f32(std::initializer_list<float> values) { set_f32(values.begin(), values.size()); }
    template <typename Range,
              typename = std::enable_if_t<std::is_convertible_v<decltype(std::data(std::declval<const Range&>())), const float*>>>
    void set_f32(const Range& values) {
        set_f32(std::data(values), std::size(values));
    }
    std::vector<float> get_f32() const;         // every element as float, row-major
    void get_f32(float* out, size_t n) const;   // n must be nelements()

    // Every element from/to int32 (saturating into I8/I16; through float for float types).
    void set_i32(const std::vector<int32_t>& values);
    std::vector<int32_t> get_i32() const;

    // Single elements by flat row-major index.
    float get_f32_1d(int64_t i) const;
    void set_f32_1d(int64_t i, float value);

    void fill(float value);   // every element
    void set_zero();

    // Raw bytes of a contiguous tensor (exactly nbytes(), as `pack "f*"` gives for F32).
    void set_data(const void* bytes, size_t size);
    std::vector<unsigned char> get_data() const;

    int64_t nelements() const;                 // product of the four ne
    int64_t nrows() const;                     // ne[1] * ne[2] * ne[3]
    int n_dims() const;                        // 1 + the last dimension above 1
    std::vector<int64_t> shape() const;        // n_dims() entries
    std::array<int64_t, 4> ne() const;         // elements per dimension
    std::array<size_t, 4> nb() const;          // stride in bytes per dimension
    Type type() const;
    size_t nbytes() const;                     // bytes its data spans
    size_t element_size() const;               // bytes of one element (one block if quantized)
    bool is_contiguous() const;                // packed rows, no gaps
    bool has_data() const;                     // false in a no_alloc context until a backend allocates
    // Its data (or the data it views) is memory-mapped read-only (gguf::Load::Mmap):
    // every write to it, and every op that would write into it, throws.
    bool is_read_only() const;

    std::string name() const;                    // "" until set
    Tensor& set_name(const std::string& name);   // at most 63 bytes are kept

    // False once the context is destroyed or reset (or for an empty handle).
    bool alive() const;
    // The C API view; throws unless alive().
    ggml_tensor* raw() const;
    ggml_context* context() const;
    uint32_t context_id() const;                           // registry slot of its context
    uint32_t generation() const { return generation_; }    // context generation it was made in

    // Same tensor in the same generation.
    bool operator==(const Tensor& o) const { return tensor_ == o.tensor_ && generation_ == o.generation_; }
    bool operator!=(const Tensor& o) const { return !(*this == o); }

private:
    Tensor(ggml_context* ctx, uint32_t generation, ggml_tensor* tensor)
        : ctx_(ctx), generation_(generation), tensor_(tensor) {}

    ggml_context* ctx_ = nullptr;   // registry slot: its memory outlives any context
    uint32_t generation_ = 0;
    ggml_tensor* tensor_ = nullptr;
};

}  // namespace lugh
