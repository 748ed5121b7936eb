// Arguments C callers can get wrong that C++ cannot see: enum values outside
// their enum, and NULL pointers. Each entry point reads an enum as the int it
// is and checks it (no undefined enum load, which UBSan would report under
// `make sanitize`), and checks every pointer: one clear line and abort(), or
// a checked answer where upstream gives one (a name lookup).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/test_support.hpp"
#include "ggml-backend.h"
#include "ggml-cpu.h"
#include "gguf.h"

using lugh_test::c_error_of;
using lugh_test::CContext;
using ::testing::HasSubstr;

namespace {

// A C program may pass any int where an enum is expected; calling through a
// pointer whose parameter is int is what such a call is at the machine level.
template <typename Fn, typename IntFn>
IntFn with_int_enum(Fn* f) {
    return reinterpret_cast<IntFn>(reinterpret_cast<void (*)()>(f));
}

TEST(CApiEnums, OutOfRangeTypesAreRefusedOrAnsweredWithoutUndefinedLoads) {
    CContext ctx(1 << 16);
    auto new_1d = with_int_enum<decltype(ggml_new_tensor_1d), ggml_tensor* (*)(ggml_context*, int, int64_t)>(
        &ggml_new_tensor_1d);
    EXPECT_THAT(c_error_of([&] { new_1d(ctx, -1, 4); }),
                HasSubstr("lugh: ggml_new_tensor_1d: unknown tensor type -1"));
    EXPECT_THAT(c_error_of([&] { new_1d(ctx, 1000, 4); }), HasSubstr("unknown tensor type 1000"));
    EXPECT_EQ(new_1d(ctx, GGML_TYPE_F32, 4)->type, GGML_TYPE_F32);

    auto type_size = with_int_enum<decltype(ggml_type_size), size_t (*)(int)>(&ggml_type_size);
    auto type_name = with_int_enum<decltype(ggml_type_name), const char* (*)(int)>(&ggml_type_name);
    auto is_quantized = with_int_enum<decltype(ggml_is_quantized), bool (*)(int)>(&ggml_is_quantized);
    EXPECT_EQ(type_size(-1), 0u);
    EXPECT_EQ(type_name(99), nullptr);
    EXPECT_FALSE(is_quantized(-7));
    EXPECT_EQ(type_size(GGML_TYPE_Q8_0), 34u);

    auto op_name = with_int_enum<decltype(ggml_op_name), const char* (*)(int)>(&ggml_op_name);
    auto unary_name = with_int_enum<decltype(ggml_unary_op_name), const char* (*)(int)>(&ggml_unary_op_name);
    auto status = with_int_enum<decltype(ggml_status_to_string), const char* (*)(int)>(&ggml_status_to_string);
    EXPECT_STREQ(op_name(-5), "UNKNOWN");
    EXPECT_STREQ(op_name(GGML_OP_COUNT), "UNKNOWN");
    EXPECT_STREQ(op_name(GGML_OP_ADD), "ADD");
    EXPECT_STREQ(unary_name(99), "UNKNOWN");
    EXPECT_STREQ(status(42), "GGML status: unknown");

    auto gguf_name = with_int_enum<decltype(gguf_type_name), const char* (*)(int)>(&gguf_type_name);
    EXPECT_EQ(gguf_name(99), nullptr);
    EXPECT_EQ(gguf_name(-1), nullptr);
}

TEST(CApiEnums, OpsAndSettersRefuseUnknownValues) {
    CContext ctx(1 << 16);
    ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    auto unary = with_int_enum<decltype(ggml_unary), ggml_tensor* (*)(ggml_context*, ggml_tensor*, int)>(&ggml_unary);
    EXPECT_THAT(c_error_of([&] { unary(ctx, a, 99); }), HasSubstr("lugh: ggml_unary: unknown unary op 99"));
    EXPECT_THAT(c_error_of([&] { unary(ctx, a, -1); }), HasSubstr("unknown unary op -1"));

    ggml_tensor* y = ggml_mul_mat(ctx, ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 4, 2), a);
    auto set_prec = with_int_enum<decltype(ggml_mul_mat_set_prec), void (*)(ggml_tensor*, int)>(&ggml_mul_mat_set_prec);
    EXPECT_THAT(c_error_of([&] { set_prec(y, 7); }), HasSubstr("precision 7 is not GGML_PREC_DEFAULT"));

    ggml_backend_buffer_t buf = ggml_backend_buft_alloc_buffer(ggml_backend_cpu_buffer_type(), 64);
    auto set_usage = with_int_enum<decltype(ggml_backend_buffer_set_usage), void (*)(ggml_backend_buffer_t, int)>(
        &ggml_backend_buffer_set_usage);
    EXPECT_THAT(c_error_of([&] { set_usage(buf, 99); }),
                HasSubstr("lugh: ggml_backend_buffer_set_usage: usage 99 is not one of 0..2"));
    set_usage(buf, GGML_BACKEND_BUFFER_USAGE_WEIGHTS);
    EXPECT_EQ(ggml_backend_buffer_get_usage(buf), GGML_BACKEND_BUFFER_USAGE_WEIGHTS);
    ggml_backend_buffer_free(buf);

    gguf_context* g = gguf_init_empty();
    auto set_arr = with_int_enum<decltype(gguf_set_arr_data), void (*)(gguf_context*, const char*, int, const void*, size_t)>(
        &gguf_set_arr_data);
    const int values[2] = {1, 2};
    EXPECT_THAT(c_error_of([&] { set_arr(g, "k", 99, values, 2); }),
                HasSubstr("lugh: gguf_set_arr_data: element type 99 is not one of 0..12"));
    EXPECT_EQ(gguf_get_n_kv(g), 0) << "nothing was added";
    set_arr(g, "k", GGUF_TYPE_INT32, values, 2);
    EXPECT_EQ(gguf_get_n_kv(g), 1);
    gguf_free(g);
}

TEST(CApiPointers, NullTensorsAndBuffersAreNamedNotDereferenced) {
    EXPECT_THAT(c_error_of([] { ggml_set_name(nullptr, "x"); }), HasSubstr("lugh: ggml_set_name: tensor is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_format_name(nullptr, "x%d", 1); }),
                HasSubstr("lugh: ggml_format_name: tensor is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_nbytes(nullptr); }), HasSubstr("lugh: ggml_nbytes: tensor is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_nelements(nullptr); }), HasSubstr("lugh: ggml_nelements: tensor is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_is_contiguous(nullptr); }), HasSubstr("lugh: ggml_is_contiguous: tensor is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_are_same_shape(nullptr, nullptr); }),
                HasSubstr("lugh: ggml_are_same_shape: first tensor is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_set_input(nullptr); }), HasSubstr("lugh: ggml_set_input: tensor is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_set_output(nullptr); }), HasSubstr("lugh: ggml_set_output: tensor is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_op_desc(nullptr); }), HasSubstr("lugh: ggml_op_desc: tensor is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_graph_plan(nullptr, 1, nullptr); }), HasSubstr("lugh: ggml_graph_plan: graph is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_graph_compute(nullptr, nullptr); }),
                HasSubstr("lugh: ggml_graph_compute: cplan is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_graph_get_tensor(nullptr, "x"); }),
                HasSubstr("lugh: ggml_graph_get_tensor: graph is NULL"));
    float f = 0;
    ggml_fp16_t h = 0;
    EXPECT_THAT(c_error_of([&] { ggml_fp16_to_fp32_row(nullptr, &f, 1); }),
                HasSubstr("lugh: ggml_fp16_to_fp32_row: x is NULL"));
    EXPECT_THAT(c_error_of([&] { ggml_fp32_to_fp16_row(&f, nullptr, 1); }),
                HasSubstr("lugh: ggml_fp32_to_fp16_row: y is NULL"));
    ggml_fp16_to_fp32_row(nullptr, nullptr, 0);   // nothing to convert: fine
    (void)h;

    gguf_context* g = gguf_init_empty();
    EXPECT_THAT(c_error_of([&] { gguf_get_meta_data(g, nullptr); }),
                HasSubstr("lugh: gguf_get_meta_data: data is NULL"));
    gguf_free(g);
}

TEST(CApiPointers, TheContextIsUsableAfterARefusal) {
    CContext ctx(1 << 16);
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    EXPECT_FALSE(c_error_of([] { ggml_nbytes(nullptr); }).empty());
    EXPECT_EQ(ggml_nbytes(t), 16u);
    EXPECT_TRUE(ggml_is_contiguous(t));
    ggml_set_input(t);
    EXPECT_EQ(t->flags & GGML_TENSOR_FLAG_INPUT, GGML_TENSOR_FLAG_INPUT);
}

}  // namespace
