// The tokenizer fuzz targets link the GGUF reader without the C++ tensor
// layer (which would pull in the whole library, kernels included). Loading
// tensors into a Context is the one part of gguf::File that needs it, and the
// tokenizer never does that: these definitions stand in and stop the program
// if anything ever calls them.
#include <cstdio>
#include <cstdlib>

#include "lugh/context.hpp"
#include "lugh/tensor.hpp"

namespace {
[[noreturn]] void not_linked(const char* what) {
    std::fprintf(stderr, "fuzz build: %s is not linked into the tokenizer fuzz targets\n", what);
    std::abort();
}
}  // namespace

namespace lugh {
Context::Context(const ContextParams&) { not_linked("Context::Context"); }
Context::~Context() = default;
ggml_context* Context::raw() const { not_linked("Context::raw"); }
ggml_tensor* Tensor::raw() const { not_linked("Tensor::raw"); }
Tensor Tensor::wrap(ggml_context*, ggml_tensor*) { not_linked("Tensor::wrap"); }
}  // namespace lugh
