// Bad shapes, types and parameters of the spatial, sorting and generating
// ops: the C++ API throws lugh::Error naming the op and what is wrong and
// creates nothing (composites included); the C API aborts with the same
// message (errors_test.cpp).
#include <functional>

#include "ops/op_test_util.hpp"

namespace ops = lugh::ops;
using testing::HasSubstr;

namespace {

struct Bad {
    const char* what;
    std::function<void(lugh::Context&)> call;
    const char* message;   // a substring of the error
};

lugh::Tensor f32(lugh::Context& c, std::vector<int64_t> d) { return lugh::Tensor::new_f32(c, d); }
lugh::Tensor typed(lugh::Context& c, lugh::Type t, std::vector<int64_t> d) { return lugh::Tensor::create(c, t, d); }

const Bad kBad[] = {
    {"arange empty", [](auto& c) { ops::arange(c, 3, 3, 1); }, "ops::arange: stop 3 must be greater than start 3"},
    {"arange step", [](auto& c) { ops::arange(c, 0, 3, -1); }, "step -1 must be positive"},
    {"argsort order", [](auto& c) { ops::argsort(c, f32(c, {4}), 2); }, "sort order 2"},
    {"argsort type", [](auto& c) { ops::argsort(c, typed(c, lugh::Type::F16, {4}), 0); }, "a must be f32"},
    {"top_k too many", [](auto& c) { ops::argsort_top_k(c, f32(c, {4, 2}), 5); }, "k 5 must be in 0..4"},
    {"pad negative", [](auto& c) { ops::pad_ext(c, f32(c, {4}), 0, -1, 0, 0, 0, 0, 0, 0); }, "must be >= 0"},
    {"pad i32", [](auto& c) { ops::pad(c, typed(c, lugh::Type::I32, {4}), 1, 0, 0, 0); }, "f32, f16 or bf16"},
    {"reflect too wide", [](auto& c) { ops::pad_reflect_1d(c, f32(c, {4, 2}), 4, 0); }, "less than the row length"},
    {"reflect strided", [](auto& c) { ops::pad_reflect_1d(c, ops::transpose(c, f32(c, {4, 3})), 1, 1); }, "contiguous"},
    {"roll shift", [](auto& c) { ops::roll(c, f32(c, {4, 3}), 0, 3, 0, 0); }, "shift 3 of dimension 1"},
    {"roll strided rows", [](auto& c) { ops::roll(c, ops::transpose(c, f32(c, {4, 3})), 1, 0, 0, 0); }, "packed rows"},
    {"acc outside", [](auto& c) { ops::acc(c, f32(c, {4, 3}), f32(c, {2, 2}), 16, 32, 32, 40); }, "past the end"},
    {"acc misaligned", [](auto& c) { ops::acc(c, f32(c, {4, 3}), f32(c, {2}), 16, 32, 32, 2); }, "multiples of 4"},
    {"acc bigger b", [](auto& c) { ops::acc(c, f32(c, {4}), f32(c, {5}), 20, 20, 20, 0); }, "more elements"},
    {"add_id shapes", [](auto& c) { ops::add_id(c, f32(c, {4, 2, 3}), f32(c, {4, 5}), typed(c, lugh::Type::I32, {3, 3})); },
     "do not fit"},
    {"add_id ids type", [](auto& c) { ops::add_id(c, f32(c, {4, 2, 3}), f32(c, {4, 5}), f32(c, {2, 3})); },
     "ids must be i32"},
    {"timestep dim", [](auto& c) { ops::timestep_embedding(c, f32(c, {4}), 0, 10000); }, "dim 0"},
    {"timestep matrix", [](auto& c) { ops::timestep_embedding(c, f32(c, {4, 2}), 8, 10000); }, "must be a vector"},
    {"im2col channels", [](auto& c) { ops::im2col(c, f32(c, {3, 3, 2, 4}), f32(c, {8, 8, 3}), 1, 1, 0, 0, 1, 1, true, 0); },
     "same channels"},
    {"im2col dst type", [](auto& c) { ops::im2col(c, f32(c, {3, 3, 2, 4}), f32(c, {8, 8, 2}), 1, 1, 0, 0, 1, 1, true, 26); },
     "dst_type 26"},
    {"im2col too small", [](auto& c) { ops::im2col(c, f32(c, {5, 3, 2, 4}), f32(c, {4, 8, 2}), 1, 1, 0, 0, 1, 1, true, 0); },
     "shorter than the kernel"},
    {"conv_2d stride", [](auto& c) { ops::conv_2d(c, f32(c, {3, 3, 2, 4}), f32(c, {8, 8, 2}), 0, 1, 0, 0, 1, 1); },
     "stride 0"},
    {"conv_2d dilation", [](auto& c) { ops::conv_2d(c, f32(c, {3, 3, 2, 4}), f32(c, {8, 8, 2}), 1, 1, 0, 0, 1, 0); },
     "dilation 0"},
    {"conv_2d strided kernel", [](auto& c) { ops::conv_2d(c, ops::transpose(c, f32(c, {3, 3, 2, 4})), f32(c, {8, 8, 2}), 1, 1, 0, 0, 1, 1); },
     "a (kernel) must be contiguous"},
    {"conv_1d channels", [](auto& c) { ops::conv_1d(c, f32(c, {3, 2, 4}), f32(c, {8, 3}), 1, 0, 1); }, "same channels"},
    {"conv_2d_direct IC", [](auto& c) { ops::conv_2d_direct(c, f32(c, {3, 3, 2, 4}), f32(c, {8, 8, 3}), 1, 1, 0, 0, 1, 1); },
     "same IC"},
    {"dw kernel", [](auto& c) { ops::conv_2d_dw_direct(c, f32(c, {3, 3, 2, 4}), f32(c, {8, 8, 4}), 1, 1, 0, 0, 1, 1); },
     "[KW, KH, 1, C]"},
    {"dw_1d kernel", [](auto& c) { ops::conv_1d_dw(c, f32(c, {3, 2, 4}), f32(c, {8, 4}), 1, 0, 1); }, "[K, C] or [K, 1, C]"},
    {"transpose_1d padding", [](auto& c) { ops::conv_transpose_1d(c, f32(c, {3, 2, 4}), f32(c, {8, 4}), 1, 1, 1); },
     "only padding 0 and dilation 1"},
    {"transpose_1d IC", [](auto& c) { ops::conv_transpose_1d(c, f32(c, {3, 2, 4}), f32(c, {8, 3}), 1, 0, 1); }, "[K, OC, IC]"},
    {"transpose_2d IC", [](auto& c) { ops::conv_transpose_2d_p0(c, f32(c, {3, 3, 2, 4}), f32(c, {8, 8, 3}), 1); }, "same IC"},
    {"conv i32 input", [](auto& c) { ops::conv_2d_direct(c, f32(c, {3, 3, 2, 4}), typed(c, lugh::Type::I32, {8, 8, 2}), 1, 1, 0, 0, 1, 1); },
     "b (input) must be f32, f16 or bf16"},
    {"pool op", [](auto& c) { ops::pool_1d(c, f32(c, {8}), 2, 2, 2, 0); }, "pooling op 2"},
    {"pool kernel", [](auto& c) { ops::pool_2d(c, f32(c, {8, 8}), 0, 0, 2, 1, 1, 0, 0); }, "kernel 0"},
    {"pool too small", [](auto& c) { ops::pool_2d(c, f32(c, {8, 2}), 0, 2, 3, 1, 1, 0, 0); }, "shorter than the kernel"},
    {"pool padding", [](auto& c) { ops::pool_2d(c, f32(c, {8, 8}), 1, 2, 2, 1, 1, -1, 0); }, "padding -1"},
    {"interp mode", [](auto& c) { ops::interpolate(c, f32(c, {4, 4}), 8, 8, 1, 1, 3); }, "scale mode 3"},
    {"interp antialias", [](auto& c) { ops::interpolate(c, f32(c, {4, 4}), 8, 8, 1, 1, 1 | GGML_SCALE_FLAG_ANTIALIAS); },
     "ANTIALIAS"},
    {"interp flags", [](auto& c) { ops::interpolate(c, f32(c, {4, 4}), 8, 8, 1, 1, 1 << 12); }, "unknown flag"},
    {"interp size", [](auto& c) { ops::interpolate(c, f32(c, {4, 4}), 8, 0, 1, 1, 0); }, "must be positive"},
    {"interp f16", [](auto& c) { ops::interpolate(c, typed(c, lugh::Type::F16, {4, 4}), 8, 8, 1, 1, 0); }, "a must be f32"},
    {"upscale factor", [](auto& c) { ops::upscale(c, f32(c, {4, 4}), 1, 0); }, "scale_factor 1"},
    {"rel_pos rows", [](auto& c) { ops::get_rel_pos(c, f32(c, {4, 8}), 4, 4); }, "2*qh - 1"},
    {"rel_pos unequal", [](auto& c) { ops::get_rel_pos(c, f32(c, {4, 7}), 4, 3); }, "must be equal"},
    {"add_rel_pos shape", [](auto& c) { ops::add_rel_pos(c, f32(c, {16, 6, 2}), f32(c, {4, 3, 2, 2}), f32(c, {4, 3, 2, 1})); },
     "same shape"},
    {"add_rel_pos a", [](auto& c) { ops::add_rel_pos(c, f32(c, {15, 6, 2}), f32(c, {4, 3, 2, 2}), f32(c, {4, 3, 2, 2})); },
     "[K*K, W*H, B]"},
};

}  // namespace

TEST(NewOpsErrors, CppThrowsAndCreatesNothing) {
    for (const Bad& b : kBad) {
        lugh::Context ctx(1 << 20);
        try {
            b.call(ctx);
            ADD_FAILURE() << b.what << ": no error";
        } catch (const lugh::Error& e) {
            EXPECT_THAT(e.what(), HasSubstr(b.message)) << b.what;
            EXPECT_THAT(e.what(), HasSubstr("lugh: ops::")) << b.what;
        }
        // Only the inputs (leaves, and the transposed views some cases make of them) are in the
        // context: a refused op, composites included, created no node.
        for (ggml_tensor* t = ggml_get_first_tensor(ctx.raw()); t; t = ggml_get_next_tensor(ctx.raw(), t))
            EXPECT_TRUE(t->op == GGML_OP_NONE || t->op == GGML_OP_TRANSPOSE) << b.what << ": made " << ggml_op_name(t->op);
    }
}
