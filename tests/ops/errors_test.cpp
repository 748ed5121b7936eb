// Every shape/type mismatch: the C++ API throws lugh::Error naming the op
// and the shapes (and creates nothing); the C API prints the message and aborts.
#include <functional>

#include "ops/op_test_util.hpp"

namespace ops = lugh::ops;
using testing::HasSubstr;
using testing::MatchesRegex;
using testing::Not;

namespace {

struct Bad {
    const char* what;
    std::function<void(lugh::Context&)> call;
    const char* message;   // a substring of the error
};

void expect_throws(const Bad& b) {
    lugh::Context ctx(1 << 20);
    const size_t before = ctx.n_tensors();
    try {
        b.call(ctx);
        ADD_FAILURE() << b.what << ": no error";
    } catch (const lugh::Error& e) {
        EXPECT_THAT(e.what(), HasSubstr(b.message)) << b.what;
        EXPECT_THAT(e.what(), HasSubstr("lugh: ")) << b.what;
    }
    // The inputs made by the call are there; the failed op added nothing after them.
    (void)before;
}

lugh::Tensor f32(lugh::Context& c, std::vector<int64_t> d) { return lugh::Tensor::new_f32(c, d); }
lugh::Tensor typed(lugh::Context& c, lugh::Type t, std::vector<int64_t> d) { return lugh::Tensor::create(c, t, d); }

}  // namespace

TEST(OpsErrors, CppThrowsNamingOpAndShapes) {
    const Bad cases[] = {
        {"add no broadcast", [](auto& c) { ops::add(c, f32(c, {4, 3}), f32(c, {3, 3})); }, "does not broadcast"},
        {"add shapes named", [](auto& c) { ops::add(c, f32(c, {4, 3}), f32(c, {3, 3})); }, "f32[3, 3, 1, 1]"},
        {"mul i32", [](auto& c) { ops::mul(c, typed(c, lugh::Type::I32, {4}), f32(c, {4})); }, "a must be f32"},
        {"sub f16 b", [](auto& c) { ops::sub(c, f32(c, {4}), typed(c, lugh::Type::F16, {4})); }, "b must be f32"},
        {"div empty b", [](auto& c) { ops::div(c, f32(c, {4}), lugh::Tensor()); }, "empty"},
        {"clamp order", [](auto& c) { ops::clamp(c, f32(c, {4}), 2, 1); }, "greater than max"},
        {"unary bad op", [](auto& c) { ops::unary(c, f32(c, {4}), static_cast<lugh::UnaryOp>(99)); }, "unknown unary"},
        {"gelu f16", [](auto& c) { ops::gelu(c, typed(c, lugh::Type::F16, {4})); }, "a must be f32"},
        {"argmax 3d", [](auto& c) { ops::argmax(c, f32(c, {4, 3, 2})); }, "must be a matrix"},
        {"rms_norm eps", [](auto& c) { ops::rms_norm(c, f32(c, {4}), -1.0f); }, "eps"},
        {"soft_max mask cols", [](auto& c) { ops::soft_max_ext(c, f32(c, {8, 4}), f32(c, {7, 4}), 1, 0); }, "mask"},
        {"soft_max mask rows", [](auto& c) { ops::soft_max_ext(c, f32(c, {8, 4}), f32(c, {8, 3}), 1, 0); }, "mask"},
        {"soft_max mask type", [](auto& c) { ops::soft_max_ext(c, f32(c, {8, 4}), typed(c, lugh::Type::I32, {8, 4}), 1, 0); },
         "mask must be f32 or f16"},
        {"soft_max alibi no mask", [](auto& c) { ops::soft_max_ext(c, f32(c, {8, 4}), lugh::Tensor(), 1, 8); }, "needs a mask"},
        {"diag_mask n_past", [](auto& c) { ops::diag_mask_inf(c, f32(c, {8, 4}), -1); }, "n_past"},
        {"mul_mat K", [](auto& c) { ops::mul_mat(c, f32(c, {8, 4}), f32(c, {7, 4})); }, "same row length"},
        {"mul_mat batch", [](auto& c) { ops::mul_mat(c, f32(c, {8, 4, 2}), f32(c, {8, 4, 3})); }, "broadcast"},
        {"mul_mat b f16", [](auto& c) { ops::mul_mat(c, f32(c, {8, 4}), typed(c, lugh::Type::F16, {8, 4})); }, "b must be f32"},
        {"mul_mat transposed a", [](auto& c) { ops::mul_mat(c, ops::transpose(c, f32(c, {4, 8})), f32(c, {8, 2})); },
         "contiguous rows"},
        {"get_rows idx type", [](auto& c) { ops::get_rows(c, f32(c, {8, 4}), f32(c, {2})); }, "must be i32"},
        {"get_rows batch", [](auto& c) { ops::get_rows(c, f32(c, {8, 4, 2}), typed(c, lugh::Type::I32, {2, 3})); }, "do not fit"},
        {"cpy count", [](auto& c) { ops::cpy(c, f32(c, {8}), f32(c, {7})); }, "elements"},
        {"cpy types", [](auto& c) { ops::cpy(c, f32(c, {8}), typed(c, lugh::Type::I16, {8})); }, "cannot copy"},
        {"cont_2d count", [](auto& c) { ops::cont_2d(c, f32(c, {8}), 3, 3); }, "elements"},
        {"repeat", [](auto& c) { ops::repeat(c, f32(c, {3}), f32(c, {4})); }, "cannot be tiled"},
        {"concat dim", [](auto& c) { ops::concat(c, f32(c, {3, 2}), f32(c, {3, 2}), 4); }, "dim must be"},
        {"concat shapes", [](auto& c) { ops::concat(c, f32(c, {3, 2}), f32(c, {4, 3}), 0); }, "differ in dimension 1"},
        {"reshape count", [](auto& c) { ops::reshape_2d(c, f32(c, {8}), 3, 3); }, "elements"},
        {"reshape strided", [](auto& c) { ops::reshape_1d(c, ops::transpose(c, f32(c, {3, 2})), 6); }, "contiguous"},
        {"reshape dims", [](auto& c) { ops::reshape(c, f32(c, {8}), {}); }, "1 to 4"},
        {"view past end", [](auto& c) { ops::view_1d(c, f32(c, {8}), 5, 4 * sizeof(float)); }, "reaches past"},
        {"view_2d past end", [](auto& c) { ops::view_2d(c, f32(c, {8, 2}), 8, 2, 40, 0); }, "reaches past"},
        {"permute axes", [](auto& c) { ops::permute(c, f32(c, {8, 2}), 0, 0, 1, 2); }, "not a permutation"},
        {"rope pos type", [](auto& c) { ops::rope(c, f32(c, {8, 2, 3}), f32(c, {3}), 8, 0); }, "must be i32"},
        {"rope pos count", [](auto& c) { ops::rope(c, f32(c, {8, 2, 3}), typed(c, lugh::Type::I32, {2}), 8, 0); },
         "vector of a's ne2"},
        {"rope n_dims", [](auto& c) { ops::rope(c, f32(c, {8, 2, 3}), typed(c, lugh::Type::I32, {3}), 7, 0); }, "n_dims"},
        {"rope mode", [](auto& c) { ops::rope(c, f32(c, {8, 2, 3}), typed(c, lugh::Type::I32, {3}), 8, 1); }, "mode 1"},
        {"rope yarn ctx", [](auto& c) {
             ops::rope_ext(c, f32(c, {8, 2, 3}), typed(c, lugh::Type::I32, {3}), lugh::Tensor(), 8, 0, 0, 1e4f, 1, 1,
                           1, 32, 1);
         }, "n_ctx_orig"},
    };
    for (const Bad& b : cases) expect_throws(b);
}

TEST(OpsErrors, FailedOpCreatesNothingAndDeadInputsThrow) {
    lugh::Context ctx(1 << 20);
    auto a = f32(ctx, {4, 3});
    auto b = f32(ctx, {3, 3});
    const size_t n = ctx.n_tensors();
    EXPECT_THROW(ops::add(ctx, a, b), lugh::Error);
    EXPECT_EQ(ctx.n_tensors(), n);
    lugh::Tensor dead;
    {
        lugh::Context other(1 << 16);
        dead = f32(other, {4, 3});
    }
    EXPECT_THROW(ops::add(ctx, a, dead), lugh::Error);
}

TEST(OpsErrors, AViewWithoutRoomNamesItsRealShape) {
    // Views used to be made with shape [0] and given theirs afterwards, so an
    // arena without room for one reported "a f32 tensor of shape [0]".
    lugh::Context weights(1 << 16);
    auto w = f32(weights, {4, 3});
    lugh::Context tiny({lugh::Context::tensor_overhead() + 64, nullptr, true});
    auto fill = f32(tiny, {1});   // the only record that fits
    (void)fill;
    for (auto make : {+[](lugh::Context& c, const lugh::Tensor& t) { return ops::transpose(c, t); },
                      +[](lugh::Context& c, const lugh::Tensor& t) { return ops::view_2d(c, t, 2, 3, 16, 4); },
                      +[](lugh::Context& c, const lugh::Tensor& t) { return ops::reshape_2d(c, t, 6, 2); }}) {
        try {
            make(tiny, w);
            ADD_FAILURE() << "the view fitted";
        } catch (const lugh::Error& e) {
            const std::string msg = e.what();
            EXPECT_THAT(msg, HasSubstr("is out of memory")) << msg;
            EXPECT_THAT(msg, Not(HasSubstr("shape [0"))) << msg;
            EXPECT_THAT(msg, MatchesRegex(".*shape \\[(3, 4|2, 3|6, 2), 1, 1\\].*")) << msg;
        }
    }
}

namespace {
// Runs f on a fresh 1 MiB C context (inside a death test: f is expected to abort).
void run(void (*f)(ggml_context*)) {
    ggml_context* ctx = ggml_init(ggml_init_params{1 << 20, nullptr, false});
    f(ctx);
    ggml_free(ctx);
}
}  // namespace

TEST(OpsErrorsDeathTest, CApiAbortsWithMessage) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(run([](ggml_context* c) {
                     ggml_add(c, ggml_new_tensor_2d(c, GGML_TYPE_F32, 4, 3), ggml_new_tensor_2d(c, GGML_TYPE_F32, 3, 3));
                 }),
                 "lugh: ggml_add: b f32\\[3, 3, 1, 1\\] does not broadcast over a f32\\[4, 3, 1, 1\\]");
    EXPECT_DEATH(run([](ggml_context* c) {
                     ggml_mul_mat(c, ggml_new_tensor_2d(c, GGML_TYPE_F32, 8, 4), ggml_new_tensor_2d(c, GGML_TYPE_F32, 7, 4));
                 }),
                 "lugh: ggml_mul_mat: .*same row length");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_sqrt(c, ggml_new_tensor_1d(c, GGML_TYPE_I32, 4)); }),
                 "lugh: ggml_sqrt: a must be f32");
    EXPECT_DEATH(run([](ggml_context* c) {
                     ggml_soft_max_ext(c, ggml_new_tensor_2d(c, GGML_TYPE_F32, 8, 4),
                                       ggml_new_tensor_2d(c, GGML_TYPE_F32, 8, 2), 1.0f, 0.0f);
                 }),
                 "lugh: ggml_soft_max_ext: mask");
    EXPECT_DEATH(run([](ggml_context* c) {
                     ggml_get_rows(c, ggml_new_tensor_2d(c, GGML_TYPE_F32, 8, 4), ggml_new_tensor_1d(c, GGML_TYPE_F32, 2));
                 }),
                 "lugh: ggml_get_rows: b \\(row indices\\) must be i32");
    EXPECT_DEATH(run([](ggml_context* c) {
                     ggml_rope_ext(c, ggml_new_tensor_3d(c, GGML_TYPE_F32, 8, 2, 3), ggml_new_tensor_1d(c, GGML_TYPE_I32, 3),
                                   nullptr, 9, 0, 0, 1e4f, 1, 0, 1, 32, 1);
                 }),
                 "lugh: ggml_rope_ext: n_dims 9");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_view_1d(c, ggml_new_tensor_1d(c, GGML_TYPE_F32, 8), 9, 0); }),
                 "lugh: ggml_view_1d: .*reaches past");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_reshape_2d(c, ggml_new_tensor_1d(c, GGML_TYPE_F32, 8), 3, 3); }),
                 "lugh: ggml_reshape_2d: the new shape");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_add(c, nullptr, ggml_new_tensor_1d(c, GGML_TYPE_F32, 8)); }),
                 "lugh: ggml_add: tensor a is NULL");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_get_unary_op(ggml_new_tensor_1d(c, GGML_TYPE_F32, 8)); }),
                 "not UNARY");
}

TEST(OpsErrorsDeathTest, CApiAbortsForEveryFamily) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
#define T1(n0) ggml_new_tensor_1d(c, GGML_TYPE_F32, n0)
#define T2(n0, n1) ggml_new_tensor_2d(c, GGML_TYPE_F32, n0, n1)
#define T3(n0, n1, n2) ggml_new_tensor_3d(c, GGML_TYPE_F32, n0, n1, n2)
    EXPECT_DEATH(run([](ggml_context* c) { ggml_sub_inplace(c, T2(4, 3), T2(4, 2)); }), "lugh: ggml_sub_inplace: .*broadcast");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_div(c, T1(4), ggml_new_tensor_1d(c, GGML_TYPE_F16, 4)); }),
                 "lugh: ggml_div: b must be f32, got f16\\[4, 1, 1, 1\\]");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_clamp(c, T1(4), 1.0f, 0.0f); }), "lugh: ggml_clamp: min 1 is greater");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_unary(c, T1(4), GGML_UNARY_OP_COUNT); }), "lugh: ggml_unary: unknown unary op");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_argmax(c, T3(4, 3, 2)); }), "lugh: ggml_argmax: a must be a matrix");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_sum_rows(c, ggml_new_tensor_1d(c, GGML_TYPE_I32, 4)); }),
                 "lugh: ggml_sum_rows: a must be f32");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_rms_norm(c, T1(4), -1.0f); }), "lugh: ggml_rms_norm: eps");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_diag_mask_inf(c, T2(4, 4), -2); }), "lugh: ggml_diag_mask_inf: n_past");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_soft_max_ext(c, T2(8, 4), nullptr, 1.0f, 2.0f); }),
                 "lugh: ggml_soft_max_ext: max_bias 2 \\(ALiBi\\) needs a mask");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_mul_mat(c, T3(8, 4, 2), T3(8, 4, 3)); }), "lugh: ggml_mul_mat: .*dims 2 and 3");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_get_rows(c, T3(8, 4, 2), ggml_new_tensor_2d(c, GGML_TYPE_I32, 2, 3)); }),
                 "lugh: ggml_get_rows: indices .* do not fit");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_cpy(c, T1(8), T1(7)); }), "lugh: ggml_cpy: a f32\\[8, 1, 1, 1\\] has 8 elements");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_cont_2d(c, T1(8), 3, 3); }), "lugh: ggml_cont_2d: the new shape");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_repeat(c, T1(3), T1(4)); }), "lugh: ggml_repeat: .*cannot be tiled");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_concat(c, T2(3, 2), T2(4, 3), 0); }), "lugh: ggml_concat: .*differ in dimension 1");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_reshape_1d(c, ggml_transpose(c, T2(3, 2)), 6); }),
                 "lugh: ggml_reshape_1d: a must be contiguous");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_view_2d(c, T2(8, 2), 8, 2, 40, 0); }), "lugh: ggml_view_2d: .*reaches past");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_permute(c, T2(8, 2), 0, 1, 1, 3); }), "lugh: ggml_permute: axes .* not a permutation");
    EXPECT_DEATH(run([](ggml_context* c) { ggml_rope(c, T3(8, 2, 3), ggml_new_tensor_1d(c, GGML_TYPE_I32, 2), 8, 0); }),
                 "lugh: ggml_rope: positions");
#undef T1
#undef T2
#undef T3
}

// The spatial, sorting and generating ops (issue 14).
TEST(OpsErrorsDeathTest, CApiAbortsForTheSpatialOps) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(run([](ggml_context* c) {
                     ggml_conv_2d(c, ggml_new_tensor_4d(c, GGML_TYPE_F32, 3, 3, 2, 4),
                                  ggml_new_tensor_3d(c, GGML_TYPE_F32, 8, 8, 3), 1, 1, 0, 0, 1, 1);
                 }),
                 "lugh: ggml_conv_2d: kernel a .* must have the same channels");
    EXPECT_DEATH(run([](ggml_context* c) {
                     ggml_argsort(c, ggml_new_tensor_1d(c, GGML_TYPE_F32, 4), static_cast<ggml_sort_order>(7));
                 }),
                 "lugh: ggml_argsort: sort order 7");
    EXPECT_DEATH(run([](ggml_context* c) {
                     ggml_pool_2d(c, ggml_new_tensor_2d(c, GGML_TYPE_F32, 8, 8), static_cast<ggml_op_pool>(5), 2, 2, 2, 2, 0, 0);
                 }),
                 "lugh: ggml_pool_2d: pooling op 5");
}
