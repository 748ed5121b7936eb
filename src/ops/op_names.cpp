// Names of ops and unary ops, as upstream prints them.
#include "capi/guard.hpp"
#include "core/check.hpp"
#include "lugh/ggml/ggml.h"

namespace {

struct OpName {
    const char* name;
    const char* symbol;
};

const OpName kOps[GGML_OP_COUNT] = {
    {"NONE", "none"},          {"DUP", "x"},           {"ADD", "x+y"},
    {"SUB", "x-y"},            {"MUL", "x*y"},         {"DIV", "x/y"},
    {"SQR", "x^2"},            {"SQRT", "√x"},         {"LOG", "log(x)"},
    {"SUM", "Σx"},             {"SUM_ROWS", "Σx_k"},   {"MEAN", "Σx/n"},
    {"ARGMAX", "argmax(x)"},   {"REPEAT", "repeat(x)"}, {"CONCAT", "concat(x, y)"},
    {"NORM", "norm(x)"},       {"RMS_NORM", "rms_norm(x)"}, {"MUL_MAT", "X*Y"},
    {"SCALE", "x*v"},          {"CPY", "x-\\>y"},      {"CONT", "cont(x)"},
    {"RESHAPE", "reshape(x)"}, {"VIEW", "view(x)"},    {"PERMUTE", "permute(x)"},
    {"TRANSPOSE", "transpose(x)"}, {"GET_ROWS", "get_rows(x)"}, {"DIAG_MASK_INF", "diag_mask_inf(x)"},
    {"SOFT_MAX", "soft_max(x)"}, {"ROPE", "rope(x)"},  {"CLAMP", "clamp(x)"},
    {"UNARY", "unary(x)"},     {"SET_ROWS", "set_rows(x)"},
    {"FLASH_ATTN_EXT", "flash_attn_ext(x)"},
};

const char* const kUnary[GGML_UNARY_OP_COUNT] = {
    "ABS", "SGN", "NEG", "STEP", "TANH", "ELU", "RELU", "SIGMOID", "GELU", "GELU_QUICK", "SILU", "HARDSWISH",
    "HARDSIGMOID", "EXP",
};

}  // namespace

extern "C" {

const char* ggml_op_name(enum ggml_op op) {
    return op >= 0 && op < GGML_OP_COUNT ? kOps[op].name : "UNKNOWN";
}

const char* ggml_op_symbol(enum ggml_op op) {
    return op >= 0 && op < GGML_OP_COUNT ? kOps[op].symbol : "?";
}

const char* ggml_unary_op_name(enum ggml_unary_op op) {
    return op >= 0 && op < GGML_UNARY_OP_COUNT ? kUnary[op] : "UNKNOWN";
}

enum ggml_unary_op ggml_get_unary_op(const struct ggml_tensor* t) {
    return lugh::capi::guarded([&] {
        if (!t) lugh::core::fail("lugh: ggml_get_unary_op: tensor is NULL");
        if (t->op != GGML_OP_UNARY)
            lugh::core::fail("lugh: ggml_get_unary_op: tensor '%s' is a %s node, not UNARY", t->name, ggml_op_name(t->op));
        return static_cast<ggml_unary_op>(t->op_params[0]);
    });
}

const char* ggml_op_desc(const struct ggml_tensor* t) {
    if (t->op == GGML_OP_UNARY) return ggml_unary_op_name(static_cast<ggml_unary_op>(t->op_params[0]));
    return ggml_op_name(t->op);
}

}  // extern "C"
