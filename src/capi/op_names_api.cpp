// The C API's names of ops and unary ops (lugh-ggml-ops.h): shims over
// core/op_info.hpp. Any number is answered ("UNKNOWN" / "?" outside the
// table); it is read as an integer, never loaded as an out-of-range enum.
#include "capi/guard.hpp"
#include "core/check.hpp"
#include "core/op_info.hpp"
#include "core/tensor_label.hpp"
#include "lugh/ggml/ggml.h"

using lugh::capi::enum_number;
using lugh::capi::guarded;
using lugh::capi::need;
namespace core = lugh::core;

extern "C" {

const char* ggml_op_name(enum ggml_op op) { return core::op_name(enum_number(op)); }
const char* ggml_op_symbol(enum ggml_op op) { return core::op_symbol(enum_number(op)); }
const char* ggml_unary_op_name(enum ggml_unary_op op) { return core::unary_op_name(enum_number(op)); }

enum ggml_unary_op ggml_get_unary_op(const struct ggml_tensor* t) {
    return guarded([&] {
        need(t, "ggml_get_unary_op", "tensor");
        if (enum_number(t->op) != GGML_OP_UNARY)
            core::fail("lugh: ggml_get_unary_op: tensor %s is a %s node, not UNARY", core::tensor_label(t).text,
                       core::op_name(enum_number(t->op)));
        return lugh::capi::checked_enum<ggml_unary_op>(t->op_params[0], GGML_UNARY_OP_COUNT, "ggml_get_unary_op",
                                                       "unary op");
    });
}

const char* ggml_op_desc(const struct ggml_tensor* t) {
    return guarded([&] { return core::op_desc(need(t, "ggml_op_desc", "tensor")); });
}

}  // extern "C"
