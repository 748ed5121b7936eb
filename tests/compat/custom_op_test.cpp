// Custom operations (lugh-ggml-custom.h): the caller's function runs on the
// pool with upstream's ith/nth contract, for 1 and N threads, n_tasks 1, 2
// and GGML_N_TASKS_MAX; results checked against plain loops; bad arguments
// refused with messages. CustomOpThreads* run under TSan (make tsan).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <set>
#include <vector>

#include "core/test_support.hpp"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"

using lugh_test::c_error_of;
using lugh_test::CContext;
using testing::HasSubstr;

namespace {

// Which (ith, nth) pairs a node's function saw.
struct Calls {
    std::mutex mutex;
    std::set<std::pair<int, int>> seen;
    void note(int ith, int nth) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.insert({ith, nth});
    }
};

// dst = a * a + 1, element i computed by thread i % nth.
void square_plus_one(ggml_tensor* dst, const ggml_tensor* a, int ith, int nth, void* userdata) {
    static_cast<Calls*>(userdata)->note(ith, nth);
    const float* x = static_cast<const float*>(a->data);
    float* y = static_cast<float*>(dst->data);
    for (int64_t i = ith; i < ggml_nelements(dst); i += nth) y[i] = x[i] * x[i] + 1.0f;
}

void weighted_sum(ggml_tensor* dst, const ggml_tensor* a, const ggml_tensor* b, int ith, int nth, void* userdata) {
    const float w = *static_cast<const float*>(userdata);
    const float* x = static_cast<const float*>(a->data);
    const float* z = static_cast<const float*>(b->data);
    float* y = static_cast<float*>(dst->data);
    for (int64_t i = ith; i < ggml_nelements(dst); i += nth) y[i] = x[i] + w * z[i];
}

void fused_multiply_add(ggml_tensor* dst, const ggml_tensor* a, const ggml_tensor* b, const ggml_tensor* c, int ith,
                        int nth, void*) {
    const float* x = static_cast<const float*>(a->data);
    const float* u = static_cast<const float*>(b->data);
    const float* v = static_cast<const float*>(c->data);
    float* y = static_cast<float*>(dst->data);
    for (int64_t i = ith; i < ggml_nelements(dst); i += nth) y[i] = x[i] * u[i] + v[i];
}

// dst[i, j] = sum of row j of src[0] + i (dst is [4, rows of src0]).
void row_sums_4d(ggml_tensor* dst, int ith, int nth, void* userdata) {
    static_cast<Calls*>(userdata)->note(ith, nth);
    const ggml_tensor* a = dst->src[0];
    for (int64_t j = ith; j < dst->ne[1]; j += nth) {
        float s = 0;
        for (int64_t k = 0; k < a->ne[0]; ++k) s += static_cast<const float*>(a->data)[j * a->ne[0] + k];
        for (int64_t i = 0; i < dst->ne[0]; ++i) static_cast<float*>(dst->data)[j * dst->ne[0] + i] = s + i;
    }
}

void negate_in_place(ggml_tensor* dst, int ith, int nth, void*) {
    float* y = static_cast<float*>(dst->data);
    for (int64_t i = ith; i < ggml_nelements(dst); i += nth) y[i] = -y[i];
}

ggml_tensor* filled(ggml_context* ctx, int64_t n, float scale) {
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, n);
    for (int64_t i = 0; i < n; ++i) ggml_set_f32_1d(t, static_cast<int>(i), scale * static_cast<float>(i % 17) - 3);
    return t;
}

void compute(ggml_context* ctx, ggml_tensor* out, int n_threads) {
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, out);
    ASSERT_EQ(ggml_graph_compute_with_ctx(ctx, gf, n_threads), GGML_STATUS_SUCCESS);
}

struct Threads : testing::TestWithParam<int> {};

TEST_P(Threads, MapCustom1SplitsAsAskedAndComputesEveryElement) {
    const int n_threads = GetParam();
    for (int n_tasks : {GGML_N_TASKS_MAX, 1, 2, 64}) {
        CContext ctx(1 << 20);
        ggml_tensor* a = filled(ctx, 1001, 0.5f);
        Calls calls;
        ggml_tensor* r = ggml_map_custom1(ctx, a, square_plus_one, n_tasks, &calls);
        EXPECT_EQ(r->op, GGML_OP_MAP_CUSTOM1);
        EXPECT_EQ(r->src[0], a);
        EXPECT_NE(r->data, a->data);
        compute(ctx, r, n_threads);
        for (int i = 0; i < 1001; ++i) {
            const float x = ggml_get_f32_1d(a, i);
            ASSERT_EQ(ggml_get_f32_1d(r, i), x * x + 1.0f) << i;
        }
        // nth = n_tasks, capped at the thread count; every ith 0..nth-1 called once.
        const int nth = n_tasks == GGML_N_TASKS_MAX || n_tasks > n_threads ? n_threads : n_tasks;
        std::set<std::pair<int, int>> expected;
        for (int i = 0; i < nth; ++i) expected.insert({i, nth});
        EXPECT_EQ(calls.seen, expected) << "n_tasks " << n_tasks << ", " << n_threads << " threads";
    }
}

TEST_P(Threads, MapCustom2And3WithUserdata) {
    CContext ctx(1 << 20);
    ggml_tensor* a = filled(ctx, 333, 1.0f);
    ggml_tensor* b = filled(ctx, 333, -0.25f);
    ggml_tensor* c = filled(ctx, 333, 2.0f);
    float w = 3.0f;
    ggml_tensor* r2 = ggml_map_custom2(ctx, a, b, weighted_sum, GGML_N_TASKS_MAX, &w);
    ggml_tensor* r3 = ggml_map_custom3(ctx, a, b, c, fused_multiply_add, 3, nullptr);
    EXPECT_EQ(r3->src[2], c);
    compute(ctx, r2, GetParam());
    compute(ctx, r3, GetParam());
    for (int i = 0; i < 333; ++i) {
        const float x = ggml_get_f32_1d(a, i), u = ggml_get_f32_1d(b, i), v = ggml_get_f32_1d(c, i);
        ASSERT_EQ(ggml_get_f32_1d(r2, i), x + w * u);
        ASSERT_EQ(ggml_get_f32_1d(r3, i), x * u + v);
    }
}

TEST_P(Threads, InplaceFormsWriteIntoTheirFirstSource) {
    CContext ctx(1 << 20);
    ggml_tensor* a = filled(ctx, 100, 1.0f);
    std::vector<float> before(100);
    for (int i = 0; i < 100; ++i) before[i] = ggml_get_f32_1d(a, i);
    Calls calls;
    ggml_tensor* r = ggml_map_custom1_inplace(ctx, a, square_plus_one, GGML_N_TASKS_MAX, &calls);
    EXPECT_EQ(r->view_src, a);
    EXPECT_EQ(r->data, a->data);
    compute(ctx, r, GetParam());
    for (int i = 0; i < 100; ++i) ASSERT_EQ(ggml_get_f32_1d(a, i), before[i] * before[i] + 1.0f);

    ggml_tensor* n = ggml_custom_inplace(ctx, a, nullptr, 0, negate_in_place, GGML_N_TASKS_MAX, nullptr);
    EXPECT_EQ(n->op, GGML_OP_CUSTOM);
    EXPECT_EQ(n->src[0], a);
    compute(ctx, n, GetParam());
    for (int i = 0; i < 100; ++i) ASSERT_EQ(ggml_get_f32_1d(a, i), -(before[i] * before[i] + 1.0f));
}

TEST_P(Threads, Custom4dMakesItsOwnShapeFromItsArguments) {
    CContext ctx(1 << 20);
    ggml_tensor* a = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 5, 7);
    for (int i = 0; i < 35; ++i) ggml_set_f32_1d(a, i, static_cast<float>(i));
    ggml_tensor* args[1] = {a};
    Calls calls;
    ggml_tensor* r = ggml_custom_4d(ctx, GGML_TYPE_F32, 4, 7, 1, 1, args, 1, row_sums_4d, 2, &calls);
    EXPECT_EQ(r->ne[0], 4);
    EXPECT_EQ(r->ne[1], 7);
    EXPECT_EQ(r->src[0], a);
    EXPECT_EQ(r->src[1], nullptr);
    compute(ctx, r, GetParam());
    for (int j = 0; j < 7; ++j) {
        float s = 0;
        for (int k = 0; k < 5; ++k) s += static_cast<float>(j * 5 + k);
        for (int i = 0; i < 4; ++i) ASSERT_EQ(ggml_get_f32_nd(r, i, j, 0, 0), s + i);
    }
    EXPECT_EQ(calls.seen.size(), static_cast<size_t>(GetParam() >= 2 ? 2 : 1));
}

INSTANTIATE_TEST_SUITE_P(CustomOpThreads, Threads, testing::Values(1, 4));

TEST(CustomOps, RunThroughTheSchedulerAndThePlanner) {
    // A no_alloc graph whose custom node gets its memory from the planner.
    CContext ctx(1 << 20, nullptr, true);
    ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 64);
    ggml_set_input(a);
    Calls calls;
    ggml_tensor* r = ggml_map_custom1(ctx, a, square_plus_one, GGML_N_TASKS_MAX, &calls);
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, r);
    ggml_backend_t cpu = ggml_backend_cpu_init();
    ggml_backend_cpu_set_n_threads(cpu, 3);
    ggml_backend_sched_t sched = ggml_backend_sched_new(&cpu, nullptr, 1, 64, false, true);
    ASSERT_TRUE(ggml_backend_sched_alloc_graph(sched, gf));
    std::vector<float> in(64), out(64);
    for (int i = 0; i < 64; ++i) in[i] = 0.25f * i;
    ggml_backend_tensor_set(a, in.data(), 0, sizeof(float) * 64);
    ASSERT_EQ(ggml_backend_sched_graph_compute(sched, gf), GGML_STATUS_SUCCESS);
    ggml_backend_tensor_get(r, out.data(), 0, sizeof(float) * 64);
    for (int i = 0; i < 64; ++i) EXPECT_EQ(out[i], in[i] * in[i] + 1.0f);
    EXPECT_EQ(calls.seen.size(), 3u);
    ggml_backend_sched_free(sched);
    ggml_backend_free(cpu);
}

TEST(CustomOps, BadArgumentsAreRefusedWithAMessage) {
    CContext ctx(1 << 20);
    ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 8);
    Calls calls;
    EXPECT_THAT(c_error_of([&] { ggml_map_custom1(ctx, a, nullptr, 1, nullptr); }),
                HasSubstr("lugh: ggml_map_custom1: fun is NULL"));
    EXPECT_THAT(c_error_of([&] { ggml_map_custom1(ctx, a, square_plus_one, 0, &calls); }),
                HasSubstr("ggml_map_custom1: n_tasks is 0; it must be >= 1 or GGML_N_TASKS_MAX (-1)"));
    EXPECT_THAT(c_error_of([&] { ggml_map_custom1(ctx, a, square_plus_one, -2, &calls); }),
                HasSubstr("n_tasks is -2"));
    EXPECT_THAT(c_error_of([&] { ggml_map_custom2(ctx, a, nullptr, weighted_sum, 1, nullptr); }),
                HasSubstr("ggml_map_custom2: tensor b is NULL"));
    EXPECT_THAT(c_error_of([&] { ggml_map_custom3_inplace(ctx, nullptr, a, a, fused_multiply_add, 1, nullptr); }),
                HasSubstr("ggml_map_custom3_inplace: tensor a is NULL"));
    ggml_tensor* five[5] = {a, a, a, a, a};
    EXPECT_THAT(c_error_of([&] { ggml_custom_4d(ctx, GGML_TYPE_F32, 1, 1, 1, 1, five, 5, negate_in_place, 1, nullptr); }),
                HasSubstr("ggml_custom_4d: n_args is 5; it must be 0..4"));
    EXPECT_THAT(c_error_of([&] { ggml_custom_inplace(ctx, a, five, 4, negate_in_place, 1, nullptr); }),
                HasSubstr("ggml_custom_inplace: n_args is 4; it must be 0..3"));
    EXPECT_THAT(c_error_of([&] { ggml_custom_4d(ctx, GGML_TYPE_F32, 1, 1, 1, 1, nullptr, 2, negate_in_place, 1, nullptr); }),
                HasSubstr("args is NULL but n_args is 2"));
    ggml_tensor* with_null[2] = {a, nullptr};
    EXPECT_THAT(c_error_of([&] { ggml_custom_4d(ctx, GGML_TYPE_F32, 1, 1, 1, 1, with_null, 2, negate_in_place, 1, nullptr); }),
                HasSubstr("tensor args[1] is NULL"));
    EXPECT_THAT(c_error_of([&] { ggml_custom_4d(ctx, static_cast<ggml_type>(99), 1, 1, 1, 1, nullptr, 0, negate_in_place, 1, nullptr); }),
                HasSubstr("unknown tensor type 99"));
    EXPECT_THAT(c_error_of([&] { ggml_custom_4d(ctx, GGML_TYPE_F32, -1, 1, 1, 1, nullptr, 0, negate_in_place, 1, nullptr); }),
                HasSubstr("ggml_custom_4d"));
    // The context is still usable.
    EXPECT_NE(ggml_map_custom1(ctx, a, square_plus_one, 1, &calls), nullptr);
}

TEST(CustomOps, NamesOfTheNewOps) {
    EXPECT_STREQ(ggml_op_name(GGML_OP_MAP_CUSTOM1), "MAP_CUSTOM1");
    EXPECT_STREQ(ggml_op_name(GGML_OP_CUSTOM), "CUSTOM");
    EXPECT_STREQ(ggml_op_symbol(GGML_OP_MAP_CUSTOM3), "custom(x,y,z)");
}

}  // namespace
