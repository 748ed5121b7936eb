// Names of ops (enum ggml_op) and unary functions (enum ggml_unary_op), as
// upstream prints them, for messages at every layer; the C API's
// ggml_op_name, ... are shims over these (capi/op_names_api.cpp).
#pragma once

#include "lugh/ggml/ggml.h"

namespace lugh::core {

// "ADD", "MUL_MAT", ...; "UNKNOWN" for a number outside the table.
const char* op_name(int op);
// "x+y", ...; "?" outside the table.
const char* op_symbol(int op);
// "RELU", ...; "UNKNOWN" outside the table.
const char* unary_op_name(int op);
// The op name, or the unary function's name for a UNARY node.
const char* op_desc(const ggml_tensor* t);

}  // namespace lugh::core
