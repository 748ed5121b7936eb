// dup/cpy/cont between every pair of supported types: F32, F16, BF16 among
// themselves (strided source and destination views), F32 <-> I32, the block
// types from F32, F16 and BF16 and back to each, a block type copied as it
// is, and dup/cont of block-quantized tensors; at 1 and 3 threads.
#include <cstring>
#include <functional>

#include "ops/new_op_inputs.hpp"

namespace ops = lugh::ops;
using lugh::Type;

namespace {

const Type kFloats[] = {Type::F32, Type::F16, Type::BF16};
const Type kBlocks[] = {Type::Q8_0, Type::Q4_0};

// v as the block type t stores it: quantized by ggml_quantize_chunk, read back by to_float.
std::vector<float> through_blocks(const std::vector<float>& v, Type t, int64_t row) {
    const auto type = static_cast<ggml_type>(t);
    std::vector<unsigned char> q(ggml_row_size(type, row) * (v.size() / row));
    ggml_quantize_chunk(type, v.data(), q.data(), 0, static_cast<int64_t>(v.size()) / row, row, nullptr);
    std::vector<float> back(v.size());
    ggml_get_type_traits(type)->to_float(q.data(), back.data(), static_cast<int64_t>(v.size()));
    return back;
}

std::vector<double> as_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

}  // namespace

TEST(OpsCopyTypes, FloatPairsStridedBothSides) {
    for (Type from : kFloats)
        for (Type to : kFloats) {
            SCOPED_TRACE(testing::Message() << lugh::type_name(from) << " -> " << lugh::type_name(to));
            const auto v = optest::random_values(7 * 5, 201);
            auto got = optest::run_threads([&](lugh::Context& ctx) {
                auto base = lugh::Tensor::create(ctx, from, {5, 7});
                base.set_f32(v);
                auto src = ops::transpose(ctx, base);                       // [7, 5], strided rows
                auto room = lugh::Tensor::create(ctx, to, {9, 5});          // b: a [7, 5] window of a wider tensor
                room.set_zero();
                auto dst = ops::view_2d(ctx, room, 7, 5, room.nb()[1], room.element_size());
                return ops::cpy(ctx, src, dst);
            });
            std::vector<float> want;
            const auto s = optest::stored(v, from);
            for (int i1 = 0; i1 < 5; ++i1)
                for (int i0 = 0; i0 < 7; ++i0) want.push_back(s[i0 * 5 + i1]);
            optest::expect_near(got, as_double(optest::stored(want, to)), 0);
        }
}

TEST(OpsCopyTypes, F32AndI32BothWays) {
    const std::vector<float> v = {0.0f, 1.9f, -1.9f, 123456.7f, -5.5f, 3e9f, -3e9f, NAN};
    auto to_int = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::new_f32(ctx, {8});
        a.set_f32(v);
        return ops::cpy(ctx, a, lugh::Tensor::create(ctx, Type::I32, {2, 4}));
    });
    // Truncated toward zero; beyond the range saturated; NaN 0 (read back as floats: INT32_MAX rounds to 2^31).
    optest::expect_near(to_int, {0, 1, -1, 123456, -5, static_cast<float>(INT32_MAX), -2147483648.0, 0}, 0);
    auto to_float = optest::run_threads([&](lugh::Context& ctx) {
        auto a = lugh::Tensor::create(ctx, Type::I32, {4, 2});
        a.set_i32({7, -8, 16777217, 0, 1, 2, 3, -2147483647});
        return ops::cpy(ctx, ops::transpose(ctx, a), lugh::Tensor::new_f32(ctx, {2, 4}));
    });
    optest::expect_near(to_float, {7, 1, -8, 2, 16777216, 3, 0, -2147483648.0}, 0);
}

TEST(OpsCopyTypes, BlocksFromEveryFloatTypeAndBack) {
    const int64_t K = 64, M = 3;
    for (Type q : kBlocks)
        for (Type from : kFloats) {
            SCOPED_TRACE(testing::Message() << lugh::type_name(from) << " -> " << lugh::type_name(q));
            const auto v = optest::random_values(static_cast<size_t>(K * M), 211);
            const auto expect = through_blocks(optest::stored(v, from), q, K);
            for (Type back : kFloats) {
                auto got = optest::run_threads([&](lugh::Context& ctx) {
                    auto a = lugh::Tensor::create(ctx, from, {K, M});
                    a.set_f32(v);
                    auto blocks = ops::cpy(ctx, a, lugh::Tensor::create(ctx, q, {K, M}));
                    auto room = lugh::Tensor::create(ctx, back, {M, K});   // dequantized into a transposed view
                    return ops::cont(ctx, ops::cpy(ctx, blocks, ops::transpose(ctx, room)));
                });
                optest::expect_near(got, as_double(optest::stored(expect, back)), 0);
            }
        }
}

TEST(OpsCopyTypes, BlocksCopiedAsTheyAreAndDupCont) {
    const int64_t K = 96, M = 4;
    for (Type q : kBlocks) {
        const auto v = optest::random_values(static_cast<size_t>(K * M), 221);
        lugh::Context ctx(16 << 20);
        auto a = lugh::Tensor::new_f32(ctx, {K, M});
        a.set_f32(v);
        auto blocks = lugh::Tensor::create(ctx, q, {K, M});
        auto filled = ops::cpy(ctx, a, blocks);
        auto copied = ops::cpy(ctx, filled, lugh::Tensor::create(ctx, q, {K, M}));
        auto dup = ops::dup(ctx, filled);
        auto reshaped = ops::cont_3d(ctx, filled, K, 2, 2);
        lugh::Graph g(ctx);
        for (auto* t : {&copied, &dup, &reshaped}) g.build_forward(*t);
        g.compute(3);
        const auto bytes = blocks.get_data();
        EXPECT_EQ(copied.get_data(), bytes);
        EXPECT_EQ(dup.get_data(), bytes);
        EXPECT_EQ(reshaped.get_data(), bytes);
        EXPECT_EQ(dup.type(), q);
        EXPECT_EQ(reshaped.ne(), (std::array<int64_t, 4>{K, 2, 2, 1}));
    }
}

TEST(OpsCopyTypes, RefusedPairsNameBothTensors) {
    lugh::Context ctx(1 << 20);
    auto q = lugh::Tensor::create(ctx, Type::Q8_0, {64, 2});
    auto expect_refused = [&](const std::function<void()>& f, const char* what) {
        try {
            f();
            ADD_FAILURE() << "no error";
        } catch (const lugh::Error& e) {
            EXPECT_THAT(e.what(), testing::HasSubstr(what));
        }
    };
    expect_refused([&] { ops::cpy(ctx, q, lugh::Tensor::create(ctx, Type::I32, {64, 2})); }, "cannot copy");
    expect_refused([&] { ops::cpy(ctx, q, lugh::Tensor::create(ctx, Type::Q4_0, {64, 2})); }, "cannot copy");
    expect_refused([&] { ops::cpy(ctx, q, lugh::Tensor::new_f32(ctx, {128})); }, "needs equal shapes");
    expect_refused([&] { ops::cpy(ctx, lugh::Tensor::create(ctx, Type::I16, {4}), lugh::Tensor::new_f32(ctx, {4})); },
                   "cannot copy");
    expect_refused([&] { ops::cont_2d(ctx, q, 32, 4); }, "keeping its row length");
}
