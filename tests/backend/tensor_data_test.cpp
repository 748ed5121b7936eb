// Tensors in buffers: whole-context allocation, the tensor allocator,
// placing tensors and views, and checked set/get/memset.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <numeric>
#include <vector>

#include "lugh/ggml/ggml-alloc.h"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"

namespace {
struct MetaCtx {
    ggml_context* ctx = ggml_init({1 << 20, nullptr, true});
    ~MetaCtx() { ggml_free(ctx); }
};
}  // namespace

TEST(AllocCtxTensors, EveryTensorGetsAlignedDisjointMemory) {
    MetaCtx m;
    std::vector<ggml_tensor*> ts;
    for (int64_t n : {1, 7, 33, 4097}) ts.push_back(ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, n));
    ts.push_back(ggml_new_tensor_2d(m.ctx, GGML_TYPE_F16, 33, 3));
    ggml_tensor* v = ggml_view_tensor(m.ctx, ts[3]);
    for (ggml_tensor* t : ts) EXPECT_EQ(t->data, nullptr);

    const size_t need = ggml_backend_alloc_ctx_tensors_from_buft_size(m.ctx, ggml_backend_cpu_buffer_type());
    size_t sum = 0;
    for (ggml_tensor* t : ts) sum += ggml_nbytes(t);
    EXPECT_GE(need, sum);
    EXPECT_LT(need, sum + 64 * ts.size());

    ggml_backend_t be = ggml_backend_cpu_init();
    ggml_backend_buffer_t buf = ggml_backend_alloc_ctx_tensors(m.ctx, be);
    ASSERT_NE(buf, nullptr);
    EXPECT_EQ(ggml_backend_buffer_get_size(buf), need);
    auto* base = static_cast<char*>(ggml_backend_buffer_get_base(buf));
    for (size_t i = 0; i < ts.size(); ++i) {
        ggml_tensor* t = ts[i];
        ASSERT_NE(t->data, nullptr);
        EXPECT_EQ(t->buffer, buf);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(t->data) % 64, 0u);
        EXPECT_GE(static_cast<char*>(t->data), base);
        EXPECT_LE(static_cast<char*>(t->data) + ggml_nbytes(t), base + need);
        for (size_t j = 0; j < i; ++j) {
            const char* a = static_cast<char*>(t->data);
            const char* b = static_cast<char*>(ts[j]->data);
            EXPECT_TRUE(a + ggml_nbytes(t) <= b || b + ggml_nbytes(ts[j]) <= a);
        }
    }
    EXPECT_EQ(v->data, ts[3]->data);   // the view follows its source
    EXPECT_EQ(v->buffer, buf);

    // Nothing left to allocate: NULL, and the size is 0.
    EXPECT_EQ(ggml_backend_alloc_ctx_tensors_from_buft_size(m.ctx, ggml_backend_cpu_buffer_type()), 0u);
    EXPECT_EQ(ggml_backend_alloc_ctx_tensors(m.ctx, be), nullptr);
    ggml_backend_buffer_free(buf);
    ggml_backend_free(be);
}

TEST(AllocCtxTensors, BadArgumentsAreClearErrors) {
    MetaCtx m;
    ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 4);
    EXPECT_DEATH(ggml_backend_alloc_ctx_tensors(m.ctx, nullptr), "ggml_backend_alloc_ctx_tensors: backend is NULL");
    EXPECT_DEATH(ggml_backend_alloc_ctx_tensors_from_buft(nullptr, ggml_backend_cpu_buffer_type()), "context is NULL");
    EXPECT_DEATH(ggml_backend_alloc_ctx_tensors_from_buft_size(m.ctx, nullptr), "buffer type is NULL");
}

TEST(Tallocr, PlacesTensorsOneAfterAnother) {
    MetaCtx m;
    ggml_tensor* a = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 7);
    ggml_tensor* b = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 33);
    ggml_tensor* c = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 1000);
    ggml_backend_buffer_t buf = ggml_backend_buft_alloc_buffer(ggml_backend_cpu_buffer_type(), 64 + 192);
    ggml_tallocr ta = ggml_tallocr_new(buf);
    EXPECT_EQ(ta.buffer, buf);
    EXPECT_EQ(ta.base, ggml_backend_buffer_get_base(buf));
    EXPECT_EQ(ta.alignment, 64u);
    EXPECT_EQ(ggml_tallocr_alloc(&ta, a), GGML_STATUS_SUCCESS);
    EXPECT_EQ(ggml_tallocr_alloc(&ta, b), GGML_STATUS_SUCCESS);
    EXPECT_EQ(a->data, ta.base);
    EXPECT_EQ(b->data, static_cast<char*>(ta.base) + 64);
    EXPECT_EQ(b->buffer, buf);
    EXPECT_DEATH(ggml_tallocr_alloc(&ta, c), "buffer 'CPU' is full: tensor '' needs 4000 bytes at offset 256, but the buffer has 256 bytes");
    EXPECT_DEATH(ggml_tallocr_alloc(&ta, a), "already has data");
    ggml_backend_buffer_free(buf);
}

TEST(Tallocr, AlignsAddressesInCallerMemory) {
    MetaCtx m;
    ggml_tensor* a = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 3);
    ggml_tensor* b = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 3);
    alignas(64) static unsigned char mem[512];
    ggml_backend_buffer_t buf = ggml_backend_cpu_buffer_from_ptr(mem + 8, 400);   // deliberately misaligned
    ggml_tallocr ta = ggml_tallocr_new(buf);
    ggml_tallocr_alloc(&ta, a);
    ggml_tallocr_alloc(&ta, b);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(a->data) % 64, 0u);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(b->data) % 64, 0u);
    EXPECT_GE(static_cast<unsigned char*>(a->data), mem + 8);
    EXPECT_LT(static_cast<unsigned char*>(b->data), mem + 408);
    ggml_backend_buffer_free(buf);
}

TEST(TensorAlloc, PlacesAtAnAddressInsideTheBuffer) {
    MetaCtx m;
    ggml_tensor* a = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 16);
    ggml_tensor* b = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 16);
    ggml_tensor* v = ggml_view_tensor(m.ctx, a);
    ggml_backend_buffer_t buf = ggml_backend_buft_alloc_buffer(ggml_backend_cpu_buffer_type(), 100);
    char* base = static_cast<char*>(ggml_backend_buffer_get_base(buf));
    EXPECT_DEATH(ggml_backend_tensor_alloc(buf, a, base + 40), "needs 64 bytes at .* not inside buffer");
    EXPECT_DEATH(ggml_backend_view_init(v), "its source '' has none yet");
    EXPECT_EQ(ggml_backend_tensor_alloc(buf, a, base + 36), GGML_STATUS_SUCCESS);
    EXPECT_EQ(a->buffer, buf);
    EXPECT_EQ(ggml_backend_view_init(v), GGML_STATUS_SUCCESS);
    EXPECT_EQ(v->data, a->data);
    EXPECT_DEATH(ggml_backend_tensor_alloc(buf, b, base - 4), "not inside buffer");
    EXPECT_DEATH(ggml_backend_tensor_alloc(buf, v, base), "is a view");
    ggml_backend_buffer_free(buf);
}

TEST(TensorData, SetGetMemsetRoundTrip) {
    MetaCtx m;
    ggml_tensor* t = ggml_new_tensor_2d(m.ctx, GGML_TYPE_F32, 33, 7);
    ggml_backend_buffer_t buf = ggml_backend_alloc_ctx_tensors_from_buft(m.ctx, ggml_backend_cpu_buffer_type());
    std::vector<float> in(33 * 7), out(33 * 7, -1.0f);
    std::iota(in.begin(), in.end(), 0.5f);
    ggml_backend_tensor_set(t, in.data(), 0, ggml_nbytes(t));
    ggml_backend_tensor_get(t, out.data(), 0, ggml_nbytes(t));
    EXPECT_EQ(in, out);
    EXPECT_EQ(ggml_get_f32_1d(t, 40), 40.5f);

    // Partial ranges at an offset.
    const float five[5] = {9, 8, 7, 6, 5};
    ggml_backend_tensor_set(t, five, 10 * sizeof(float), sizeof five);
    float back[5] = {};
    ggml_backend_tensor_get(t, back, 10 * sizeof(float), sizeof back);
    EXPECT_EQ(0, std::memcmp(five, back, sizeof five));
    EXPECT_EQ(ggml_get_f32_1d(t, 9), 9.5f);
    EXPECT_EQ(ggml_get_f32_1d(t, 15), 15.5f);

    ggml_backend_tensor_memset(t, 0, 4 * sizeof(float), 2 * sizeof(float));
    EXPECT_EQ(ggml_get_f32_1d(t, 3), 3.5f);
    EXPECT_EQ(ggml_get_f32_1d(t, 4), 0.0f);
    EXPECT_EQ(ggml_get_f32_1d(t, 5), 0.0f);
    EXPECT_EQ(ggml_get_f32_1d(t, 6), 6.5f);

    // The last byte exactly, and size 0 (with a NULL pointer) are fine.
    ggml_backend_tensor_memset(t, 0, ggml_nbytes(t) - 1, 1);
    ggml_backend_tensor_set(t, nullptr, ggml_nbytes(t), 0);
    ggml_backend_tensor_get(t, nullptr, 0, 0);
    ggml_backend_buffer_free(buf);
}

TEST(TensorData, RangesOutsideTheTensorAreErrorsAndWriteNothing) {
    MetaCtx m;
    ggml_tensor* t = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 4);   // 16 bytes
    ggml_tensor* guard = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 16);
    ggml_backend_buffer_t buf = ggml_backend_alloc_ctx_tensors_from_buft(m.ctx, ggml_backend_cpu_buffer_type());
    ggml_backend_buffer_clear(buf, 0);
    ggml_set_name(t, "small");
    std::vector<unsigned char> big(64, 0xFF);
    EXPECT_DEATH(ggml_backend_tensor_set(t, big.data(), 0, 17), "bytes \\[0, 0 \\+ 17\\) are outside tensor 'small' of 16 bytes");
    EXPECT_DEATH(ggml_backend_tensor_set(t, big.data(), 12, 8), "outside tensor 'small'");
    EXPECT_DEATH(ggml_backend_tensor_set(t, big.data(), 17, 0 + 1), "outside tensor 'small'");
    EXPECT_DEATH(ggml_backend_tensor_set(t, big.data(), SIZE_MAX, 2), "outside tensor 'small'");   // offset + size wraps
    EXPECT_DEATH(ggml_backend_tensor_get(t, big.data(), 8, SIZE_MAX - 4), "outside tensor 'small'");
    EXPECT_DEATH(ggml_backend_tensor_memset(t, 1, 16, 1), "outside tensor 'small'");
    EXPECT_DEATH(ggml_backend_tensor_set(t, nullptr, 0, 4), "data pointer is NULL");
    EXPECT_DEATH(ggml_backend_tensor_set(nullptr, big.data(), 0, 4), "tensor is NULL");
    // Death tests run in a child: here nothing was written anywhere.
    for (int i = 0; i < 16; ++i) EXPECT_EQ(ggml_get_f32_1d(guard, i), 0.0f);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(ggml_get_f32_1d(t, i), 0.0f);
    ggml_backend_buffer_free(buf);
}

TEST(TensorData, TensorWithoutDataIsAClearError) {
    MetaCtx m;
    ggml_tensor* t = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 4);
    ggml_set_name(t, "unplaced");
    float v[4] = {};
    EXPECT_DEATH(ggml_backend_tensor_set(t, v, 0, sizeof v), "tensor 'unplaced' has no data: allocate");
    EXPECT_DEATH(ggml_backend_tensor_get(t, v, 0, sizeof v), "tensor 'unplaced' has no data");
}

TEST(TensorData, WorksOnTensorsInAnAllocatingContext) {
    ggml_context* ctx = ggml_init({1 << 16, nullptr, false});
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, 5);
    const int32_t in[5] = {1, -2, 3, -4, 5};
    ggml_backend_tensor_set(t, in, 0, sizeof in);
    EXPECT_EQ(ggml_get_i32_1d(t, 3), -4);
    ggml_free(ctx);
}

TEST(TensorData, CopyBetweenTensors) {
    MetaCtx m;
    ggml_tensor* a = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 7);
    ggml_tensor* b = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 7);
    ggml_tensor* c = ggml_new_tensor_1d(m.ctx, GGML_TYPE_F32, 8);
    ggml_backend_buffer_t buf = ggml_backend_alloc_ctx_tensors_from_buft(m.ctx, ggml_backend_cpu_buffer_type());
    const float v[7] = {1, 2, 3, 4, 5, 6, 7};
    ggml_backend_tensor_set(a, v, 0, sizeof v);
    ggml_backend_tensor_copy(a, b);
    EXPECT_EQ(ggml_get_f32_1d(b, 6), 7.0f);
    EXPECT_DEATH(ggml_backend_tensor_copy(a, c), "has 28 bytes but destination '' has 32");
    ggml_backend_buffer_free(buf);
}
