#include "cpu/matmul/gemm_quant.hpp"

#include <algorithm>

#include "cpu/matmul/gemm_quant_kernels.hpp"
#include "cpu/matmul/quant_panels.hpp"
#include "cpu/matmul/quantize_q8_k.hpp"
#include "quant/blocks.hpp"
#include "quant/blocks_k.hpp"
#include "quant/rows.hpp"

namespace lugh::cpu::matmul {

namespace {

size_t round64(size_t n) { return (n + 63) & ~size_t{63}; }
// One row of b quantized: Q8_0 (34 bytes per 32) or Q8_K (292 per 256), whichever is larger.
size_t q8_row_bytes(int64_t k) {
    return std::max(static_cast<size_t>(k / 32) * sizeof(quant::BlockQ8_0), static_cast<size_t>(k / 256) * sizeof(quant::BlockQ8_K));
}

// Rows per activation panel that the scratch leaves room for, whichever
// set runs (the level may change between planning and running: tests force it).
constexpr int kMaxNR = 8;

// The thread's scratch: the activation panels of every row of b, one weight
// panel, one Q8_0 row per row of an activation panel and a gathered row of b.
struct ScratchSizes {
    size_t act, weights, unpacked, q8, gathered;
    ScratchSizes(const QuantScheme& q, int nr, int64_t K, int64_t N) {
        const int64_t groups = K / q.group, panels = (N + nr - 1) / nr;
        act = round64(static_cast<size_t>(panels * groups) * act_group_bytes(q, nr));
        weights = round64(static_cast<size_t>(groups) * weight_group_bytes(q));
        unpacked = round64(weight_panel_scratch_bytes(q, K));
        q8 = round64(static_cast<size_t>(nr) * q8_row_bytes(K));
        gathered = round64(static_cast<size_t>(K) * sizeof(float));
    }
    size_t total() const { return act + weights + unpacked + q8 + gathered; }
};

struct Scratch {
    uint8_t* act;
    uint8_t* weights;
    uint8_t* unpacked;
    char* q8;
    float* gathered;
    Scratch(const ScratchSizes& z, void* work) {
        auto* p = static_cast<uint8_t*>(work);
        act = p;
        weights = act + z.act;
        unpacked = weights + z.weights;
        q8 = reinterpret_cast<char*>(unpacked + z.unpacked);
        gathered = reinterpret_cast<float*>(q8 + z.q8);
    }
};

}  // namespace

bool gemm_quant_applies(const ggml_tensor* a, const ggml_tensor* b, const ggml_tensor* dst) {
    const QuantScheme* q = gemm_scheme(a->type);
    return q && a->ne[0] % (q->k_activations ? 256 : 32) == 0 && b->type == GGML_TYPE_F32 && dst->type == GGML_TYPE_F32 &&
           rows_packed(dst) && rows_packed(a);
}

size_t gemm_quant_work_bytes(const ggml_tensor* a, const ggml_tensor* b) {
    size_t most = 0;   // the largest over the panel heights a set may use
    for (int nr = 1; nr <= kMaxNR; ++nr) most = std::max(most, ScratchSizes(*gemm_scheme(a->type), nr, a->ne[0], b->ne[1]).total());
    return most;
}

void gemm_quant(const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst, const KernelArgs& args) {
    gemm_quant_with(quant_gemm_kernels(), a, b, dst, args);
}

void gemm_quant_with(const QuantGemmKernels& kern, const ggml_tensor* a, const ggml_tensor* b, ggml_tensor* dst,
                     const KernelArgs& args) {
    const QuantScheme& q = *gemm_scheme(a->type);
    const QuantTileFn tile = kern.pick(q);
    const int nr = kern.nr;
    const int64_t K = a->ne[0], M = a->ne[1], N = b->ne[1];
    const int64_t B2 = b->ne[2], B3 = b->ne[3];
    const int64_t r2 = B2 / a->ne[2], r3 = B3 / a->ne[3];
    const int64_t groups = K / q.group, n_panels = (N + nr - 1) / nr;
    const size_t act_panel_bytes = static_cast<size_t>(groups) * act_group_bytes(q, nr);
    const size_t ldd = dst->nb[1] / sizeof(float);
    const Scratch s(ScratchSizes(q, nr, K, N), args.work);

    // This thread's panels of a.
    int64_t p0, p1;
    split_rows((M + kPanelRows - 1) / kPanelRows, args.ith, args.nth, &p0, &p1);
    if (p0 >= p1) return;

    for (int64_t i3 = 0; i3 < B3; ++i3) {
        for (int64_t i2 = 0; i2 < B2; ++i2) {
            // Every row of b, quantized and packed nr rows at a time.
            for (int64_t pn = 0; pn < n_panels; ++pn) {
                const void* q8[kMaxNR];
                for (int j = 0; j < nr; ++j) {
                    const int64_t n = pn * nr + j;
                    q8[j] = nullptr;
                    if (n >= N) continue;
                    const char* row = row_ptr(b, n, i2, i3);
                    const float* x = reinterpret_cast<const float*>(row);
                    if (!rows_packed(b)) {
                        for (int64_t k = 0; k < K; ++k) s.gathered[k] = *reinterpret_cast<const float*>(row + k * b->nb[0]);
                        x = s.gathered;
                    }
                    char* out = s.q8 + static_cast<size_t>(j) * q8_row_bytes(K);
                    if (q.k_activations) quantize_act_q8_k(x, out, K);
                    else quant::quantize_row_q8_0(x, out, K);
                    q8[j] = out;
                }
                pack_act_panel(q, q8, nr, K, s.act + static_cast<size_t>(pn) * act_panel_bytes);
            }
            for (int64_t pm = p0; pm < p1; ++pm) {
                const int64_t m0 = pm * kPanelRows;
                const int mv = static_cast<int>(std::min<int64_t>(kPanelRows, M - m0));
                const char* rows[kPanelRows];
                for (int m = 0; m < kPanelRows; ++m) rows[m] = m < mv ? row_ptr(a, m0 + m, i2 / r2, i3 / r3) : nullptr;
                pack_weight_panel(a->type, q, rows, K, s.weights, s.unpacked);
                float* d = reinterpret_cast<float*>(row_ptr(dst, 0, i2, i3)) + m0;
                for (int64_t pn = 0; pn < n_panels; ++pn) {
                    const int nv = static_cast<int>(std::min<int64_t>(nr, N - pn * nr));
                    tile(s.weights, s.act + static_cast<size_t>(pn) * act_panel_bytes, groups, d + pn * nr * ldd, ldd,
                         mv, nv);
                }
            }
        }
    }
}

}  // namespace lugh::cpu::matmul
