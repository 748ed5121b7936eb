// get_rows, set_rows, cpy (type conversions, strides), dup, cont, repeat, concat, and views.
#include "ops/op_test_util.hpp"

using optest::Shape;
namespace ops = lugh::ops;

namespace {
using optest::stored;
std::vector<double> as_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }
// Computing r fails with a lugh::Error that says `what`.
void expect_compute_error(lugh::Context& ctx, const lugh::Tensor& r, const char* what) {
    lugh::Graph g(ctx);
    g.build_forward(r);
    try {
        g.compute(ctx, 2);
        FAIL() << "expected lugh::Error";
    } catch (const lugh::Error& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr(what));
    }
}

// v (rows of n0) as a tensor of type t holds it, quantized types included.
std::vector<float> kept(const std::vector<float>& v, lugh::Type t, int64_t n0) {
    if (!lugh::is_quantized(t)) return stored(v, t);
    const auto q = lugh::quant::quantize(t, v, n0);
    return lugh::quant::dequantize(t, q.data(), static_cast<int64_t>(v.size()));
}
}  // namespace

TEST(OpsGetRows, F32F16Bf16Sources) {
    const int64_t n0 = 33, rows = 9;
    const std::vector<int32_t> idx = {8, 0, 3, 3, 7};
    for (lugh::Type t : {lugh::Type::F32, lugh::Type::F16, lugh::Type::BF16}) {
        const auto v = stored(optest::random_values(static_cast<size_t>(n0 * rows), 61), t);
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a = lugh::Tensor::create(ctx, t, {n0, rows});
            a.set_f32(v);
            auto b = lugh::Tensor::create(ctx, lugh::Type::I32, {5});
            b.set_i32(idx);
            return ops::get_rows(ctx, a, b);
        });
        std::vector<double> want;
        for (int32_t r : idx)
            for (int64_t i = 0; i < n0; ++i) want.push_back(v[static_cast<size_t>(r * n0 + i)]);
        optest::expect_near(got, want, 0);
    }
}

TEST(OpsGetRows, IndexOutOfRangeFailsTheCompute) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::new_f32(ctx, {4, 3});
    auto b = lugh::Tensor::create(ctx, lugh::Type::I32, {2});
    b.set_i32({1, 3});
    expect_compute_error(ctx, ops::get_rows(ctx, a, b), "index 3");
}

// set_rows writes rows of b into a where c says; the rows c does not name keep their values.
TEST(OpsSetRows, EveryDestinationTypeAndBroadcastIndices) {
    const int64_t n0 = 64, rows = 9, batch = 2;
    const std::vector<int32_t> idx = {8, 0, 5};   // one index row, shared by both batches
    const auto old_values = optest::random_values(static_cast<size_t>(n0 * rows * batch), 63);
    const auto new_rows = optest::random_values(static_cast<size_t>(n0 * 3 * batch), 64);
    for (lugh::Type t : {lugh::Type::F32, lugh::Type::F16, lugh::Type::BF16, lugh::Type::Q8_0, lugh::Type::Q4_0}) {
        SCOPED_TRACE(lugh::type_name(t));
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a = lugh::Tensor::create(ctx, t, {n0, rows, batch});
            if (lugh::is_quantized(t)) {
                const auto q = lugh::quant::quantize(t, old_values, n0);
                a.set_data(q.data(), q.size());
            } else {
                a.set_f32(old_values);
            }
            auto b = lugh::Tensor::new_f32(ctx, {n0, 3, batch});
            b.set_f32(new_rows);
            auto c = lugh::Tensor::create(ctx, lugh::Type::I32, {3});
            c.set_i32(idx);
            auto r = ops::set_rows(ctx, a, b, c);
            EXPECT_EQ(r.raw()->view_src, a.raw());   // a view of a: it writes a's memory
            auto every_row = lugh::Tensor::create(ctx, lugh::Type::I32, {rows, batch});
            std::vector<int32_t> all;
            for (int64_t i = 0; i < rows * batch; ++i) all.push_back(static_cast<int32_t>(i % rows));
            every_row.set_i32(all);
            return ops::get_rows(ctx, r, every_row);   // all of a, as F32, read after the write
        });
        // The expected values: a's own stored values, with rows replaced by b's (rounded to a's type).
        std::vector<float> want = kept(old_values, t, n0);
        for (int64_t i2 = 0; i2 < batch; ++i2)
            for (size_t j = 0; j < idx.size(); ++j) {
                std::vector<float> row(new_rows.begin() + (i2 * 3 + static_cast<int64_t>(j)) * n0,
                                       new_rows.begin() + (i2 * 3 + static_cast<int64_t>(j) + 1) * n0);
                row = kept(row, t, n0);
                std::copy(row.begin(), row.end(), want.begin() + (i2 * rows + idx[j]) * n0);
            }
        optest::expect_near(got, as_double(want), 0);
    }
}

TEST(OpsSetRows, PerBatchIndicesAndStridedRows) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::new_f32(ctx, {2, 4, 2});
    a.fill(0.0f);
    auto wide = lugh::Tensor::new_f32(ctx, {4, 1, 2});
    wide.set_f32({1, 3, 9, 9, 5, 7, 9, 9});
    auto b = ops::view_3d(ctx, wide, 2, 1, 2, 16, 16, 0);   // rows {1, 3} and {5, 7}, batches 16 bytes apart
    auto c = lugh::Tensor::create(ctx, lugh::Type::I32, {1, 2});   // batch 0 -> row 3, batch 1 -> row 1
    c.set_i32({3, 1});
    auto r = ops::set_rows(ctx, a, b, c);
    lugh::Graph g(ctx);
    g.build_forward(r);
    g.compute(ctx, 1);
    EXPECT_EQ(a.get_f32(), (std::vector<float>{0, 0, 0, 0, 0, 0, 1, 3,   0, 0, 5, 7, 0, 0, 0, 0}));
}

TEST(OpsSetRows, RefusesMisfitsAndBadIndices) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::create(ctx, lugh::Type::F16, {8, 4});
    auto b = lugh::Tensor::new_f32(ctx, {8, 2});
    auto c = lugh::Tensor::create(ctx, lugh::Type::I32, {2});
    auto wide = lugh::Tensor::new_f32(ctx, {7, 2});
    auto c3 = lugh::Tensor::create(ctx, lugh::Type::I32, {3});
    auto b16 = lugh::Tensor::create(ctx, lugh::Type::F16, {8, 2});
    EXPECT_THROW(ops::set_rows(ctx, a, wide, c), lugh::Error);   // row length differs
    EXPECT_THROW(ops::set_rows(ctx, a, b, c3), lugh::Error);     // one index per row of b
    EXPECT_THROW(ops::set_rows(ctx, a, b16, c), lugh::Error);    // b must be f32
    EXPECT_THROW(ops::set_rows(ctx, a, b, b), lugh::Error);      // indices must be i32
    c.set_i32({1, 4});
    expect_compute_error(ctx, ops::set_rows(ctx, a, b, c), "index 4");
}

TEST(OpsCpy, ConvertsBetweenFloatTypesAnyStrides) {
    const auto v = optest::random_values(33 * 7, 62);
    for (lugh::Type from : {lugh::Type::F32, lugh::Type::F16, lugh::Type::BF16}) {
        for (lugh::Type to : {lugh::Type::F32, lugh::Type::F16, lugh::Type::BF16}) {
            SCOPED_TRACE(testing::Message() << lugh::type_name(from) << " -> " << lugh::type_name(to));
            std::vector<float> logical;
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto a0 = lugh::Tensor::create(ctx, from, {7, 33});
                a0.set_f32(v);
                auto a = ops::transpose(ctx, a0);                       // strided source [33, 7]
                logical = a.get_f32();
                auto b0 = lugh::Tensor::create(ctx, to, {7, 33});
                auto b = ops::transpose(ctx, b0);                       // strided destination
                auto c = ops::cpy(ctx, a, b);
                return ops::cont(ctx, c);                               // read it back packed (F16 -> kept type)
            });
            optest::expect_near(got, as_double(stored(logical, to)), 0);
        }
    }
}

TEST(OpsCpy, DifferentShapesSameCount) {
    const auto v = optest::random_values(6 * 35, 63);
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {6, 35});
        a.set_f32(v);
        auto b = lugh::Tensor::new_f32(ctx, {7, 5, 6});
        return ops::cpy(ctx, a, b);
    });
    optest::expect_near(got, as_double(v), 0);
}

TEST(OpsCopy, DupContAndContNd) {
    const auto v = optest::random_values(5 * 7 * 3, 64);
    std::vector<float> logical;
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {5, 7, 3});
        a.set_f32(v);
        auto p = ops::permute(ctx, a, 2, 0, 1, 3);   // [7, 3, 5]
        logical = p.get_f32();
        auto c = ops::cont(ctx, p);
        EXPECT_TRUE(c.is_contiguous());
        return ops::cont_2d(ctx, ops::dup(ctx, c), 21, 5);
    });
    optest::expect_near(got, as_double(logical), 0);
}

TEST(OpsRepeat, TilesEveryDimension) {
    const Shape sa{3, 2, 1, 2}, so{9, 4, 3, 2};
    const auto v = optest::random_values(static_cast<size_t>(sa.n()), 65);
    auto got = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {3, 2, 1, 2});
        a.set_f32(v);
        auto shape = lugh::Tensor::new_f32(ctx, {9, 4, 3, 2});
        return ops::repeat(ctx, a, shape);
    });
    std::vector<double> want(static_cast<size_t>(so.n()));
    for (int64_t i3 = 0; i3 < 2; ++i3)
        for (int64_t i2 = 0; i2 < 3; ++i2)
            for (int64_t i1 = 0; i1 < 4; ++i1)
                for (int64_t i0 = 0; i0 < 9; ++i0) want[so.at(i0, i1, i2, i3)] = v[sa.at(i0 % 3, i1 % 2, 0, i3 % 2)];
    optest::expect_near(got, want, 0);
}

TEST(OpsConcat, EveryDimension) {
    for (int dim = 0; dim < 4; ++dim) {
        std::array<int64_t, 4> na{3, 4, 2, 2}, nb = na;
        nb[dim] = 5;
        std::array<int64_t, 4> no = na;
        no[dim] = na[dim] + nb[dim];
        const Shape sa(na), sb(nb), so(no);
        const auto va = optest::random_values(static_cast<size_t>(sa.n()), 66);
        const auto vb = optest::random_values(static_cast<size_t>(sb.n()), 67);
        auto got = optest::run_threads([&](lugh::Context& ctx) {
            auto a = lugh::Tensor::new_f32(ctx, {na[0], na[1], na[2], na[3]});
            auto b = lugh::Tensor::new_f32(ctx, {nb[0], nb[1], nb[2], nb[3]});
            a.set_f32(va);
            b.set_f32(vb);
            return ops::concat(ctx, a, b, dim);
        });
        std::vector<double> want(static_cast<size_t>(so.n()));
        for (int64_t i3 = 0; i3 < no[3]; ++i3)
            for (int64_t i2 = 0; i2 < no[2]; ++i2)
                for (int64_t i1 = 0; i1 < no[1]; ++i1)
                    for (int64_t i0 = 0; i0 < no[0]; ++i0) {
                        int64_t i[4] = {i0, i1, i2, i3};
                        const bool from_a = i[dim] < na[dim];
                        if (!from_a) i[dim] -= na[dim];
                        want[so.at(i0, i1, i2, i3)] =
                            from_a ? va[sa.at(i[0], i[1], i[2], i[3])] : vb[sb.at(i[0], i[1], i[2], i[3])];
                    }
        optest::expect_near(got, want, 0);
    }
}

TEST(OpsViews, ReshapeViewPermuteShareData) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::new_f32(ctx, {6, 4});
    std::vector<float> v(24);
    for (int i = 0; i < 24; ++i) v[i] = static_cast<float>(i);
    a.set_f32(v);
    auto r = ops::reshape_3d(ctx, a, 3, 2, 4);
    EXPECT_EQ(r.raw()->data, a.raw()->data);
    EXPECT_EQ(r.shape(), (std::vector<int64_t>{3, 2, 4}));
    EXPECT_EQ(ops::reshape(ctx, a, {24}).shape(), (std::vector<int64_t>{24}));
    // Rows 1..2, columns 2..4 of a.
    auto w = ops::view_2d(ctx, a, 3, 2, 6 * sizeof(float), (1 * 6 + 2) * sizeof(float));
    EXPECT_EQ(w.get_f32(), (std::vector<float>{8, 9, 10, 14, 15, 16}));
    auto t = ops::transpose(ctx, a);
    EXPECT_EQ(t.shape(), (std::vector<int64_t>{4, 6}));
    EXPECT_EQ(t.get_f32_1d(1), 6.0f);
    auto p = ops::permute(ctx, r, 1, 2, 0, 3);   // [4, 3, 2]
    EXPECT_EQ(p.shape(), (std::vector<int64_t>{4, 3, 2}));
    EXPECT_EQ(p.get_f32_1d(1), 6.0f);   // p[1, 0, 0] = r[0, 0, 1]
    auto v1 = ops::view_1d(ctx, a, 5, 19 * sizeof(float));
    EXPECT_EQ(v1.get_f32(), (std::vector<float>{19, 20, 21, 22, 23}));
    // A view in a graph: the kernels read through it.
    auto s = ops::sum(ctx, w);
    lugh::Graph g(ctx);
    g.build_forward(s);
    g.compute(ctx, 2);
    EXPECT_EQ(s.get_f32()[0], 8 + 9 + 10 + 14 + 15 + 16);
}
