// Tensors that read another context's tensors: a view made in context B of
// a tensor in A, or an op node in B with a source in A. If A is freed or
// reset, such a tensor's data or sources are gone, and nothing in the tensor
// itself says so (ggml_tensor has no room for it). So B keeps a list of its
// borrowing tensors with the identity (slot object and generation) of each
// context they read, and uses of the tensor check it: graph building
// (graph.cpp) and every lugh::Tensor / Lugh::Tensor handle.
#pragma once

#include <cstdint>
#include <vector>

struct ggml_context;
struct ggml_tensor;

namespace lugh::core {

struct Borrow {
    const ggml_tensor* tensor;   // a tensor record of the borrowing context
    ggml_context* source;        // the context it reads (a registry slot object: never freed)
    uint32_t generation;         // source's generation when the borrow was made
};

// Records that `tensor` (in ctx) reads `src`, when src lives in another
// live context; also inherits src's own borrows, so a view of a view still
// knows where the data is. Nothing for a null src or one of ctx's own.
void note_borrow(ggml_context* ctx, const ggml_tensor* tensor, const ggml_tensor* src);

// The first context `tensor` (in ctx) reads that has been freed or reset
// since, or nullptr when all are still there.
const Borrow* dead_borrow(const ggml_context* ctx, const ggml_tensor* tensor);

// Throws lugh::Error, naming `caller` and the lost context, if dead_borrow finds one.
void require_borrows_alive(const ggml_context* ctx, const ggml_tensor* tensor, const char* caller);

// Appends every borrow of `tensor` (in ctx) to out, for callers that must
// keep watching those contexts (a graph reading the tensor).
void borrows_of(const ggml_context* ctx, const ggml_tensor* tensor, std::vector<Borrow>* out);

// Forgets every borrow (the context is being freed or reset).
void clear_borrows(ggml_context* ctx);

}  // namespace lugh::core
