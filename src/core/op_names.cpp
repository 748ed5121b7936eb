#include "core/op_names.hpp"

#include <cstring>

namespace lugh::core {

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
    {"UNARY", "unary(x)"},
};

const char* const kUnary[GGML_UNARY_OP_COUNT] = {
    "ABS", "SGN", "NEG", "STEP", "TANH", "ELU", "RELU", "SIGMOID", "GELU", "GELU_QUICK", "SILU", "HARDSWISH",
    "HARDSIGMOID", "EXP",
};

}  // namespace

const char* op_name(int op) { return op >= 0 && op < GGML_OP_COUNT ? kOps[op].name : "UNKNOWN"; }
const char* op_symbol(int op) { return op >= 0 && op < GGML_OP_COUNT ? kOps[op].symbol : "?"; }
const char* unary_op_name(int op) { return op >= 0 && op < GGML_UNARY_OP_COUNT ? kUnary[op] : "UNKNOWN"; }

const char* op_desc(const ggml_tensor* t) {
    int op;
    static_assert(sizeof op == sizeof t->op, "enum ggml_op is int-sized");
    std::memcpy(&op, &t->op, sizeof op);   // a hand-made record may hold any number
    return op == GGML_OP_UNARY ? unary_op_name(t->op_params[0]) : op_name(op);
}

}  // namespace lugh::core
