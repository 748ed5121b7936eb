// Lugh's C++ API: one include for everything.
//
//     #include <lugh/lugh.hpp>
//
//     lugh::Context ctx(16 * 1024 * 1024);
//     auto a = lugh::Tensor::new_f32(ctx, {1024});
//     a.fill(1.0f);
//
// The C API (ggml.h) works on the same objects: Context::raw() and
// Tensor::raw() give the ggml_context / ggml_tensor pointers.
#pragma once

#include "lugh/allocator.hpp"
#include "lugh/backend.hpp"
#include "lugh/chat.hpp"
#include "lugh/context.hpp"
#include "lugh/error.hpp"
#include "lugh/generate.hpp"
#include "lugh/gguf.hpp"
#include "lugh/graph.hpp"
#include "lugh/json.hpp"
#include "lugh/model.hpp"
#include "lugh/ops.hpp"
#include "lugh/quant.hpp"
#include "lugh/sampler.hpp"
#include "lugh/session.hpp"
#include "lugh/synth.hpp"
#include "lugh/tensor.hpp"
#include "lugh/tokenizer.hpp"
#include "lugh/types.hpp"
