// Ops that place, generate or order elements: arange, argsort (and its top-k
// view), pad, pad_reflect_1d, roll, acc, add_id, timestep_embedding. Shape
// rules as upstream ggml's.
#include <cinttypes>
#include <cmath>
#include <cstdlib>

#include "core/check.hpp"
#include "core/op_params.hpp"
#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"

namespace lugh::node {

ggml_tensor* arange(ggml_context* ctx, float start, float stop, float step, const char* caller) {
    if (!std::isfinite(start) || !std::isfinite(stop) || !std::isfinite(step))
        core::fail("lugh: %s: start %g, stop %g and step %g must be finite", caller, start, stop, step);
    if (!(stop > start)) core::fail("lugh: %s: stop %g must be greater than start %g", caller, stop, start);
    if (!(step > 0)) core::fail("lugh: %s: step %g must be positive", caller, step);
    const float steps = std::ceil((stop - start) / step);   // in float, as upstream counts them
    if (!(steps >= 1) || steps > 1e12f)
        core::fail("lugh: %s: [%g, %g) by %g gives %g elements", caller, start, stop, step, static_cast<double>(steps));
    const int64_t ne[4] = {static_cast<int64_t>(steps), 1, 1, 1};
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_ARANGE, nullptr);
    core::set_param_f32(r, 0, start);
    core::set_param_f32(r, 1, stop);
    core::set_param_f32(r, 2, step);
    return r;
}

ggml_tensor* argsort(ggml_context* ctx, ggml_tensor* a, int order, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    if (order != GGML_SORT_ORDER_ASC && order != GGML_SORT_ORDER_DESC)
        core::fail("lugh: %s: sort order %d is not GGML_SORT_ORDER_ASC (0) or GGML_SORT_ORDER_DESC (1)", caller, order);
    if (a->ne[0] > INT32_MAX) core::fail("lugh: %s: rows of %s are too long for I32 indices", caller, Desc(a).c_str());
    ggml_tensor* r = new_result(ctx, GGML_TYPE_I32, a->ne, caller);
    set_op(ctx, r, GGML_OP_ARGSORT, a);
    core::set_param_i32(r, 0, order);
    return r;
}

ggml_tensor* argsort_top_k(ggml_context* ctx, ggml_tensor* a, int k, const char* caller) {
    require_tensor(a, caller, "a");
    if (k < 0 || k > a->ne[0])
        core::fail("lugh: %s: k %d must be in 0..%" PRId64 " (the row length of a %s)", caller, k, a->ne[0],
                   Desc(a).c_str());
    ggml_tensor* sorted = argsort(ctx, a, GGML_SORT_ORDER_DESC, caller);
    const int64_t ne[4] = {k, sorted->ne[1], sorted->ne[2], sorted->ne[3]};
    return view(ctx, sorted, 4, ne, &sorted->nb[1], 0, caller);
}

ggml_tensor* pad_ext(ggml_context* ctx, ggml_tensor* a, const int pads[8], const char* caller) {
    require_tensor(a, caller, "a");
    require_float_type(a, caller, "a");
    int64_t ne[4];
    for (int i = 0; i < 4; ++i) {
        if (pads[2 * i] < 0 || pads[2 * i + 1] < 0)
            core::fail("lugh: %s: padding of dimension %d is %d before and %d after; it must be >= 0", caller, i,
                       pads[2 * i], pads[2 * i + 1]);
        ne[i] = a->ne[i] + pads[2 * i] + pads[2 * i + 1];
    }
    ggml_tensor* r = new_result(ctx, a->type, ne, caller);
    set_op(ctx, r, GGML_OP_PAD, a);
    for (int i = 0; i < 8; ++i) core::set_param_i32(r, i, pads[i]);
    return r;
}

ggml_tensor* pad_reflect_1d(ggml_context* ctx, ggml_tensor* a, int p0, int p1, const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    require_contiguous(a, caller, "a");
    if (p0 < 0 || p1 < 0 || p0 >= a->ne[0] || p1 >= a->ne[0])
        core::fail("lugh: %s: paddings %d and %d must be >= 0 and less than the row length of a %s", caller, p0, p1,
                   Desc(a).c_str());
    const int64_t ne[4] = {a->ne[0] + p0 + p1, a->ne[1], a->ne[2], a->ne[3]};
    ggml_tensor* r = new_result(ctx, a->type, ne, caller);
    set_op(ctx, r, GGML_OP_PAD_REFLECT_1D, a);
    core::set_param_i32(r, 0, p0);
    core::set_param_i32(r, 1, p1);
    return r;
}

ggml_tensor* roll(ggml_context* ctx, ggml_tensor* a, const int shifts[4], const char* caller) {
    require_tensor(a, caller, "a");
    require_type(a, GGML_TYPE_F32, caller, "a");
    if (a->ne[0] > 1 && a->nb[0] != core::type_size(a->type))
        core::fail("lugh: %s: a %s must have packed rows", caller, Desc(a).c_str());
    for (int i = 0; i < 4; ++i)
        if (std::abs(static_cast<int64_t>(shifts[i])) >= a->ne[i])
            core::fail("lugh: %s: shift %d of dimension %d must be smaller in size than a's %" PRId64 " (a %s)",
                       caller, shifts[i], i, a->ne[i], Desc(a).c_str());
    ggml_tensor* r = new_result(ctx, a->type, a->ne, caller);
    set_op(ctx, r, GGML_OP_ROLL, a);
    for (int i = 0; i < 4; ++i) core::set_param_i32(r, i, shifts[i]);
    return r;
}

ggml_tensor* acc(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, size_t nb1, size_t nb2, size_t nb3, size_t offset,
                 bool inplace, const char* caller) {
    require_tensor(a, caller, "a");
    require_tensor(b, caller, "b");
    require_type(a, GGML_TYPE_F32, caller, "a");
    require_type(b, GGML_TYPE_F32, caller, "b");
    require_contiguous(a, caller, "a");
    if (core::nelements(b) > core::nelements(a))
        core::fail("lugh: %s: b %s has more elements than a %s", caller, Desc(b).c_str(), Desc(a).c_str());
    const size_t es = sizeof(float);
    if (nb1 % es || nb2 % es || nb3 % es || offset % es)
        core::fail("lugh: %s: strides %zu, %zu, %zu and offset %zu must be multiples of 4 bytes", caller, nb1, nb2, nb3,
                   offset);
    const size_t nb[4] = {es, nb1, nb2, nb3};
    check_view_span(a, b->ne, nb, offset, caller);   // b's window must lie inside a
    ggml_tensor* r = result_like(ctx, a, inplace, caller);
    set_op(ctx, r, GGML_OP_ACC, a, b);
    core::set_param_i64(r, 0, static_cast<int64_t>(nb1));
    core::set_param_i64(r, 2, static_cast<int64_t>(nb2));
    core::set_param_i64(r, 4, static_cast<int64_t>(nb3));
    core::set_param_i64(r, 6, static_cast<int64_t>(offset));
    core::set_param_i32(r, 8, inplace ? 1 : 0);
    return r;
}

ggml_tensor* add_id(ggml_context* ctx, ggml_tensor* a, ggml_tensor* b, ggml_tensor* ids, const char* caller) {
    require_tensor(a, caller, "a");
    require_tensor(b, caller, "b");
    require_tensor(ids, caller, "ids");
    require_type(a, GGML_TYPE_F32, caller, "a");
    require_type(b, GGML_TYPE_F32, caller, "b");
    require_type(ids, GGML_TYPE_I32, caller, "ids");
    if (a->ne[0] != b->ne[0] || a->ne[1] != ids->ne[0] || a->ne[2] != ids->ne[1] || a->ne[3] != 1 ||
        !core::is_matrix(b) || !core::is_matrix(ids))
        core::fail("lugh: %s: a %s, b %s and ids %s do not fit (need a [n, used, tokens], b [n, rows], ids [used, "
                   "tokens])", caller, Desc(a).c_str(), Desc(b).c_str(), Desc(ids).c_str());
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, a->ne, caller);
    set_op(ctx, r, GGML_OP_ADD_ID, a, b, ids);
    return r;
}

ggml_tensor* timestep_embedding(ggml_context* ctx, ggml_tensor* timesteps, int dim, int max_period, const char* caller) {
    require_tensor(timesteps, caller, "timesteps");
    require_type(timesteps, GGML_TYPE_F32, caller, "timesteps");
    if (!core::is_vector(timesteps))
        core::fail("lugh: %s: timesteps %s must be a vector", caller, Desc(timesteps).c_str());
    if (dim < 1 || max_period < 1)
        core::fail("lugh: %s: dim %d and max_period %d must be positive", caller, dim, max_period);
    const int64_t ne[4] = {dim, timesteps->ne[0], 1, 1};
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_TIMESTEP_EMBEDDING, timesteps);
    core::set_param_i32(r, 0, dim);
    core::set_param_i32(r, 1, max_period);
    return r;
}

}  // namespace lugh::node
