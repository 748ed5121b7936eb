// Node constructors of the custom operations (ggml_map_custom1..3,
// ggml_custom_4d, ggml_custom_inplace): check the arguments, make the
// result, record the op, the sources and the caller's function.
#pragma once

#include <cstdint>

#include "core/custom_op_params.hpp"
#include "lugh/ggml/ggml.h"

namespace lugh::node {

// op is MAP_CUSTOM1..3: srcs holds 1..3 tensors; the result has srcs[0]'s
// type and shape (a view of it when inplace).
ggml_tensor* map_custom(ggml_context* ctx, ggml_op op, ggml_tensor* const* srcs, int n_srcs,
                        const core::CustomOpParams& params, bool inplace, const char* caller);

// GGML_OP_CUSTOM with a new result of type and shape ne and the n_args args as sources.
ggml_tensor* custom_4d(ggml_context* ctx, ggml_type type, const int64_t ne[4], ggml_tensor* const* args, int n_args,
                       const core::CustomOpParams& params, const char* caller);

// GGML_OP_CUSTOM written into a's memory: sources a, then the n_args args.
ggml_tensor* custom_inplace(ggml_context* ctx, ggml_tensor* a, ggml_tensor* const* args, int n_args,
                            const core::CustomOpParams& params, const char* caller);

}  // namespace lugh::node
