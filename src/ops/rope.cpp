// rope_ext: rotary position embedding, normal and NEOX layouts, with YaRN.
#include <cinttypes>
#include <cmath>

#include "core/check.hpp"
#include "core/tensor_shape.hpp"
#include "ops/node_common.hpp"
#include "ops/nodes.hpp"
#include "core/op_params.hpp"

namespace lugh::node {

RopeParams rope_params(int n_dims, int mode, int n_ctx_orig, float freq_base, float freq_scale, float ext_factor,
                       float attn_factor, float beta_fast, float beta_slow) {
    return RopeParams{n_dims, mode, n_ctx_orig, freq_base, freq_scale, ext_factor, attn_factor, beta_fast, beta_slow};
}

RopeParams plain_rope(int n_dims, int mode) { return rope_params(n_dims, mode, 0, 10000.0f, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f); }

ggml_tensor* rope(ggml_context* ctx, ggml_tensor* a, ggml_tensor* pos, ggml_tensor* freq_factors, const RopeParams& p,
                  bool inplace, const char* caller) {
    require_tensor(a, caller, "a");
    require_tensor(pos, caller, "b (positions)");
    require_type(a, GGML_TYPE_F32, caller, "a");
    require_type(pos, GGML_TYPE_I32, caller, "b (positions)");
    if (!core::is_vector(pos) || pos->ne[0] != a->ne[2])
        core::fail("lugh: %s: positions b %s must be a vector of a's ne2 = %" PRId64 " entries (a is %s)", caller,
                   Desc(pos).c_str(), a->ne[2], Desc(a).c_str());
    if (p.mode != 0 && p.mode != GGML_ROPE_TYPE_NEOX)
        core::fail("lugh: %s: mode %d is not supported (0 normal, %d NEOX)", caller, p.mode, GGML_ROPE_TYPE_NEOX);
    if (p.n_dims <= 0 || p.n_dims % 2 != 0 || p.n_dims > a->ne[0])
        core::fail("lugh: %s: n_dims %d must be even, > 0 and <= a's ne0 (a is %s)", caller, p.n_dims, Desc(a).c_str());
    if (!(p.freq_base > 0.0f) || !(p.freq_scale > 0.0f))
        core::fail("lugh: %s: freq_base %g and freq_scale %g must be > 0", caller, p.freq_base, p.freq_scale);
    if (p.ext_factor != 0.0f && p.n_ctx_orig <= 0)
        core::fail("lugh: %s: YaRN (ext_factor %g) needs n_ctx_orig > 0, got %d", caller, p.ext_factor, p.n_ctx_orig);
    if (freq_factors) {
        require_type(freq_factors, GGML_TYPE_F32, caller, "c (freq_factors)");
        if (freq_factors->ne[0] < p.n_dims / 2 || !core::is_contiguous(freq_factors))
            core::fail("lugh: %s: freq_factors c %s must be contiguous with at least n_dims/2 = %d entries", caller,
                       Desc(freq_factors).c_str(), p.n_dims / 2);
    }
    ggml_tensor* r = result_like(ctx, a, inplace, caller);
    set_op(ctx, r, GGML_OP_ROPE, a, pos, freq_factors);
    core::set_param_i32(r, 0, p.n_dims);
    core::set_param_i32(r, 1, p.mode);
    core::set_param_i32(r, 2, p.n_ctx_orig);
    core::set_param_f32(r, 3, p.freq_base);
    core::set_param_f32(r, 4, p.freq_scale);
    core::set_param_f32(r, 5, p.ext_factor);
    core::set_param_f32(r, 6, p.attn_factor);
    core::set_param_f32(r, 7, p.beta_fast);
    core::set_param_f32(r, 8, p.beta_slow);
    return r;
}

}  // namespace lugh::node
