// Shared pieces of the op constructors: argument checks that produce the
// "lugh: <op>: ..." messages, and making the result tensor of a node.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml.h"

namespace lugh::node {

// "[4, 3, 1, 1] f32" for messages; lives as long as the object.
class Desc {
public:
    explicit Desc(const ggml_tensor* t);
    const char* c_str() const { return buf_; }

private:
    char buf_[128];
};

// Throws unless t is non-null and every context it reads is still there;
// `what` names the argument ("a", "mask", ...).
void require_tensor(const ggml_tensor* t, const char* caller, const char* what);
// Throws unless t has this type.
void require_type(const ggml_tensor* t, ggml_type type, const char* caller, const char* what);
// Throws unless t is F32, F16 or BF16.
void require_float_type(const ggml_tensor* t, const char* caller, const char* what);
// Throws unless core::is_contiguous(t).
void require_contiguous(const ggml_tensor* t, const char* caller, const char* what);

// A new tensor of `type` and 4-dim shape `ne`, holding data unless ctx is no_alloc.
ggml_tensor* new_result(ggml_context* ctx, ggml_type type, const int64_t ne[4], const char* caller);
// A view of all of a (same shape and strides): the result of an _inplace op,
// which writes into a's memory (refused when that is read-only).
ggml_tensor* inplace_view(ggml_context* ctx, ggml_tensor* a, const char* caller);
// new_result with a's type and shape, or inplace_view(a).
ggml_tensor* result_like(ggml_context* ctx, ggml_tensor* a, bool inplace, const char* caller);

// t's name: up to `keep` bytes of from's name, then `suffix` (" (view)"),
// cut at GGML_MAX_NAME - 1 bytes: snprintf("%.<keep>s<suffix>") without its
// cost (graphs are rebuilt every token, and every view is named).
void derive_name(ggml_tensor* t, const ggml_tensor* from, size_t keep, const char* suffix);

// Record the op and its sources.
void set_op(ggml_context* ctx, ggml_tensor* t, ggml_op op, ggml_tensor* s0, ggml_tensor* s1 = nullptr,
            ggml_tensor* s2 = nullptr, ggml_tensor* s3 = nullptr);

// Throws unless ne and nb place every element of a view inside a's memory
// (from byte `offset` of a's data on).
void check_view_span(const ggml_tensor* a, const int64_t ne[4], const size_t nb[4], size_t offset, const char* caller);

}  // namespace lugh::node
