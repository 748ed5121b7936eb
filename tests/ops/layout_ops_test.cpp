// arange, timestep_embedding, argsort (+ top_k), pad, pad_ext, pad_reflect_1d,
// roll, acc, add_id against plain double-precision references, on odd sizes
// and strided views, at 1 and 3 threads (run_threads checks they agree).
#include <algorithm>
#include <numeric>

#include "ops/new_op_inputs.hpp"

using optest::Shape;
namespace ops = lugh::ops;

TEST(OpsLayout, ArangeCountsAsUpstream) {
    struct Case { float start, stop, step; size_t n; };
    for (const Case c : {Case{0, 10, 1, 10}, Case{-3, 4.5f, 0.5f, 15}, Case{1, 2, 0.3f, 4}, Case{0, 5000, 1, 5000}}) {
        auto got = optest::run_threads([&](lugh::Context& ctx) { return ops::arange(ctx, c.start, c.stop, c.step); });
        ASSERT_EQ(got.size(), c.n);
        std::vector<double> want;
        for (size_t i = 0; i < c.n; ++i) want.push_back(c.start + c.step * static_cast<double>(i));
        optest::expect_near(got, want, 1e-6);
    }
}

TEST(OpsLayout, TimestepEmbeddingEvenAndOddDims) {
    const std::vector<float> ts = {0.0f, 1.0f, 17.5f, 999.0f, 250.25f};
    for (int dim : {8, 7, 1, 33}) {
        SCOPED_TRACE(dim);
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto t = lugh::Tensor::new_f32(ctx, {static_cast<int64_t>(ts.size())});
            t.set_f32(ts);
            return ops::timestep_embedding(ctx, t, dim, 10000);
        });
        std::vector<double> want;
        const int half = dim / 2;
        for (float t : ts) {
            std::vector<double> row(static_cast<size_t>(dim), 0.0);
            for (int j = 0; j < half; ++j) {
                const double f = std::exp(-std::log(10000.0) * j / half);
                row[j] = std::cos(t * f);
                row[j + half] = std::sin(t * f);
            }
            want.insert(want.end(), row.begin(), row.end());
        }
        optest::expect_near(got, want, 2e-3);   // float arguments up to 999 radians
    }
}

namespace {
std::vector<double> argsort_reference(const std::vector<float>& v, int64_t n, bool desc) {
    std::vector<double> out;
    for (size_t r = 0; r * n < v.size(); ++r) {
        std::vector<int> idx(static_cast<size_t>(n));
        std::iota(idx.begin(), idx.end(), 0);
        auto key = [&](int i) { return v[r * n + i]; };
        std::stable_sort(idx.begin(), idx.end(), [&](int i, int j) { return desc ? key(i) > key(j) : key(i) < key(j); });
        for (int i : idx) out.push_back(i);
    }
    return out;
}
}  // namespace

TEST(OpsLayout, ArgsortBothOrdersStridedAndTies) {
    for (bool desc : {false, true}) {
        for (auto d : {std::array<int64_t, 4>{1, 1, 1, 1}, {13, 7, 3, 1}, {130, 5, 1, 2}}) {
            std::vector<float> logical;
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto a = optest::strided_input(ctx, d, 5, &logical);
                return ops::argsort(ctx, a, desc ? GGML_SORT_ORDER_DESC : GGML_SORT_ORDER_ASC);
            });
            optest::expect_near(got, argsort_reference(logical, d[0], desc), 0);
        }
    }
    // Ties keep their order; NaN sorts above every number.
    const std::vector<float> v = {2, 1, 2, NAN, 1, -5};
    for (bool desc : {false, true}) {
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a = lugh::Tensor::new_f32(ctx, {6});
            a.set_f32(v);
            return ops::argsort(ctx, a, desc ? GGML_SORT_ORDER_DESC : GGML_SORT_ORDER_ASC);
        });
        const std::vector<double> want = desc ? std::vector<double>{3, 0, 2, 1, 4, 5} : std::vector<double>{5, 1, 4, 0, 2, 3};
        optest::expect_near(got, want, 0);
    }
}

TEST(OpsLayout, ArgsortTopKIsAViewOfTheLargest) {
    std::vector<float> vals;
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto a = optest::packed_input(ctx, {37, 5, 2, 1}, 8, &vals);
        auto top = ops::argsort_top_k(ctx, a, 4);
        EXPECT_EQ(top.ne(), (std::array<int64_t, 4>{4, 5, 2, 1}));
        EXPECT_FALSE(top.is_contiguous());
        return ops::cont(ctx, top);
    });
    const auto full = argsort_reference(vals, 37, true);
    std::vector<double> want;
    for (size_t r = 0; r < 10; ++r) want.insert(want.end(), full.begin() + r * 37, full.begin() + r * 37 + 4);
    optest::expect_near(got, want, 0);
}

TEST(OpsLayout, PadAndPadExtPlaceZerosAround) {
    const std::array<int64_t, 4> d = {5, 3, 2, 2};
    const int lp[4] = {2, 0, 1, 0}, rp[4] = {3, 1, 0, 2};
    for (bool ext : {false, true}) {
        std::vector<float> logical;
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a = optest::strided_input(ctx, d, 11, &logical);
            return ext ? ops::pad_ext(ctx, a, lp[0], rp[0], lp[1], rp[1], lp[2], rp[2], lp[3], rp[3])
                       : ops::pad(ctx, a, rp[0], rp[1], rp[2], rp[3]);
        });
        int64_t ne[4];
        for (int i = 0; i < 4; ++i) ne[i] = d[i] + rp[i] + (ext ? lp[i] : 0);
        const Shape s(d), so({ne[0], ne[1], ne[2], ne[3]});
        std::vector<double> want(static_cast<size_t>(so.n()), 0.0);
        for (int64_t i3 = 0; i3 < d[3]; ++i3)
            for (int64_t i2 = 0; i2 < d[2]; ++i2)
                for (int64_t i1 = 0; i1 < d[1]; ++i1)
                    for (int64_t i0 = 0; i0 < d[0]; ++i0) {
                        const int64_t o = ext ? so.at(i0 + lp[0], i1 + lp[1], i2 + lp[2], i3 + lp[3]) : so.at(i0, i1, i2, i3);
                        want[o] = logical[s.at(i0, i1, i2, i3)];
                    }
        optest::expect_near(got, want, 0);
    }
}

TEST(OpsLayout, PadKeepsHalfTypes) {
    for (lugh::Type t : {lugh::Type::F16, lugh::Type::BF16}) {
        const auto v = optest::random_values(6, 3);
        lugh::Context ctx(1 << 20);
        auto a = lugh::Tensor::create(ctx, t, {3, 2});
        a.set_f32(v);
        auto p = ops::pad_ext(ctx, a, 1, 0, 0, 1, 0, 0, 0, 0);
        lugh::Graph g(ctx);
        g.build_forward(p);
        g.compute(1);
        EXPECT_EQ(p.type(), t);
        const auto s = optest::stored(v, t);
        const std::vector<float> want = {0, s[0], s[1], s[2], 0, s[3], s[4], s[5], 0, 0, 0, 0};
        EXPECT_EQ(p.get_f32(), want);
    }
}

TEST(OpsLayout, PadReflect1dMirrorsWithoutTheEdge) {
    for (auto [n, p0, p1] : {std::array<int, 3>{5, 2, 3}, {2, 1, 1}, {9, 0, 8}, {7, 6, 0}}) {
        std::vector<float> vals;
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a = optest::packed_input(ctx, {n, 3, 2, 1}, 12, &vals);
            return ops::pad_reflect_1d(ctx, a, p0, p1);
        });
        std::vector<double> want;
        for (int r = 0; r < 6; ++r) {
            const float* row = vals.data() + r * n;
            for (int i = p0; i >= 1; --i) want.push_back(row[i]);
            for (int i = 0; i < n; ++i) want.push_back(row[i]);
            for (int i = 1; i <= p1; ++i) want.push_back(row[n - 1 - i]);
        }
        optest::expect_near(got, want, 0);
    }
}

TEST(OpsLayout, RollRotatesEveryDimension) {
    const std::array<int64_t, 4> d = {7, 4, 3, 2};
    for (auto s : {std::array<int, 4>{0, 0, 0, 0}, {3, -1, 2, 1}, {-6, 3, -2, -1}}) {
        std::vector<float> vals;
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto base = lugh::Tensor::new_f32(ctx, {7, 4, 3, 4});
            base.set_f32(optest::random_values(7 * 4 * 3 * 4, 13));
            vals = base.get_f32();
            // A view with strided dimension 3 (every other block), rows packed.
            auto a = ops::view_4d(ctx, base, 7, 4, 3, 2, base.nb()[1], base.nb()[2], 2 * base.nb()[3], 0);
            return ops::roll(ctx, a, s[0], s[1], s[2], s[3]);
        });
        const Shape sh(d), sb({7, 4, 3, 4});
        std::vector<double> want(static_cast<size_t>(sh.n()));
        auto wrap = [](int64_t i, int64_t n) { return ((i % n) + n) % n; };
        for (int64_t i3 = 0; i3 < d[3]; ++i3)
            for (int64_t i2 = 0; i2 < d[2]; ++i2)
                for (int64_t i1 = 0; i1 < d[1]; ++i1)
                    for (int64_t i0 = 0; i0 < d[0]; ++i0)
                        want[sh.at(i0, i1, i2, i3)] = vals[sb.at(wrap(i0 - s[0], 7), wrap(i1 - s[1], 4),
                                                                 wrap(i2 - s[2], 3), 2 * wrap(i3 - s[3], 2))];
        optest::expect_near(got, want, 0);
    }
}

TEST(OpsLayout, AccAddsIntoAWindowAndInPlace) {
    // a [9, 6, 2]; b [4, 3, 2] (strided view) added at (2, 1, 0) with a's strides, and at a flat offset with
    // overlapping rows (nb1 smaller than b's row): both land exactly as the reference says.
    const std::array<int64_t, 4> da = {9, 6, 2, 1}, db = {4, 3, 2, 1};
    struct Case { size_t nb1, nb2, nb3, offset; };
    const Case cases[] = {{9 * 4, 54 * 4, 108 * 4, (2 + 9 * 1) * 4}, {2 * 4, 20 * 4, 108 * 4, 5 * 4}};
    for (const Case& c : cases) {
        for (bool inplace : {false, true}) {
            std::vector<float> va, vb;
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto a = optest::packed_input(ctx, da, 21, &va);
                auto b = optest::strided_input(ctx, db, 22, &vb);
                auto r = inplace ? ops::acc_inplace(ctx, a, b, c.nb1, c.nb2, c.nb3, c.offset)
                                 : ops::acc(ctx, a, b, c.nb1, c.nb2, c.nb3, c.offset);
                return r;
            });
            std::vector<double> want(va.begin(), va.end());
            const Shape sb(db);
            for (int64_t i2 = 0; i2 < db[2]; ++i2)
                for (int64_t i1 = 0; i1 < db[1]; ++i1)
                    for (int64_t i0 = 0; i0 < db[0]; ++i0)
                        want[(c.offset + i0 * 4 + i1 * c.nb1 + i2 * c.nb2) / 4] += vb[sb.at(i0, i1, i2, 0)];
            optest::expect_near(got, want, 1e-6);
        }
    }
}

TEST(OpsLayout, AddIdAddsTheChosenRows) {
    const int64_t n = 19, used = 3, tokens = 5, rows = 4;
    const std::vector<int32_t> ids = {0, 3, 1, 2, 2, 0, 3, 3, 3, 1, 0, 2, 1, 1, 0};
    std::vector<float> va, vb;
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto a = optest::strided_input(ctx, {n, used, tokens, 1}, 31, &va);
        auto b = optest::packed_input(ctx, {n, rows, 1, 1}, 32, &vb);
        auto i = lugh::Tensor::create(ctx, lugh::Type::I32, {used, tokens});
        i.set_i32(ids);
        return ops::add_id(ctx, a, b, i);
    });
    std::vector<double> want;
    for (int64_t t = 0; t < tokens; ++t)
        for (int64_t u = 0; u < used; ++u)
            for (int64_t k = 0; k < n; ++k)
                want.push_back(static_cast<double>(va[(t * used + u) * n + k]) + vb[ids[t * used + u] * n + k]);
    optest::expect_near(got, want, 1e-6);
}

TEST(OpsLayout, AddIdOutOfRangeFailsTheCompute) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::new_f32(ctx, {4, 2, 1});
    auto b = lugh::Tensor::new_f32(ctx, {4, 3});
    auto i = lugh::Tensor::create(ctx, lugh::Type::I32, {2, 1});
    a.fill(1);
    b.fill(2);
    i.set_i32({0, 3});
    auto r = ops::add_id(ctx, a, b, i);
    lugh::Graph g(ctx);
    g.build_forward(r);
    try {
        g.compute(1);
        ADD_FAILURE() << "no error";
    } catch (const lugh::Error& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr("id 3"));
    }
}
