// Bad input through the C API: one clear line, then abort() - or the user's
// abort callback, after which the context is unchanged and still usable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/test_support.hpp"

using lugh_test::c_error_of;
using lugh_test::CContext;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StrEq;

namespace {

// ---- death tests: the default path prints the message and aborts ------------

TEST(CApiErrorsDeathTest, NegativeDimension) {
    EXPECT_DEATH(
        {
            CContext ctx(1 << 12);
            ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 4, -3);
        },
        "lugh: ggml_new_tensor_2d: dimension 1 is -3; dimensions must be >= 0");
}

TEST(CApiErrorsDeathTest, ZeroAndFiveDims) {
    const int64_t ne[5] = {2, 2, 2, 2, 2};
    EXPECT_DEATH(
        {
            CContext ctx(1 << 12);
            ggml_new_tensor(ctx, GGML_TYPE_F32, 0, ne);
        },
        "lugh: ggml_new_tensor: n_dims is 0, but a tensor has 1 to 4 dimensions");
    EXPECT_DEATH(
        {
            CContext ctx(1 << 12);
            ggml_new_tensor(ctx, GGML_TYPE_F32, 5, ne);
        },
        "lugh: ggml_new_tensor: n_dims is 5, but a tensor has 1 to 4 dimensions");
}

TEST(CApiErrorsDeathTest, SizeOverflow) {
    EXPECT_DEATH(
        {
            CContext ctx(1 << 12, nullptr, true);
            ggml_new_tensor_2d(ctx, GGML_TYPE_F32, INT64_MAX / 2, 4);
        },
        "lugh: ggml_new_tensor_2d: a f32 tensor of shape \\[4611686018427387903, 4\\] is too large: its size in "
        "bytes overflows");
}

TEST(CApiErrorsDeathTest, ArenaTooSmallNamesContextNeedAndFree) {
    EXPECT_DEATH(
        {
            CContext ctx(8192);
            ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1000);
            ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1000);
        },
        "lugh: ggml_new_tensor_1d: context #[0-9]+ is out of memory: a f32 tensor of shape \\[1000\\] needs 4288 "
        "bytes \\(256 metadata \\+ 4032 data\\), but only 3904 of its 8192 bytes are free");
}

TEST(CApiErrorsDeathTest, NullContext) {
    EXPECT_DEATH(ggml_new_tensor_1d(nullptr, GGML_TYPE_F32, 4), "lugh: ggml_new_tensor_1d: context is NULL");
    EXPECT_DEATH(ggml_used_mem(nullptr), "lugh: ggml_used_mem: context is NULL");
}

TEST(CApiErrorsDeathTest, NullShapeArray) {
    EXPECT_DEATH(
        {
            CContext ctx(1 << 12);
            ggml_new_tensor(ctx, GGML_TYPE_F32, 2, nullptr);
        },
        "lugh: ggml_new_tensor: the dimensions array is NULL");
}

TEST(CApiErrorsDeathTest, CallbackThatReturnsStillAborts) {
    EXPECT_DEATH(
        {
            ggml_set_abort_callback([](const char* message) {
                std::fprintf(stderr, "callback saw: %s\n", message);
            });
            CContext ctx(1 << 12);
            ggml_new_tensor_1d(ctx, GGML_TYPE_F32, -1);
        },
        "callback saw: lugh: ggml_new_tensor_1d: dimension 0 is -1");
}

TEST(CApiErrorsDeathTest, GgmlAssertAndAbort) {
    EXPECT_DEATH(GGML_ASSERT(1 + 1 == 3), "c_api_errors_test.cpp:[0-9]+: GGML_ASSERT\\(1 \\+ 1 == 3\\) failed");
    EXPECT_DEATH(GGML_ABORT("custom %d", 42), "c_api_errors_test.cpp:[0-9]+: custom 42");
}

// ---- the abort callback ------------------------------------------------------

std::string g_seen;
void remember(const char* message) { g_seen = message; }

TEST(CApiAbortCallback, SetReturnsThePreviousOne) {
    ggml_abort_callback_t before = ggml_set_abort_callback(remember);
    EXPECT_EQ(ggml_set_abort_callback(nullptr), remember);
    EXPECT_EQ(ggml_set_abort_callback(before), nullptr);
}

TEST(CApiAbortCallback, ReceivesTheMessage) {
    CContext ctx(1 << 12);
    EXPECT_THAT(c_error_of([&] { ggml_new_tensor_3d(ctx, GGML_TYPE_F32, 2, 2, -7); }),
                StrEq("lugh: ggml_new_tensor_3d: dimension 2 is -7; dimensions must be >= 0"));
    EXPECT_THAT(c_error_of([&] { GGML_ABORT("from test %s", "x"); }),
                MatchesRegex(".*c_api_errors_test.cpp:[0-9]+: from test x"));
    EXPECT_EQ(c_error_of([] {}), "");   // no error, no message
}

// After a longjmp out of the callback, nothing in the context has changed and
// it goes on working.
TEST(CApiAbortCallback, LongjmpLeavesTheContextUsable) {
    CContext ctx(8192);
    ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 100);
    ggml_set_name(a, "a");
    ggml_set_f32(a, 1.5f);
    const size_t used = ggml_used_mem(ctx);

    const int64_t ne5[5] = {1, 1, 1, 1, 1};
    const std::string errors[] = {
        c_error_of([&] { ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 100000); }),    // arena too small
        c_error_of([&] { ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 8, -1); }),     // negative dim
        c_error_of([&] { ggml_new_tensor(ctx, GGML_TYPE_F32, 5, ne5); }),       // 5 dims
        c_error_of([&] { ggml_new_tensor(ctx, GGML_TYPE_F32, 0, ne5); }),       // 0 dims
        c_error_of([&] { ggml_new_tensor_2d(ctx, GGML_TYPE_I8, INT64_MAX / 2, 4); }),   // overflow
        c_error_of([&] { ggml_new_tensor_4d(ctx, GGML_TYPE_F32, INT64_MAX, INT64_MAX, 2, 2); }),
        c_error_of([&] { ggml_new_buffer(ctx, 1 << 20); }),
        c_error_of([&] { ggml_get_f32_1d(a, 100); }),
    };
    for (const std::string& e : errors) EXPECT_THAT(e, ::testing::StartsWith("lugh: "));
    EXPECT_THAT(errors[0], MatchesRegex("lugh: ggml_new_tensor_1d: context #[0-9]+ is out of memory: a f32 tensor of "
                                        "shape \\[100000\\] needs 400256 bytes \\(256 metadata \\+ 400000 data\\), "
                                        "but only 7488 of its 8192 bytes are free"));
    EXPECT_THAT(errors[4], HasSubstr("i8 tensor of shape [4611686018427387903, 4] is too large"));

    EXPECT_EQ(ggml_used_mem(ctx), used);
    EXPECT_EQ(ggml_get_first_tensor(ctx), a);
    EXPECT_EQ(ggml_get_next_tensor(ctx, a), nullptr);
    for (int i = 0; i < 100; ++i) ASSERT_EQ(ggml_get_f32_1d(a, i), 1.5f);

    ggml_tensor* b = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 100);
    ASSERT_NE(b, nullptr);
    ggml_set_f32(b, 2.0f);
    EXPECT_EQ(ggml_get_next_tensor(ctx, a), b);
    EXPECT_EQ(ggml_used_mem(ctx), used + 256 + 448);
    EXPECT_EQ(ggml_get_f32_1d(a, 99), 1.5f);
}

TEST(CApiAbortCallback, UnnamedTensorsSayUnnamed) {
    CContext ctx(1 << 12);
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 2);
    const std::string e = c_error_of([&] { ggml_get_f32_1d(t, 2); });
    EXPECT_THAT(e, HasSubstr("tensor (unnamed)"));
    EXPECT_THAT(e, ::testing::Not(HasSubstr("''")));
}

}  // namespace
