// Buffer types, buffers and the CPU backend object through the C API.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "lugh/ggml/ggml-alloc.h"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"

TEST(BufferType, CpuTypeIsNamedAlignedAndHost) {
    ggml_backend_buffer_type_t buft = ggml_backend_cpu_buffer_type();
    ASSERT_NE(buft, nullptr);
    EXPECT_STREQ(ggml_backend_buft_name(buft), "CPU");
    EXPECT_EQ(ggml_backend_buft_get_alignment(buft), 64u);
    EXPECT_TRUE(ggml_backend_buft_is_host(buft));
    EXPECT_EQ(ggml_backend_buft_get_max_size(buft), SIZE_MAX);
    EXPECT_EQ(ggml_backend_cpu_buffer_type(), buft);   // one object
}

TEST(Buffer, AllocClearAndFree) {
    for (size_t size : {size_t(1), size_t(7), size_t(4097), size_t(3) << 20}) {
        ggml_backend_buffer_t b = ggml_backend_buft_alloc_buffer(ggml_backend_cpu_buffer_type(), size);
        ASSERT_NE(b, nullptr);
        EXPECT_EQ(ggml_backend_buffer_get_size(b), size);
        auto* base = static_cast<unsigned char*>(ggml_backend_buffer_get_base(b));
        ASSERT_NE(base, nullptr);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(base) % 64, 0u);
        EXPECT_STREQ(ggml_backend_buffer_name(b), "CPU");
        EXPECT_EQ(ggml_backend_buffer_get_alignment(b), 64u);
        EXPECT_EQ(ggml_backend_buffer_get_type(b), ggml_backend_cpu_buffer_type());
        EXPECT_TRUE(ggml_backend_buffer_is_host(b));
        ggml_backend_buffer_clear(b, 0xAB);
        EXPECT_EQ(base[0], 0xAB);
        EXPECT_EQ(base[size - 1], 0xAB);
        ggml_backend_buffer_clear(b, 0);
        EXPECT_EQ(base[size / 2], 0);
        ggml_backend_buffer_set_usage(b, GGML_BACKEND_BUFFER_USAGE_WEIGHTS);
        EXPECT_EQ(ggml_backend_buffer_get_usage(b), GGML_BACKEND_BUFFER_USAGE_WEIGHTS);
        ggml_backend_buffer_free(b);
    }
}

TEST(Buffer, EmptyBufferIsValid) {
    ggml_backend_buffer_t b = ggml_backend_buft_alloc_buffer(ggml_backend_cpu_buffer_type(), 0);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(ggml_backend_buffer_get_size(b), 0u);
    ggml_backend_buffer_clear(b, 1);
    ggml_backend_buffer_free(b);
    ggml_backend_buffer_free(nullptr);   // ignored
}

TEST(Buffer, FromPtrWrapsCallerMemory) {
    std::vector<unsigned char> mem(1000, 7);
    ggml_backend_buffer_t b = ggml_backend_cpu_buffer_from_ptr(mem.data(), mem.size());
    EXPECT_EQ(ggml_backend_buffer_get_base(b), mem.data());
    EXPECT_EQ(ggml_backend_buffer_get_size(b), 1000u);
    ggml_backend_buffer_clear(b, 3);
    EXPECT_EQ(mem[999], 3);
    ggml_backend_buffer_free(b);   // the vector still owns (and frees) the memory
    EXPECT_EQ(mem[0], 3);
}

TEST(Buffer, BadArgumentsAreClearErrors) {
    EXPECT_DEATH(ggml_backend_buffer_get_base(nullptr), "ggml_backend_buffer_get_base: buffer is NULL");
    EXPECT_DEATH(ggml_backend_buft_alloc_buffer(nullptr, 10), "ggml_backend_buft_alloc_buffer: buffer type is NULL");
    EXPECT_DEATH(ggml_backend_cpu_buffer_from_ptr(nullptr, 10), "ptr is NULL but size is 10");
    int x;
    EXPECT_DEATH(ggml_backend_buft_alloc_buffer(reinterpret_cast<ggml_backend_buffer_type_t>(&x), 10),
                 "not a buffer type Lugh knows");
}

TEST(Backend, CpuBackendBasics) {
    ggml_backend_t be = ggml_backend_cpu_init();
    ASSERT_NE(be, nullptr);
    EXPECT_STREQ(ggml_backend_name(be), "CPU");
    EXPECT_TRUE(ggml_backend_is_cpu(be));
    EXPECT_FALSE(ggml_backend_is_cpu(nullptr));
    EXPECT_EQ(ggml_backend_get_default_buffer_type(be), ggml_backend_cpu_buffer_type());
    EXPECT_EQ(ggml_backend_get_alignment(be), 64u);
    ggml_backend_cpu_set_n_threads(be, 1);
    ggml_backend_cpu_set_n_threads(be, 3);
    ggml_backend_buffer_t b = ggml_backend_alloc_buffer(be, 128);
    EXPECT_EQ(ggml_backend_buffer_get_size(b), 128u);
    ggml_backend_buffer_free(b);
    ggml_backend_synchronize(be);
    ggml_backend_free(be);
    ggml_backend_free(nullptr);   // ignored
}

TEST(Backend, BadArgumentsAreClearErrors) {
    ggml_backend_t be = ggml_backend_cpu_init();
    EXPECT_DEATH(ggml_backend_cpu_set_n_threads(be, 0), "ggml_backend_cpu_set_n_threads: n_threads must be 1..512, got 0");
    EXPECT_DEATH(ggml_backend_cpu_set_n_threads(be, 1000), "n_threads must be 1..512, got 1000");
    EXPECT_DEATH(ggml_backend_name(nullptr), "ggml_backend_name: backend is NULL");
    EXPECT_DEATH(ggml_backend_graph_compute(be, nullptr), "ggml_backend_graph_compute: graph is NULL");
    ggml_backend_free(be);
}

TEST(Buffer, SizesOfTensorsAndLimits) {
    ggml_context* ctx = ggml_init({1 << 16, nullptr, true});
    ggml_tensor* t = ggml_new_tensor_2d(ctx, GGML_TYPE_F16, 33, 7);
    ggml_backend_buffer_type_t buft = ggml_backend_cpu_buffer_type();
    EXPECT_EQ(ggml_backend_buft_get_alloc_size(buft, t), ggml_nbytes(t));
    ggml_backend_buffer_t b = ggml_backend_buft_alloc_buffer(buft, 1024);
    EXPECT_EQ(ggml_backend_buffer_get_alloc_size(b, t), 33u * 7u * 2u);
    EXPECT_EQ(ggml_backend_buffer_get_max_size(b), SIZE_MAX);
    EXPECT_EQ(ggml_backend_buffer_init_tensor(b, t), GGML_STATUS_SUCCESS);
    EXPECT_DEATH(ggml_backend_buft_get_alloc_size(buft, nullptr), "tensor is NULL");
    ggml_backend_t be = ggml_backend_cpu_init();
    EXPECT_EQ(ggml_backend_get_max_size(be), SIZE_MAX);
    ggml_backend_free(be);
    ggml_backend_buffer_free(b);
    ggml_free(ctx);
}
