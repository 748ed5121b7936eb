// rope_ext: normal and NEOX modes, partial rotation, frequency factors, YaRN.
#include "ops/op_test_util.hpp"

namespace ops = lugh::ops;

namespace {
struct RopeArgs {
    int n_dims, mode, n_ctx_orig;
    float base, scale, ext, attn, beta_fast, beta_slow;
};

// Straight from the formula (see docs/graph-ops.md), in double.
std::vector<double> rope_ref(const std::vector<float>& x, int64_t hd, int64_t nh, int64_t nt,
                             const std::vector<int32_t>& pos, const std::vector<float>& ff, const RopeArgs& p) {
    std::vector<double> out(x.begin(), x.end());
    double lo = 0, hi = 0;
    auto corr = [&](double n_rot) {
        return p.n_dims * std::log(p.n_ctx_orig / (n_rot * 2 * M_PI)) / (2 * std::log(static_cast<double>(p.base)));
    };
    if (p.ext != 0) {
        lo = std::fmax(0.0, std::floor(corr(p.beta_fast)));
        hi = std::fmin(p.n_dims - 1.0, std::ceil(corr(p.beta_slow)));
    }
    for (int64_t t = 0; t < nt; ++t)
        for (int64_t h = 0; h < nh; ++h)
            for (int64_t i = 0; i < p.n_dims / 2; ++i) {
                double extrap = pos[t] * std::pow(static_cast<double>(p.base), -2.0 * i / p.n_dims);
                if (!ff.empty()) extrap /= ff[i];
                double theta = p.scale * extrap, mscale = p.attn;
                if (p.ext != 0) {
                    const double y = (i - lo) / std::fmax(0.001, hi - lo);
                    const double mix = (1.0 - std::fmin(1.0, std::fmax(0.0, y))) * p.ext;
                    theta = theta * (1 - mix) + extrap * mix;
                    mscale *= 1.0 + 0.1 * std::log(1.0 / p.scale);
                }
                const int64_t j0 = p.mode == 2 ? i : 2 * i, j1 = p.mode == 2 ? i + p.n_dims / 2 : 2 * i + 1;
                const size_t base = static_cast<size_t>((t * nh + h) * hd);
                const double x0 = x[base + j0], x1 = x[base + j1];
                out[base + j0] = (x0 * std::cos(theta) - x1 * std::sin(theta)) * mscale;
                out[base + j1] = (x0 * std::sin(theta) + x1 * std::cos(theta)) * mscale;
            }
    return out;
}
}  // namespace

TEST(OpsRope, NormalNeoxPartialFreqFactorsYarn) {
    const int64_t hd = 34, nh = 3, nt = 7;
    const auto v = optest::random_values(static_cast<size_t>(hd * nh * nt), 51);
    const std::vector<int32_t> pos = {0, 1, 5, 17, 100, 1023, 4097};
    std::vector<float> ff;
    for (int i = 0; i < 16; ++i) ff.push_back(1.0f + 0.25f * static_cast<float>(i % 4));
    const RopeArgs cases[] = {
        {34, 0, 0, 10000, 1, 0, 1, 32, 1},      {34, 2, 0, 10000, 1, 0, 1, 32, 1},
        {16, 0, 0, 500000, 0.5f, 0, 1, 32, 1},  {16, 2, 4096, 10000, 0.25f, 1.0f, 0.9f, 32, 1},
        {32, 0, 2048, 10000, 0.125f, 0.5f, 1.0f, 16, 2},
    };
    for (const RopeArgs& p : cases) {
        for (bool with_ff : {false, true}) {
            if (with_ff && p.n_dims > 32) continue;
            SCOPED_TRACE(testing::Message() << "n_dims " << p.n_dims << " mode " << p.mode << " ext " << p.ext
                                            << " ff " << with_ff);
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto a = lugh::Tensor::new_f32(ctx, {hd, nh, nt});
                a.set_f32(v);
                auto ps = lugh::Tensor::create(ctx, lugh::Type::I32, {nt});
                ps.set_i32(pos);
                lugh::Tensor f;
                if (with_ff) {
                    f = lugh::Tensor::new_f32(ctx, {16});
                    f.set_f32(ff);
                }
                return ops::rope_ext(ctx, a, ps, f, p.n_dims, p.mode, p.n_ctx_orig, p.base, p.scale, p.ext, p.attn,
                                     p.beta_fast, p.beta_slow);
            });
            optest::expect_near(got, rope_ref(v, hd, nh, nt, pos, with_ff ? ff : std::vector<float>{}, p), 2e-5);
        }
    }
}
