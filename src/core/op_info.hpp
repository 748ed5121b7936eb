// What Lugh knows of each op (enum ggml_op) and unary function (enum
// ggml_unary_op): names as upstream prints them, for messages at every layer,
// and what a node of each op does to memory. Generated from the op table
// (src/ops/op_table.def); the C API's ggml_op_name, ... are shims over these
// (capi/op_names_api.cpp).
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

// A node of this op runs a kernel that stores into its own data (false for
// a leaf and for views, which only point at their source's memory).
bool op_writes(int op);
// The kernel reads each element (row) before writing it, so the memory
// planner may run the node in a source's memory.
bool op_runs_in_place(int op);

}  // namespace lugh::core
