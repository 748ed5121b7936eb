// Convolution kernels: IM2COL, CONV_2D, CONV_2D_DW (direct), and the
// transposed CONV_TRANSPOSE_1D and CONV_TRANSPOSE_2D. Each output row (or
// plane, for the transposed 2D form) is computed by one thread, summing in a
// fixed order, so results do not depend on the thread count.
#include <cstring>

#include "core/op_params.hpp"
#include "core/tensor_shape.hpp"
#include "cpu/convert.hpp"
#include "cpu/kernels.hpp"

namespace lugh::cpu {

namespace {

struct Conv {
    int64_t s0, s1, p0, p1, d0, d1;
    explicit Conv(const ggml_tensor* dst)
        : s0(core::param_i32(dst, 0)), s1(core::param_i32(dst, 1)), p0(core::param_i32(dst, 2)),
          p1(core::param_i32(dst, 3)), d0(core::param_i32(dst, 4)), d1(core::param_i32(dst, 5)) {}
};

inline float at(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3) {
    return load_float(t->type, elem_ptr(t, i0, i1, i2, i3));
}

// Row (ow, oh, n) of the 2D result is the patch under the kernel there,
// ordered (ic, kh, kw); the 1D result's row (ow, n) is ordered (ic, kw).
void im2col(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* b = dst->src[1];
    const Conv c(dst);
    const bool is_2d = core::param_i32(dst, 6) != 0;
    const int64_t KW = a->ne[0], KH = is_2d ? a->ne[1] : 1, IC = is_2d ? a->ne[2] : a->ne[1];
    const int64_t IW = b->ne[0], IH = is_2d ? b->ne[1] : 1;
    const size_t es = core::type_size(dst->type);
    for_each_row(dst, args, [&](int64_t ow, int64_t oh, int64_t n) {   // 1D: (ow, n, 0)
        char* out = row_ptr(dst, ow, oh, n);
        for (int64_t ic = 0; ic < IC; ++ic)
            for (int64_t kh = 0; kh < KH; ++kh) {
                const int64_t iy = is_2d ? oh * c.s1 + kh * c.d1 - c.p1 : 0;
                for (int64_t kw = 0; kw < KW; ++kw) {
                    const int64_t ix = ow * c.s0 + kw * c.d0 - c.p0;
                    float v = 0.0f;
                    if (ix >= 0 && ix < IW && iy >= 0 && iy < IH)
                        v = is_2d ? at(b, ix, iy, ic, n) : at(b, ix, ic, oh, 0);
                    store_float(dst->type, out + ((ic * KH + kh) * KW + kw) * es, v);
                }
            }
    });
}

// Row (oh, oc, n): every output width of one output channel. The channel's
// kernel is converted to F32 once per row into scratch.
void conv_2d(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* b = dst->src[1];
    const Conv c(dst);
    const int64_t KW = a->ne[0], KH = a->ne[1], IC = a->ne[2], IW = b->ne[0], IH = b->ne[1];
    float* k = static_cast<float*>(args.work);
    int64_t loaded = -1;
    for_each_row(dst, args, [&](int64_t oh, int64_t oc, int64_t n) {
        if (oc != loaded) {
            for (int64_t ic = 0; ic < IC; ++ic)
                for (int64_t kh = 0; kh < KH; ++kh)
                    for (int64_t kw = 0; kw < KW; ++kw) k[(ic * KH + kh) * KW + kw] = at(a, kw, kh, ic, oc);
            loaded = oc;
        }
        for (int64_t ow = 0; ow < dst->ne[0]; ++ow) {
            float sum = 0.0f;
            for (int64_t ic = 0; ic < IC; ++ic)
                for (int64_t kh = 0; kh < KH; ++kh) {
                    const int64_t iy = oh * c.s1 + kh * c.d1 - c.p1;
                    if (iy < 0 || iy >= IH) continue;
                    for (int64_t kw = 0; kw < KW; ++kw) {
                        const int64_t ix = ow * c.s0 + kw * c.d0 - c.p0;
                        if (ix >= 0 && ix < IW) sum += k[(ic * KH + kh) * KW + kw] * at(b, ix, iy, ic, n);
                    }
                }
            store_float(dst->type, elem_ptr(dst, ow, oh, oc, n), sum);
        }
    });
}

// Row (oh, ch, n): channel ch convolved with its own kernel a[:, :, 0, ch].
void conv_2d_dw(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* b = dst->src[1];
    const Conv c(dst);
    const int64_t KW = a->ne[0], KH = a->ne[1], IW = b->ne[0], IH = b->ne[1];
    for_each_row(dst, args, [&](int64_t oh, int64_t ch, int64_t n) {
        for (int64_t ow = 0; ow < dst->ne[0]; ++ow) {
            float sum = 0.0f;
            for (int64_t kh = 0; kh < KH; ++kh) {
                const int64_t iy = oh * c.s1 + kh * c.d1 - c.p1;
                if (iy < 0 || iy >= IH) continue;
                for (int64_t kw = 0; kw < KW; ++kw) {
                    const int64_t ix = ow * c.s0 + kw * c.d0 - c.p0;
                    if (ix >= 0 && ix < IW) sum += at(a, kw, kh, 0, ch) * at(b, ix, iy, ch, n);
                }
            }
            store_float(dst->type, elem_ptr(dst, ow, oh, ch, n), sum);
        }
    });
}

// Row oc: out[l*s0 + k] += a[k, oc, ic] * b[l, ic], summed over ic, l, k in order.
void conv_transpose_1d(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* b = dst->src[1];
    const int64_t s0 = core::param_i32(dst, 0), K = a->ne[0], IC = a->ne[2], L = b->ne[0];
    int64_t r0, r1;
    split_rows(core::nrows(dst), args.ith, args.nth, &r0, &r1);
    for (int64_t oc = r0; oc < r1; ++oc) {
        auto* out = reinterpret_cast<float*>(row_ptr(dst, oc, 0, 0));
        std::memset(out, 0, static_cast<size_t>(dst->ne[0]) * sizeof(float));
        for (int64_t ic = 0; ic < IC; ++ic)
            for (int64_t l = 0; l < L; ++l) {
                const float x = at(b, l, ic, 0, 0);
                for (int64_t k = 0; k < K; ++k) out[l * s0 + k] += at(a, k, oc, ic, 0) * x;
            }
    }
}

// Plane (oc, n): out[w*s + kw, h*s + kh] += a[kw, kh, oc, ic] * b[w, h, ic, n].
void conv_transpose_2d(ggml_tensor* dst, const KernelArgs& args) {
    const ggml_tensor* a = dst->src[0];
    const ggml_tensor* b = dst->src[1];
    const int64_t s = core::param_i32(dst, 0), KW = a->ne[0], KH = a->ne[1], IC = a->ne[3];
    const int64_t W = b->ne[0], H = b->ne[1], OW = dst->ne[0], OC = dst->ne[2];
    int64_t p0, p1;
    split_rows(dst->ne[2] * dst->ne[3], args.ith, args.nth, &p0, &p1);
    for (int64_t p = p0; p < p1; ++p) {
        const int64_t oc = p % OC, n = p / OC;
        auto* plane = reinterpret_cast<float*>(row_ptr(dst, 0, oc, n));   // contiguous [OW, OH]
        std::memset(plane, 0, static_cast<size_t>(OW * dst->ne[1]) * sizeof(float));
        for (int64_t ic = 0; ic < IC; ++ic)
            for (int64_t h = 0; h < H; ++h)
                for (int64_t w = 0; w < W; ++w) {
                    const float x = at(b, w, h, ic, n);
                    for (int64_t kh = 0; kh < KH; ++kh) {
                        float* out = plane + (h * s + kh) * OW + w * s;
                        for (int64_t kw = 0; kw < KW; ++kw) out[kw] += at(a, kw, kh, oc, ic) * x;
                    }
                }
    }
}

}  // namespace

void compute_conv(ggml_tensor* dst, const KernelArgs& args) {
    switch (dst->op) {
        case GGML_OP_IM2COL: im2col(dst, args); break;
        case GGML_OP_CONV_2D: conv_2d(dst, args); break;
        case GGML_OP_CONV_2D_DW: conv_2d_dw(dst, args); break;
        case GGML_OP_CONV_TRANSPOSE_1D: conv_transpose_1d(dst, args); break;
        default: conv_transpose_2d(dst, args); break;
    }
}

}  // namespace lugh::cpu
