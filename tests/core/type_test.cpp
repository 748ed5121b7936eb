// The type table: enum values (stored in GGUF files), sizes, names.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lugh/ggml/ggml.h"
#include "lugh/lugh.hpp"

namespace {

TEST(Types, EnumValuesAreUpstreams) {
    EXPECT_EQ(GGML_TYPE_F32, 0);
    EXPECT_EQ(GGML_TYPE_F16, 1);
    EXPECT_EQ(GGML_TYPE_Q4_0, 2);
    EXPECT_EQ(GGML_TYPE_Q8_0, 8);
    EXPECT_EQ(GGML_TYPE_I8, 24);
    EXPECT_EQ(GGML_TYPE_I16, 25);
    EXPECT_EQ(GGML_TYPE_I32, 26);
    EXPECT_EQ(GGML_TYPE_BF16, 30);
    EXPECT_EQ(static_cast<int>(lugh::Type::F32), GGML_TYPE_F32);
    EXPECT_EQ(static_cast<int>(lugh::Type::F16), GGML_TYPE_F16);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q4_0), GGML_TYPE_Q4_0);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q8_0), GGML_TYPE_Q8_0);
    EXPECT_EQ(static_cast<int>(lugh::Type::I8), GGML_TYPE_I8);
    EXPECT_EQ(static_cast<int>(lugh::Type::I16), GGML_TYPE_I16);
    EXPECT_EQ(static_cast<int>(lugh::Type::I32), GGML_TYPE_I32);
    EXPECT_EQ(static_cast<int>(lugh::Type::BF16), GGML_TYPE_BF16);
    // The weight types of downloaded models (upstream's numbers).
    EXPECT_EQ(GGML_TYPE_Q4_1, 3);
    EXPECT_EQ(GGML_TYPE_Q5_0, 6);
    EXPECT_EQ(GGML_TYPE_Q5_1, 7);
    EXPECT_EQ(GGML_TYPE_Q2_K, 10);
    EXPECT_EQ(GGML_TYPE_Q3_K, 11);
    EXPECT_EQ(GGML_TYPE_Q4_K, 12);
    EXPECT_EQ(GGML_TYPE_Q5_K, 13);
    EXPECT_EQ(GGML_TYPE_Q6_K, 14);
    EXPECT_EQ(GGML_TYPE_Q8_K, 15);
    EXPECT_EQ(GGML_TYPE_IQ4_NL, 20);
    EXPECT_EQ(GGML_TYPE_IQ4_XS, 23);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q4_1), GGML_TYPE_Q4_1);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q5_0), GGML_TYPE_Q5_0);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q5_1), GGML_TYPE_Q5_1);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q2_K), GGML_TYPE_Q2_K);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q3_K), GGML_TYPE_Q3_K);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q4_K), GGML_TYPE_Q4_K);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q5_K), GGML_TYPE_Q5_K);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q6_K), GGML_TYPE_Q6_K);
    EXPECT_EQ(static_cast<int>(lugh::Type::Q8_K), GGML_TYPE_Q8_K);
    EXPECT_EQ(static_cast<int>(lugh::Type::IQ4_NL), GGML_TYPE_IQ4_NL);
    EXPECT_EQ(static_cast<int>(lugh::Type::IQ4_XS), GGML_TYPE_IQ4_XS);
}

struct TypeRow {
    ggml_type type;
    const char* name;
    size_t size;
    int64_t blck;
    bool quantized;
};

const TypeRow kTable[] = {
    {GGML_TYPE_F32, "f32", 4, 1, false},     {GGML_TYPE_F16, "f16", 2, 1, false},
    {GGML_TYPE_BF16, "bf16", 2, 1, false},   {GGML_TYPE_I8, "i8", 1, 1, false},
    {GGML_TYPE_I16, "i16", 2, 1, false},     {GGML_TYPE_I32, "i32", 4, 1, false},
    {GGML_TYPE_Q4_0, "q4_0", 18, 32, true},  {GGML_TYPE_Q8_0, "q8_0", 34, 32, true},
    {GGML_TYPE_Q4_1, "q4_1", 20, 32, true},  {GGML_TYPE_Q5_0, "q5_0", 22, 32, true},
    {GGML_TYPE_Q5_1, "q5_1", 24, 32, true},  {GGML_TYPE_Q2_K, "q2_K", 84, 256, true},
    {GGML_TYPE_Q3_K, "q3_K", 110, 256, true}, {GGML_TYPE_Q4_K, "q4_K", 144, 256, true},
    {GGML_TYPE_Q5_K, "q5_K", 176, 256, true}, {GGML_TYPE_Q6_K, "q6_K", 210, 256, true},
    {GGML_TYPE_Q8_K, "q8_K", 292, 256, true}, {GGML_TYPE_IQ4_NL, "iq4_nl", 18, 32, true},
    {GGML_TYPE_IQ4_XS, "iq4_xs", 136, 256, true},
};

TEST(Types, SizesBlocksAndNames) {
    for (const TypeRow& row : kTable) {
        SCOPED_TRACE(row.name);
        EXPECT_STREQ(ggml_type_name(row.type), row.name);
        EXPECT_EQ(ggml_type_size(row.type), row.size);
        EXPECT_EQ(ggml_blck_size(row.type), row.blck);
        EXPECT_EQ(ggml_is_quantized(row.type), row.quantized);
        EXPECT_EQ(ggml_row_size(row.type, 0), 0u);
        EXPECT_EQ(ggml_row_size(row.type, row.blck * 7), 7 * row.size);
        EXPECT_EQ(ggml_row_size(row.type, row.blck * 4097), 4097 * row.size);

        const auto type = static_cast<lugh::Type>(row.type);
        EXPECT_STREQ(lugh::type_name(type), row.name);
        EXPECT_EQ(lugh::type_size(type), row.size);
        EXPECT_EQ(lugh::block_size(type), row.blck);
        EXPECT_EQ(lugh::is_quantized(type), row.quantized);
        EXPECT_EQ(lugh::row_size(type, row.blck * 33), 33 * row.size);
    }
}

TEST(Types, UnknownNumbersHaveNoEntry) {
    for (int n : {4, 5, 9, 16, 17, 21, 22, 27, 29, 31, 38, 39, 1000, -1}) {
        const auto type = static_cast<ggml_type>(n);
        EXPECT_EQ(ggml_type_name(type), nullptr) << n;
        EXPECT_EQ(ggml_type_size(type), 0u) << n;
        EXPECT_EQ(ggml_blck_size(type), 0) << n;
        EXPECT_FALSE(ggml_is_quantized(type)) << n;
        EXPECT_EQ(ggml_row_size(type, 32), 0u) << n;
        EXPECT_THROW(lugh::type_name(static_cast<lugh::Type>(n)), lugh::Error) << n;
    }
    try {
        lugh::type_size(static_cast<lugh::Type>(4));
        ADD_FAILURE();
    } catch (const lugh::Error& e) {
        EXPECT_STREQ(e.what(), "lugh: unknown tensor type 4");
    }
}

TEST(Types, CppRowSizeRejectsBadCounts) {
    EXPECT_THROW(lugh::row_size(lugh::Type::F32, -1), lugh::Error);
    try {
        lugh::row_size(lugh::Type::Q8_0, 33);
        ADD_FAILURE();
    } catch (const lugh::Error& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("33 elements of q8_0"));
    }
    EXPECT_THROW(lugh::row_size(lugh::Type::F32, INT64_MAX), lugh::Error);   // overflows size_t
    EXPECT_EQ(ggml_row_size(GGML_TYPE_F32, -5), 0u);
}

TEST(TypesDeath, RowSizeOfAPartialBlockAborts) {
    // Rounding down would name a size too small for the elements asked for.
    EXPECT_DEATH(ggml_row_size(GGML_TYPE_Q8_0, 33), "33 elements are not a whole number of q8_0 blocks");
    EXPECT_DEATH(ggml_row_size(GGML_TYPE_Q4_K, 288), "288 elements are not a whole number of q4_K blocks");
    EXPECT_EQ(ggml_row_size(GGML_TYPE_Q4_K, 512), 288u);
}

TEST(Status, DescribesEveryStatus) {
    EXPECT_STREQ(ggml_status_to_string(GGML_STATUS_SUCCESS), "GGML status: success");
    EXPECT_THAT(ggml_status_to_string(GGML_STATUS_ALLOC_FAILED), ::testing::HasSubstr("allocate"));
    EXPECT_THAT(ggml_status_to_string(GGML_STATUS_FAILED), ::testing::HasSubstr("failed"));
    EXPECT_THAT(ggml_status_to_string(GGML_STATUS_ABORTED), ::testing::HasSubstr("aborted"));
    EXPECT_THAT(ggml_status_to_string(static_cast<ggml_status>(42)), ::testing::HasSubstr("unknown"));
}

TEST(Time, ClocksAreMonotonic) {
    ggml_time_init();
    const int64_t us0 = ggml_time_us(), ms0 = ggml_time_ms();
    int64_t last = us0;
    for (int i = 0; i < 1000; ++i) {
        const int64_t now = ggml_time_us();
        EXPECT_GE(now, last);
        last = now;
    }
    const int64_t ms1 = ggml_time_ms();
    EXPECT_GE(ms1, ms0);
    // Both clocks count the same time: ms is us / 1000 (within a tick).
    EXPECT_NEAR(static_cast<double>(ggml_time_us()) / 1000.0, static_cast<double>(ggml_time_ms()), 2.0);
    EXPECT_GT(ggml_cycles_per_ms(), 0);
    EXPECT_GE(ggml_cycles(), 0);
}

}  // namespace
