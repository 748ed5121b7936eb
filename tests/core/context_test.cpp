// ggml_init / ggml_free / ggml_reset and the context query functions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "core/test_support.hpp"
#include "lugh/context.hpp"

using lugh_test::c_error_of;
using lugh_test::CContext;
using lugh_test::pad64;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

namespace {

bool inside(const void* p, const void* base, size_t size) {
    auto a = reinterpret_cast<uintptr_t>(p), b = reinterpret_cast<uintptr_t>(base);
    return a >= b && a < b + size;
}

TEST(ContextInit, LughAllocatedArena) {
    const size_t size = 1 << 16;
    CContext ctx(size);
    ASSERT_NE(ctx.get(), nullptr);
    EXPECT_NE(ggml_get_mem_buffer(ctx), nullptr);
    EXPECT_EQ(ggml_get_mem_size(ctx), size);
    EXPECT_EQ(ggml_used_mem(ctx), 0u);
    EXPECT_FALSE(ggml_get_no_alloc(ctx));
    EXPECT_EQ(ggml_get_first_tensor(ctx), nullptr);
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 10);
    EXPECT_TRUE(inside(t, ggml_get_mem_buffer(ctx), size));
    EXPECT_TRUE(inside(t->data, ggml_get_mem_buffer(ctx), size));
}

TEST(ContextInit, LargeLughAllocatedArenaIsUsableToTheEnd) {
    // Sizes above 1 MiB take the mmap/huge-page path; write every byte.
    const size_t size = (3 << 20) + 4096;
    CContext ctx(size);
    ASSERT_NE(ctx.get(), nullptr);
    std::memset(ggml_get_mem_buffer(ctx), 0x5a, size);
    const int64_t n = static_cast<int64_t>((size - 4096) / 4);
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, n);
    ggml_set_f32(t, 2.0f);
    EXPECT_EQ(ggml_get_f32_1d(t, static_cast<int>(n - 1)), 2.0f);
}

TEST(ContextInit, CallerBufferIsUsedAndNeverFreed) {
    // Lugh must neither free nor keep using the caller's memory: under
    // AddressSanitizer a free by Lugh would make the free() below a double
    // free, and the memset after ggml_free would be a use after free.
    const size_t size = 1 << 14;
    void* buffer = std::malloc(size);
    ASSERT_NE(buffer, nullptr);
    ggml_context* ctx = ggml_init(ggml_init_params{size, buffer, false});
    ASSERT_NE(ctx, nullptr);
    EXPECT_EQ(ggml_get_mem_buffer(ctx), buffer);
    EXPECT_EQ(ggml_get_mem_size(ctx), size);
    ggml_tensor* t = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 8, 4);
    EXPECT_TRUE(inside(t, buffer, size));
    EXPECT_TRUE(inside(t->data, buffer, size));
    ggml_set_f32(t, 1.5f);
    ggml_free(ctx);
    std::memset(buffer, 0, size);
    std::free(buffer);
}

TEST(ContextInit, CallerBufferOfOddAlignmentStillGivesAlignedData) {
    alignas(64) static unsigned char storage[8192 + 64];
    void* buffer = storage + 8;   // 8-byte aligned only
    CContext ctx(8192, buffer);
    ASSERT_NE(ctx.get(), nullptr);
    for (int i = 0; i < 5; ++i) {
        ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_I8, 1 + 13 * i);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(t->data) % GGML_MEM_ALIGN, 0u);
        EXPECT_TRUE(inside(t->data, buffer, 8192));
        EXPECT_TRUE(inside(t, buffer, 8192));
    }
}

TEST(ContextInit, NoAllocLeavesDataNull) {
    CContext ctx(1 << 12, nullptr, true);
    ASSERT_NE(ctx.get(), nullptr);
    EXPECT_TRUE(ggml_get_no_alloc(ctx));
    ggml_tensor* t = ggml_new_tensor_2d(ctx, GGML_TYPE_F16, 4096, 4096);
    EXPECT_EQ(t->data, nullptr);
    EXPECT_EQ(ggml_nbytes(t), size_t(4096) * 4096 * 2);
    EXPECT_EQ(ggml_used_mem(ctx), ggml_tensor_overhead());
}

TEST(ContextInit, ZeroSizeReturnsNull) {
    const size_t live = lugh::Context::live_count();
    EXPECT_EQ(ggml_init(ggml_init_params{0, nullptr, false}), nullptr);
    static unsigned char buffer[64];
    EXPECT_EQ(ggml_init(ggml_init_params{0, buffer, false}), nullptr);
    EXPECT_EQ(lugh::Context::live_count(), live);
}

TEST(ContextInit, AbsurdSizeReturnsNullAndGivesTheSlotBack) {
    const size_t live = lugh::Context::live_count();
    EXPECT_EQ(ggml_init(ggml_init_params{SIZE_MAX / 2, nullptr, false}), nullptr);
    EXPECT_EQ(ggml_init(ggml_init_params{SIZE_MAX, nullptr, true}), nullptr);
    EXPECT_EQ(ggml_init(ggml_init_params{SIZE_MAX - (1u << 20), nullptr, false}), nullptr);
    EXPECT_EQ(lugh::Context::live_count(), live);
}

TEST(ContextFree, NullIsIgnored) {
    const size_t live = lugh::Context::live_count();
    ggml_free(nullptr);
    EXPECT_EQ(lugh::Context::live_count(), live);
}

TEST(ContextFree, ReturnsTheSlot) {
    const size_t live = lugh::Context::live_count();
    ggml_context* ctx = ggml_init(ggml_init_params{1024, nullptr, false});
    ASSERT_NE(ctx, nullptr);
    EXPECT_EQ(lugh::Context::live_count(), live + 1);
    ggml_free(ctx);
    EXPECT_EQ(lugh::Context::live_count(), live);
}

TEST(ContextFreeDeathTest, DoubleFreeAbortsWithAClearMessage) {
    EXPECT_DEATH(
        {
            ggml_context* ctx = ggml_init(ggml_init_params{1024, nullptr, false});
            ggml_free(ctx);
            ggml_free(ctx);
        },
        "lugh: ggml_free: context #[0-9]+ has been freed");
}

TEST(ContextFreeDeathTest, QueryOnFreedContextAborts) {
    EXPECT_DEATH(
        {
            ggml_context* ctx = ggml_init(ggml_init_params{1024, nullptr, false});
            ggml_free(ctx);
            ggml_used_mem(ctx);
        },
        "lugh: ggml_used_mem: context #[0-9]+ has been freed");
}

TEST(ContextFree, UseAfterFreeIsReportedNotUndefined) {
    ggml_context* ctx = ggml_init(ggml_init_params{1024, nullptr, false});
    ggml_free(ctx);
    EXPECT_THAT(c_error_of([&] { ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4); }),
                MatchesRegex("lugh: ggml_new_tensor_1d: context #[0-9]+ has been freed"));
    EXPECT_THAT(c_error_of([&] { ggml_reset(ctx); }), HasSubstr("ggml_reset: context #"));
    EXPECT_THAT(c_error_of([&] { ggml_get_first_tensor(ctx); }), HasSubstr("has been freed"));
}

TEST(ContextReset, EmptiesTheArenaForReuse) {
    CContext ctx(1 << 14);
    ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 100);
    ggml_set_name(a, "a");
    void* first_data = a->data;
    ggml_new_tensor_1d(ctx, GGML_TYPE_I32, 3);
    ASSERT_GT(ggml_used_mem(ctx), 0u);
    ggml_reset(ctx);
    EXPECT_EQ(ggml_used_mem(ctx), 0u);
    EXPECT_EQ(ggml_get_first_tensor(ctx), nullptr);
    EXPECT_EQ(ggml_get_tensor(ctx, "a"), nullptr);
    EXPECT_EQ(ggml_get_max_tensor_size(ctx), 0u);
    // The same memory is handed out again, in the same places.
    ggml_tensor* b = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 100);
    EXPECT_EQ(b, a);
    EXPECT_EQ(b->data, first_data);
    EXPECT_STREQ(ggml_get_name(b), "");   // the record was cleared
    EXPECT_EQ(ggml_used_mem(ctx), ggml_tensor_overhead() + pad64(400));
}

TEST(ContextReset, KeepsMemSizeAndNoAlloc) {
    CContext ctx(4096, nullptr, true);
    ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 100);
    ggml_reset(ctx);
    EXPECT_EQ(ggml_get_mem_size(ctx), 4096u);
    EXPECT_TRUE(ggml_get_no_alloc(ctx));
}

TEST(ContextQuery, SetNoAllocAffectsLaterTensors) {
    CContext ctx(1 << 14);
    ggml_tensor* with_data = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_set_no_alloc(ctx, true);
    EXPECT_TRUE(ggml_get_no_alloc(ctx));
    ggml_tensor* without = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_set_no_alloc(ctx, false);
    EXPECT_FALSE(ggml_get_no_alloc(ctx));
    ggml_tensor* again = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    EXPECT_NE(with_data->data, nullptr);
    EXPECT_EQ(without->data, nullptr);
    EXPECT_NE(again->data, nullptr);
}

TEST(ContextQuery, TensorOverheadIsTheRecordSize) {
    EXPECT_EQ(sizeof(ggml_tensor), 256u);
    EXPECT_LE(ggml_tensor_overhead(), 256u);
    EXPECT_EQ(ggml_tensor_overhead(), sizeof(ggml_tensor));
}

TEST(ContextQuery, MaxTensorSizeIsTheLargestNbytes) {
    CContext ctx(1 << 16, nullptr, true);
    EXPECT_EQ(ggml_get_max_tensor_size(ctx), 0u);
    ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 10);
    EXPECT_EQ(ggml_get_max_tensor_size(ctx), 40u);
    ggml_new_tensor_2d(ctx, GGML_TYPE_F16, 1000, 3);
    ggml_new_tensor_1d(ctx, GGML_TYPE_I8, 17);
    EXPECT_EQ(ggml_get_max_tensor_size(ctx), 6000u);
}

TEST(ContextQuery, TensorsIterateInCreationOrder) {
    CContext ctx(1 << 16);
    ggml_tensor* made[7];
    for (int i = 0; i < 7; ++i) made[i] = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1 + i * 5);
    ggml_tensor* t = ggml_get_first_tensor(ctx);
    for (int i = 0; i < 7; ++i) {
        ASSERT_EQ(t, made[i]) << "position " << i;
        t = ggml_get_next_tensor(ctx, t);
    }
    EXPECT_EQ(t, nullptr);
    EXPECT_EQ(ggml_get_next_tensor(ctx, nullptr), nullptr);
}

TEST(ContextQuery, GetTensorByName) {
    CContext ctx(1 << 16);
    ggml_tensor* a = ggml_set_name(ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 3), "alpha");
    ggml_tensor* b = ggml_set_name(ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 3), "beta");
    ggml_set_name(ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 3), "alpha");   // a second "alpha"
    EXPECT_EQ(ggml_get_tensor(ctx, "alpha"), a);   // the first one
    EXPECT_EQ(ggml_get_tensor(ctx, "beta"), b);
    EXPECT_EQ(ggml_get_tensor(ctx, "gamma"), nullptr);
    EXPECT_EQ(ggml_get_tensor(ctx, "alph"), nullptr);
    EXPECT_EQ(ggml_get_tensor(ctx, nullptr), nullptr);
}

// The arena's design: 256-byte records grow up from the bottom, data grows
// down from the top, each block 64-byte aligned.
TEST(ContextArena, OneThousandF32GrowsByRecordPlusPaddedData) {
    CContext ctx(1 << 16);
    const size_t before = ggml_used_mem(ctx);
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1000);
    EXPECT_EQ(ggml_used_mem(ctx) - before, 256u + pad64(4000));
    EXPECT_EQ(ggml_used_mem(ctx) - before, 256u + 4032u);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(t->data) % 64, 0u);
}

TEST(ContextArena, UsedMemForOddSizes) {
    for (int64_t n : {1, 7, 33, 4097}) {
        for (ggml_type type : lugh_test::plain_types()) {
            CContext ctx(1 << 16);
            ggml_tensor* t = ggml_new_tensor_1d(ctx, type, n);
            EXPECT_EQ(ggml_used_mem(ctx), 256u + pad64(static_cast<size_t>(n) * ggml_type_size(type)))
                << ggml_type_name(type) << " x " << n;
            EXPECT_EQ(reinterpret_cast<uintptr_t>(t->data) % 64, 0u);
        }
    }
}

TEST(ContextArena, RecordsGrowUpDataGrowsDown) {
    CContext ctx(1 << 16);
    ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 10);
    ggml_tensor* b = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 10);
    EXPECT_EQ(reinterpret_cast<char*>(b) - reinterpret_cast<char*>(a), 256);
    EXPECT_EQ(static_cast<char*>(a->data) - static_cast<char*>(b->data), 64);
    EXPECT_LT(reinterpret_cast<uintptr_t>(b) + 256, reinterpret_cast<uintptr_t>(b->data));
}

TEST(ContextArena, FillsExactlyToTheLastByte) {
    // Room for two records and 128 bytes of data: both fit, a third does not.
    alignas(64) static unsigned char buffer[2 * 256 + 128];
    CContext ctx(sizeof buffer, buffer);
    ASSERT_NE(ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 16), nullptr);
    ASSERT_NE(ggml_new_tensor_1d(ctx, GGML_TYPE_I8, 64), nullptr);
    EXPECT_EQ(ggml_used_mem(ctx), sizeof buffer);
    EXPECT_THAT(c_error_of([&] { ggml_new_tensor_1d(ctx, GGML_TYPE_I8, 0); }), HasSubstr("out of memory"));
}

TEST(ContextArena, NewBufferIsAlignedAndCounted) {
    CContext ctx(1 << 14);
    void* p = ggml_new_buffer(ctx, 100);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u);
    EXPECT_EQ(ggml_used_mem(ctx), 128u);
    std::memset(p, 1, 100);
    const size_t used = ggml_used_mem(ctx);
    EXPECT_THAT(c_error_of([&] { ggml_new_buffer(ctx, 1 << 20); }),
                MatchesRegex("lugh: ggml_new_buffer: context #[0-9]+ is out of memory: 1048576 bytes needed, but "
                             "only [0-9]+ of its 16384 bytes are free"));
    EXPECT_EQ(ggml_used_mem(ctx), used);
    EXPECT_THAT(c_error_of([&] { ggml_new_buffer(ctx, SIZE_MAX); }), HasSubstr("out of memory"));
    EXPECT_EQ(ggml_used_mem(ctx), used);
}

}  // namespace
