// The C++ API: lugh::Context, lugh::Tensor, lugh::Error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "lugh/ggml/ggml.h"
#include "lugh/lugh.hpp"

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

namespace {

// The message of the lugh::Error that f throws ("" and a failure if none).
template <typename F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const lugh::Error& e) {
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not a lugh::Error: " << e.what();
        return "";
    }
    ADD_FAILURE() << "nothing was thrown";
    return "";
}

TEST(CppContext, ErrorIsARuntimeError) {
    static_assert(std::is_base_of_v<std::runtime_error, lugh::Error>);
    EXPECT_EQ(std::string(lugh::Error("x").what()), "x");
}

TEST(CppContext, SizeAndUse) {
    lugh::Context ctx(1 << 16);
    EXPECT_EQ(ctx.mem_size(), size_t(1) << 16);
    EXPECT_EQ(ctx.mem_used(), 0u);
    EXPECT_EQ(ctx.mem_free(), size_t(1) << 16);
    EXPECT_FALSE(ctx.no_alloc());
    EXPECT_EQ(ctx.n_tensors(), 0u);
    auto t = lugh::Tensor::new_f32(ctx, {1000});
    EXPECT_EQ(t.nbytes(), 4000u);
    EXPECT_EQ(ctx.mem_used(), 256u + 4032u);
    EXPECT_EQ(ctx.mem_free(), (size_t(1) << 16) - 256 - 4032);
    EXPECT_EQ(ctx.n_tensors(), 1u);
    EXPECT_EQ(ctx.max_tensor_size(), 4000u);
    EXPECT_EQ(lugh::Context::tensor_overhead(), ggml_tensor_overhead());
    EXPECT_EQ(ggml_used_mem(ctx.raw()), ctx.mem_used());
}

TEST(CppContext, ParamsCallerBufferAndNoAlloc) {
    std::vector<unsigned char> buffer(8192);
    {
        lugh::Context ctx(lugh::ContextParams{buffer.size(), buffer.data(), true});
        EXPECT_TRUE(ctx.no_alloc());
        EXPECT_EQ(ggml_get_mem_buffer(ctx.raw()), buffer.data());
        auto t = lugh::Tensor::create(ctx, lugh::Type::F16, {4096, 4096});
        EXPECT_FALSE(t.has_data());
        EXPECT_EQ(t.nbytes(), size_t(4096) * 4096 * 2);
        ctx.set_no_alloc(false);
        EXPECT_TRUE(lugh::Tensor::new_f32(ctx, {4}).has_data());
    }
    buffer.assign(buffer.size(), 0);   // still ours to use (ASan would object otherwise)
}

TEST(CppContext, ConstructionFailuresThrow) {
    const size_t live = lugh::Context::live_count();
    EXPECT_THAT(error_of([] { lugh::Context c(0); }), HasSubstr("mem_size is 0"));
    EXPECT_THAT(error_of([] { lugh::Context c(SIZE_MAX / 2); }),
                HasSubstr("allocating an arena of 9223372036854775807 bytes failed"));
    EXPECT_EQ(lugh::Context::live_count(), live);
}

TEST(CppContext, MoveConstructTransfersTheArena) {
    const size_t live = lugh::Context::live_count();
    lugh::Context a(4096);
    auto t = lugh::Tensor::new_f32(a, {3});
    const uint32_t id = a.id();
    lugh::Context b(std::move(a));
    EXPECT_EQ(lugh::Context::live_count(), live + 1);
    EXPECT_EQ(b.id(), id);
    EXPECT_TRUE(t.alive());   // the tensor moved with its arena
    t.set_f32({1, 2, 3});
    EXPECT_EQ(b.mem_used(), 256u + 64u);
    EXPECT_THAT(error_of([&] { a.mem_used(); }), HasSubstr("this Context was moved from"));
    EXPECT_THAT(error_of([&] { lugh::Tensor::new_f32(a, {1}); }), HasSubstr("moved from"));
    EXPECT_THROW(a.raw(), lugh::Error);
}

TEST(CppContext, MoveAssignFreesTheOldArena) {
    const size_t live = lugh::Context::live_count();
    lugh::Context a(4096);
    lugh::Context b(4096);
    auto old = lugh::Tensor::new_f32(b, {2});
    EXPECT_EQ(lugh::Context::live_count(), live + 2);
    b = std::move(a);
    EXPECT_EQ(lugh::Context::live_count(), live + 1);
    EXPECT_FALSE(old.alive());
    EXPECT_THROW(old.get_f32(), lugh::Error);
    EXPECT_EQ(b.mem_used(), 0u);
    EXPECT_THROW(a.mem_size(), lugh::Error);
    b = std::move(b);   // self-move keeps the arena
    EXPECT_EQ(lugh::Context::live_count(), live + 1);
    EXPECT_EQ(b.mem_size(), 4096u);
}

TEST(CppContext, DestructorFreesTheSlot) {
    const size_t live = lugh::Context::live_count();
    {
        lugh::Context ctx(1024);
        EXPECT_EQ(lugh::Context::live_count(), live + 1);
    }
    EXPECT_EQ(lugh::Context::live_count(), live);
}

TEST(CppContext, ResetInvalidatesOldHandles) {
    lugh::Context ctx(1 << 14);
    auto t = lugh::Tensor::new_f32(ctx, {8});
    t.set_name("t");
    const uint32_t gen = ctx.generation();
    ctx.reset();
    EXPECT_NE(ctx.generation(), gen);
    EXPECT_EQ(ctx.mem_used(), 0u);
    EXPECT_EQ(ctx.n_tensors(), 0u);
    EXPECT_FALSE(t.alive());
    EXPECT_THAT(error_of([&] { t.get_f32(); }), MatchesRegex("lugh: tensor used after its context #[0-9]+ was "
                                                             "destroyed or reset"));
    EXPECT_THROW(t.name(), lugh::Error);
    auto u = lugh::Tensor::new_f32(ctx, {8});   // reuse works
    EXPECT_TRUE(u.alive());
    EXPECT_FALSE(t.alive());
    EXPECT_NE(t, u);
}

TEST(CppContext, TensorsByNameAndInOrder) {
    lugh::Context ctx(1 << 14);
    auto a = lugh::Tensor::new_f32(ctx, {2});
    auto b = lugh::Tensor::create(ctx, lugh::Type::I32, {3});
    a.set_name("a");
    b.set_name("b");
    const auto all = ctx.tensors();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0], a);
    EXPECT_EQ(all[1], b);
    EXPECT_EQ(ctx.get_tensor("b"), b);
    EXPECT_TRUE(ctx.has_tensor("a"));
    EXPECT_FALSE(ctx.has_tensor("c"));
    EXPECT_THAT(error_of([&] { ctx.get_tensor("c"); }), MatchesRegex("lugh: context #[0-9]+ has no tensor named 'c'"));
}

TEST(CppTensor, NewF32WithOneToFourDims) {
    lugh::Context ctx(1 << 16);
    const std::vector<std::vector<int64_t>> shapes = {{5}, {5, 4}, {5, 4, 3}, {5, 4, 3, 2}};
    for (const auto& shape : shapes) {
        auto t = lugh::Tensor::new_f32(ctx, shape);
        EXPECT_EQ(t.shape(), shape);
        EXPECT_EQ(t.n_dims(), static_cast<int>(shape.size()));
        EXPECT_EQ(t.type(), lugh::Type::F32);
        int64_t n = 1;
        for (int64_t d : shape) n *= d;
        EXPECT_EQ(t.nelements(), n);
        EXPECT_EQ(t.nrows(), n / 5);
        EXPECT_EQ(t.nbytes(), static_cast<size_t>(n) * 4);
        EXPECT_EQ(t.element_size(), 4u);
        EXPECT_TRUE(t.is_contiguous());
        EXPECT_TRUE(t.has_data());
        EXPECT_EQ(t.name(), "");
    }
    auto init = lugh::Tensor::new_f32(ctx, {3, 2});
    EXPECT_EQ(init.ne(), (std::array<int64_t, 4>{3, 2, 1, 1}));
    EXPECT_EQ(init.nb(), (std::array<size_t, 4>{4, 12, 24, 24}));
}

TEST(CppTensor, CreateEveryType) {
    lugh::Context ctx(1 << 16);
    const lugh::Type types[] = {lugh::Type::F32, lugh::Type::F16, lugh::Type::BF16, lugh::Type::I8,
                                lugh::Type::I16, lugh::Type::I32, lugh::Type::Q8_0, lugh::Type::Q4_0};
    for (lugh::Type type : types) {
        auto t = lugh::Tensor::create(ctx, type, {64, 2});
        EXPECT_EQ(t.type(), type);
        EXPECT_EQ(t.nbytes(), lugh::row_size(type, 64) * 2);
        auto v = lugh::Tensor::create(ctx, type, std::vector<int64_t>{32});
        EXPECT_EQ(v.shape(), std::vector<int64_t>{32});
    }
}

TEST(CppTensor, BadDimsThrowAndLeaveTheContextAsItWas) {
    lugh::Context ctx(1 << 14);
    auto keep = lugh::Tensor::new_f32(ctx, {4});
    const size_t used = ctx.mem_used();
    EXPECT_THAT(error_of([&] { lugh::Tensor::new_f32(ctx, {}); }),
                HasSubstr("Tensor::new_f32: 0 dimensions given, but a tensor has 1 to 4"));
    EXPECT_THAT(error_of([&] { lugh::Tensor::new_f32(ctx, {1, 2, 3, 4, 5}); }), HasSubstr("5 dimensions given"));
    EXPECT_THAT(error_of([&] { lugh::Tensor::new_f32(ctx, std::vector<int64_t>{}); }), HasSubstr("0 dimensions"));
    EXPECT_THAT(error_of([&] { lugh::Tensor::create(ctx, lugh::Type::I8, {2, -2}); }),
                HasSubstr("Tensor::create: dimension 1 is -2; dimensions must be >= 0"));
    EXPECT_THAT(error_of([&] { lugh::Tensor::new_f32(ctx, {INT64_MAX / 2, 4}); }), HasSubstr("is too large"));
    EXPECT_THAT(error_of([&] { lugh::Tensor::create(ctx, static_cast<lugh::Type>(5), {4}); }),
                HasSubstr("unknown tensor type 5"));
    EXPECT_THAT(error_of([&] { lugh::Tensor::new_f32(ctx, {100000}); }),
                MatchesRegex("lugh: Tensor::new_f32: context #[0-9]+ is out of memory: .* needs 400256 bytes .*"));
    EXPECT_EQ(ctx.mem_used(), used);
    EXPECT_EQ(ctx.n_tensors(), 1u);
    EXPECT_TRUE(keep.alive());
    auto next = lugh::Tensor::new_f32(ctx, {4});   // still usable
    next.set_f32({1, 2, 3, 4});
    EXPECT_EQ(next.get_f32(), (std::vector<float>{1, 2, 3, 4}));
}

TEST(CppTensor, SetF32FromEveryKindOfRange) {
    lugh::Context ctx(1 << 14);
    auto t = lugh::Tensor::new_f32(ctx, {3, 2});
    t.set_f32({1, 2, 3, 4, 5, 6});
    EXPECT_EQ(t.get_f32(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
    t.set_f32(std::vector<float>{6, 5, 4, 3, 2, 1});
    EXPECT_EQ(t.get_f32(), (std::vector<float>{6, 5, 4, 3, 2, 1}));
    const std::array<float, 6> arr = {0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f};
    t.set_f32(arr);
    EXPECT_EQ(t.get_f32(), std::vector<float>(arr.begin(), arr.end()));
    const float raw[6] = {-1, -2, -3, -4, -5, -6};
    t.set_f32(raw, 6);
    float out[6] = {};
    t.get_f32(out, 6);
    EXPECT_EQ(std::memcmp(out, raw, sizeof raw), 0);
    t.set_f32(raw);   // a C array is a range too
    EXPECT_EQ(t.get_f32_1d(5), -6.0f);
}

TEST(CppTensor, WrongValueCountsThrowAndWriteNothing) {
    lugh::Context ctx(1 << 14);
    auto t = lugh::Tensor::new_f32(ctx, {2, 2});
    t.set_name("m");
    t.fill(7.0f);
    EXPECT_THAT(error_of([&] { t.set_f32({1, 2, 3}); }),
                HasSubstr("lugh: Tensor::set_f32: tensor 'm' has 4 elements, but 3 values were given"));
    EXPECT_THAT(error_of([&] { t.set_f32(std::vector<float>(5)); }), HasSubstr("5 values were given"));
    EXPECT_THAT(error_of([&] { t.set_f32(std::array<float, 0>{}); }), HasSubstr("0 values were given"));
    EXPECT_THAT(error_of([&] { t.set_f32(nullptr, 4); }), HasSubstr("the pointer is NULL"));
    float small[3];
    EXPECT_THAT(error_of([&] { t.get_f32(small, 3); }), HasSubstr("room for 3 was given"));
    EXPECT_THAT(error_of([&] { t.set_i32({1, 2}); }), HasSubstr("Tensor::set_i32: tensor 'm' has 4 elements"));
    EXPECT_EQ(t.get_f32(), (std::vector<float>{7, 7, 7, 7}));
}

TEST(CppTensor, ConvertsThroughTheTensorType) {
    lugh::Context ctx(1 << 14);
    auto h = lugh::Tensor::create(ctx, lugh::Type::F16, {3});
    h.set_f32({0.1f, 70000.0f, -2.0f});
    const auto v = h.get_f32();
    EXPECT_EQ(v[0], ggml_fp16_to_fp32(ggml_fp32_to_fp16(0.1f)));
    EXPECT_TRUE(std::isinf(v[1]));
    EXPECT_EQ(v[2], -2.0f);
    auto i = lugh::Tensor::create(ctx, lugh::Type::I16, {3});
    i.set_i32({1, -70000, 70000});
    EXPECT_EQ(i.get_i32(), (std::vector<int32_t>{1, -32768, 32767}));
    i.set_f32_1d(0, 9.9f);
    EXPECT_EQ(i.get_f32_1d(0), 9.0f);
    EXPECT_THAT(error_of([&] { i.get_f32_1d(3); }), HasSubstr("Tensor::get_f32_1d: element 3 is outside"));
    i.set_zero();
    EXPECT_EQ(i.get_i32(), (std::vector<int32_t>{0, 0, 0}));
}

TEST(CppTensor, RawBytes) {
    lugh::Context ctx(1 << 14);
    auto t = lugh::Tensor::new_f32(ctx, {3});
    const float values[3] = {1.0f, -2.0f, 0.25f};
    t.set_data(values, sizeof values);
    EXPECT_EQ(t.get_f32(), (std::vector<float>{1.0f, -2.0f, 0.25f}));
    const std::vector<unsigned char> bytes = t.get_data();
    ASSERT_EQ(bytes.size(), 12u);
    EXPECT_EQ(std::memcmp(bytes.data(), values, 12), 0);
    EXPECT_THAT(error_of([&] { t.set_data(values, 8); }), HasSubstr("holds 12 bytes, but 8 were given"));
    EXPECT_THAT(error_of([&] { t.set_data(nullptr, 12); }), HasSubstr("the pointer is NULL"));

    // A strided view has no raw byte form.
    ggml_tensor* view = ggml_view_tensor(ctx.raw(), t.raw());
    view->ne[0] = 2;
    view->nb[0] = 8;
    auto v = lugh::Tensor::wrap(ctx.raw(), view);
    EXPECT_EQ(v.get_f32(), (std::vector<float>{1.0f, 0.25f}));
    EXPECT_THAT(error_of([&] { v.get_data(); }), HasSubstr("is not contiguous"));
    EXPECT_THAT(error_of([&] { v.set_data(values, 8); }), HasSubstr("is not contiguous"));
}

TEST(CppTensor, NoDataErrors) {
    lugh::Context ctx(lugh::ContextParams{1 << 12, nullptr, true});
    auto t = lugh::Tensor::new_f32(ctx, {4});
    EXPECT_THAT(error_of([&] { t.get_f32(); }), HasSubstr("Tensor::get_f32: tensor (unnamed) has no data"));
    EXPECT_THAT(error_of([&] { t.set_f32({1, 2, 3, 4}); }), HasSubstr("has no data"));
    EXPECT_THAT(error_of([&] { t.get_data(); }), HasSubstr("has no data"));
    EXPECT_THAT(error_of([&] { t.fill(1); }), HasSubstr("has no data"));
}

TEST(CppTensor, NamesAreCutAt63Bytes) {
    lugh::Context ctx(1 << 12);
    auto t = lugh::Tensor::new_f32(ctx, {1});
    EXPECT_EQ(&t.set_name("bias"), &t);
    EXPECT_EQ(t.name(), "bias");
    t.set_name(std::string(100, 'n'));
    EXPECT_EQ(t.name(), std::string(63, 'n'));
}

TEST(CppTensor, UseAfterContextDestroyedThrows) {
    lugh::Tensor t;
    uint32_t slot = 0;
    {
        lugh::Context ctx(4096);
        t = lugh::Tensor::new_f32(ctx, {4});
        slot = ctx.id();
        EXPECT_TRUE(t.alive());
        EXPECT_EQ(t.context_id(), slot);
        EXPECT_EQ(t.context(), ctx.raw());
    }
    EXPECT_FALSE(t.alive());
    EXPECT_THAT(error_of([&] { t.get_f32(); }),
                MatchesRegex("lugh: tensor used after its context #[0-9]+ was destroyed or reset"));
    EXPECT_THROW(t.nelements(), lugh::Error);
    EXPECT_THROW(t.raw(), lugh::Error);
    EXPECT_THROW(t.set_name("x"), lugh::Error);
    // A new context in the same slot does not bring the handle back.
    lugh::Context again(4096);
    EXPECT_EQ(again.id(), slot);
    EXPECT_FALSE(t.alive());
    EXPECT_THROW(t.shape(), lugh::Error);
}

TEST(CppTensor, EmptyHandleThrows) {
    lugh::Tensor t;
    EXPECT_FALSE(t.alive());
    EXPECT_THAT(error_of([&] { t.nbytes(); }), HasSubstr("this Tensor handle is empty"));
    EXPECT_EQ(t, lugh::Tensor());
}

TEST(CppTensor, WrapChecksItsArguments) {
    lugh::Context ctx(4096);
    EXPECT_THAT(error_of([&] { lugh::Tensor::wrap(ctx.raw(), nullptr); }), HasSubstr("Tensor::wrap: tensor is NULL"));
    EXPECT_THAT(error_of([&] { lugh::Tensor::wrap(nullptr, nullptr); }), HasSubstr("Tensor::wrap: context is NULL"));
    ggml_tensor* raw = ggml_new_tensor_1d(ctx.raw(), GGML_TYPE_I32, 2);
    auto t = lugh::Tensor::wrap(ctx.raw(), raw);
    EXPECT_EQ(t.raw(), raw);
    EXPECT_EQ(t.generation(), ctx.generation());
}

}  // namespace

TEST(CppContextOwnership, FreedThroughTheCApiFirstIsNotFreedAgain) {
    const size_t before = lugh::Context::live_count();
    {
        lugh::Context ctx(1 << 16);
        ggml_free(ctx.raw());
        EXPECT_EQ(lugh::Context::live_count(), before);
        EXPECT_THROW(ctx.mem_used(), lugh::Error);
        // The slot is taken by a new C context; the destructor must leave it alone.
        ggml_init_params p{1 << 16, nullptr, false};
        ggml_context* other = ggml_init(p);
        ASSERT_NE(other, nullptr);
        EXPECT_EQ(lugh::Context::live_count(), before + 1);
        ggml_free(other);
    }
    EXPECT_EQ(lugh::Context::live_count(), before);
}

TEST(CppContextOwnership, ResetThroughTheCApiStillFreedByTheOwner) {
    const size_t before = lugh::Context::live_count();
    {
        lugh::Context ctx(1 << 16);
        ggml_reset(ctx.raw());
        EXPECT_EQ(ctx.mem_used(), 0u);
    }
    EXPECT_EQ(lugh::Context::live_count(), before);
}
