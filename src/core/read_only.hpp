// Read-only tensor data, known to the core: a tensor whose data is mapped
// read-only from a file (gguf Load::Mmap) carries LUGH_TENSOR_FLAG_READ_ONLY,
// and so does every view made of it. Every write path of every face asks
// require_writable before it writes a byte: element setters (C, C++, Perl),
// set_data, ggml_backend_tensor_set/memset/copy, op constructors whose
// result writes into an operand (in-place ops, clamp, cpy), and the compute
// path for nodes a caller wired by hand.
#pragma once

#include "lugh/ggml/ggml.h"

namespace lugh::core {

// Marks t's data read-only (the loader does, for mapped tensors).
void mark_read_only(ggml_tensor* t);
// t's data, or the data it views, is read-only.
bool is_read_only(const ggml_tensor* t);
// Throws lugh::Error, naming caller and the tensor (and the one it views),
// when t's data is read-only.
void require_writable(const ggml_tensor* t, const char* caller);

}  // namespace lugh::core
