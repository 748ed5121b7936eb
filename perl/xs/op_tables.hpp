// Lugh::Ops dispatch tables: Perl name -> lugh::ops function, one table per
// argument shape. The XSUBs in xs/ops.xsh are declared with ALIAS: ix is the
// row of the table, and the row's name is checked against the name Perl
// called, so a table that drifts from the ALIAS list fails loudly.
#pragma once

#include <cstring>

#include <lugh/ops.hpp>

namespace lugh_perl {

using lugh::Context;
using lugh::Tensor;

template <typename Fn>
struct OpEntry {
    const char* name;
    Fn fn;
};

using UnaryFn = Tensor (*)(Context&, const Tensor&);
using BinaryFn = Tensor (*)(Context&, const Tensor&, const Tensor&);
using FloatFn = Tensor (*)(Context&, const Tensor&, float);
using IntFn = Tensor (*)(Context&, const Tensor&, int);
using UnaryOpFn = Tensor (*)(Context&, const Tensor&, lugh::UnaryOp);
using RopeExtFn = Tensor (*)(Context&, const Tensor&, const Tensor&, const Tensor&, int, int, int, float, float,
                             float, float, float, float);

namespace ops = lugh::ops;

inline const OpEntry<UnaryFn> kUnaryOps[] = {
    {"sqr", ops::sqr},         {"sqr_inplace", ops::sqr_inplace},
    {"sqrt", ops::sqrt},       {"sqrt_inplace", ops::sqrt_inplace},
    {"log", ops::log},         {"log_inplace", ops::log_inplace},
    {"neg", ops::neg},         {"neg_inplace", ops::neg_inplace},
    {"abs", ops::abs},         {"abs_inplace", ops::abs_inplace},
    {"exp", ops::exp},         {"exp_inplace", ops::exp_inplace},
    {"relu", ops::relu},       {"relu_inplace", ops::relu_inplace},
    {"gelu", ops::gelu},       {"gelu_inplace", ops::gelu_inplace},
    {"silu", ops::silu},       {"silu_inplace", ops::silu_inplace},
    {"tanh", ops::tanh},       {"tanh_inplace", ops::tanh_inplace},
    {"sigmoid", ops::sigmoid}, {"sigmoid_inplace", ops::sigmoid_inplace},
    {"sum", ops::sum},         {"sum_rows", ops::sum_rows},
    {"mean", ops::mean},       {"argmax", ops::argmax},
    {"soft_max", ops::soft_max}, {"soft_max_inplace", ops::soft_max_inplace},
    {"dup", ops::dup},         {"cont", ops::cont},
    {"transpose", ops::transpose},
};

inline const OpEntry<BinaryFn> kBinaryOps[] = {
    {"add", ops::add},         {"add_inplace", ops::add_inplace},
    {"sub", ops::sub},         {"sub_inplace", ops::sub_inplace},
    {"mul", ops::mul},         {"mul_inplace", ops::mul_inplace},
    {"div", ops::div},         {"div_inplace", ops::div_inplace},
    {"mul_mat", ops::mul_mat}, {"get_rows", ops::get_rows},
    {"cpy", ops::cpy},         {"repeat", ops::repeat},
};

inline const OpEntry<FloatFn> kFloatOps[] = {
    {"scale", ops::scale},       {"scale_inplace", ops::scale_inplace},
    {"norm", ops::norm},         {"norm_inplace", ops::norm_inplace},
    {"rms_norm", ops::rms_norm}, {"rms_norm_inplace", ops::rms_norm_inplace},
};

inline const OpEntry<IntFn> kIntOps[] = {
    {"diag_mask_inf", ops::diag_mask_inf},
    {"diag_mask_inf_inplace", ops::diag_mask_inf_inplace},
};

inline const OpEntry<UnaryOpFn> kUnaryOpOps[] = {
    {"unary", ops::unary},
    {"unary_inplace", ops::unary_inplace},
};

inline const OpEntry<RopeExtFn> kRopeExtOps[] = {
    {"rope_ext", ops::rope_ext},
    {"rope_ext_inplace", ops::rope_ext_inplace},
};

// The names of lugh::UnaryOp, in enum order, for Lugh::Ops::unary($ctx, $a, 'gelu').
inline const char* const kUnaryOpNames[] = {
    "abs", "sgn", "neg", "step", "tanh", "elu", "relu", "sigmoid", "gelu", "gelu_quick", "silu", "hardswish",
    "hardsigmoid", "exp",
};

// Row ix of `table`, checked against the name Perl called; nullptr on a mismatch.
template <typename Fn, size_t N>
const OpEntry<Fn>* op_entry(const OpEntry<Fn> (&table)[N], I32 ix, const char* called) {
    if (ix < 0 || static_cast<size_t>(ix) >= N || std::strcmp(table[ix].name, called) != 0) return nullptr;
    return &table[ix];
}

}  // namespace lugh_perl
