// flash_attn_ext: softmax(q k^T * scale + mask) v in one node, per head, with
// grouped-query attention (several query heads share a key/value head).
#include <cinttypes>
#include <cmath>

#include "core/check.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"
#include "core/op_params.hpp"

namespace lugh::node {

namespace {
bool kv_type(ggml_type t) { return t == GGML_TYPE_F32 || t == GGML_TYPE_F16; }
}  // namespace

ggml_tensor* flash_attn_ext(ggml_context* ctx, ggml_tensor* q, ggml_tensor* k, ggml_tensor* v, ggml_tensor* mask,
                            float scale, float max_bias, float softcap, const char* caller) {
    require_tensor(q, caller, "q");
    require_tensor(k, caller, "k");
    require_tensor(v, caller, "v");
    require_type(q, GGML_TYPE_F32, caller, "q");
    if (!kv_type(k->type) || !kv_type(v->type))
        core::fail("lugh: %s: k %s and v %s must be f32 or f16", caller, Desc(k).c_str(), Desc(v).c_str());
    // q [D, T, H], k [D, N, Hkv], v [Dv, N, Hkv]: H a multiple of Hkv.
    if (k->ne[0] != q->ne[0] || k->ne[1] != v->ne[1] || k->ne[2] != v->ne[2] || k->ne[2] == 0 ||
        q->ne[2] % k->ne[2] != 0)
        core::fail("lugh: %s: q %s, k %s and v %s do not fit (need q [D, T, H], k [D, N, Hkv], v [Dv, N, Hkv] with "
                   "H a multiple of Hkv)",
                   caller, Desc(q).c_str(), Desc(k).c_str(), Desc(v).c_str());
    if (q->ne[3] != 1 || k->ne[3] != 1 || v->ne[3] != 1)
        core::fail("lugh: %s: q, k and v must have ne3 = 1 (got %s, %s, %s)", caller, Desc(q).c_str(), Desc(k).c_str(),
                   Desc(v).c_str());
    // Keys: packed rows. Values: packed rows, or stored transposed (packed columns).
    const size_t ev = ggml_type_size(v->type);
    if ((k->ne[0] > 1 && k->nb[0] != ggml_type_size(k->type)) || (v->ne[0] > 1 && v->nb[0] != ev && v->nb[1] != ev))
        core::fail("lugh: %s: k %s needs packed rows, v %s packed rows or packed columns", caller, Desc(k).c_str(),
                   Desc(v).c_str());
    if (mask) {
        if (mask->type != GGML_TYPE_F32 && mask->type != GGML_TYPE_F16)
            core::fail("lugh: %s: mask must be f32 or f16, got %s", caller, Desc(mask).c_str());
        require_contiguous(mask, caller, "mask");
        if (mask->ne[0] != k->ne[1] || mask->ne[1] < q->ne[1] || mask->ne[2] != 1 || mask->ne[3] != 1)
            core::fail("lugh: %s: mask %s does not fit (need [N = %" PRId64 ", at least T = %" PRId64 "])", caller,
                       Desc(mask).c_str(), k->ne[1], q->ne[1]);
    }
    if (!std::isfinite(scale)) core::fail("lugh: %s: scale must be finite, got %g", caller, scale);
    if (max_bias != 0.0f) core::fail("lugh: %s: max_bias %g: ALiBi is not supported here (use 0)", caller, max_bias);
    if (!(softcap >= 0.0f) || !std::isfinite(softcap))
        core::fail("lugh: %s: logit_softcap must be >= 0 (0: off), got %g", caller, softcap);
    const int64_t ne[4] = {v->ne[0], q->ne[2], q->ne[1], 1};   // [Dv, H, T]
    ggml_tensor* r = new_result(ctx, GGML_TYPE_F32, ne, caller);
    set_op(ctx, r, GGML_OP_FLASH_ATTN_EXT, q, k, v, mask);
    core::set_param_f32(r, 0, scale);
    core::set_param_f32(r, 1, max_bias);
    core::set_param_f32(r, 2, softcap);
    return r;
}

}  // namespace lugh::node
