// Read-only data known to the core (core/read_only.hpp). A tensor loaded with
// gguf::Load::Mmap points into a read-only mapping of the file: every write
// through every face is refused with a message naming the tensor, before a
// byte is written (a write used to be a segmentation fault), and the file
// is unchanged afterwards. Reading, and ops that only read, work as usual.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <lugh/lugh.hpp>

#include "core/test_support.hpp"
#include "gguf/gguf_test_util.hpp"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"
#include "support/shared_fixtures.hpp"

using lugh_test::c_error_of;
using testing::HasSubstr;
using testing::ThrowsMessage;
namespace ops = lugh::ops;

namespace {

const std::vector<float> kWeights = {1, 2, 3, 4, 5, 6};
const char* kReadOnly = "tensor 'w' is read-only: its data is memory-mapped from a file";

// A file holding one F32 tensor 'w' [3, 2], mapped for the test, and a
// work context holding x, ones of w's shape.
struct Mapped {
    gguf_test::TempPath path{"read_only"};
    std::vector<unsigned char> bytes;
    lugh::Context ctx{1};
    lugh::Tensor w;
    lugh::Context work{1 << 20};
    lugh::Tensor x = lugh::Tensor::new_f32(work, {3, 2});
    Mapped() {
        lugh::gguf::Writer writer;
        writer.add_tensor("w", lugh::Type::F32, {3, 2}, kWeights.data());
        writer.write(path.str());
        bytes = gguf_test::read_all(path.str());
        ctx = lugh::gguf::File(path.str()).load(lugh::gguf::Load::Mmap);
        w = ctx.get_tensor("w");
        x.fill(1.0f);
    }
    void expect_unchanged() const {
        EXPECT_EQ(w.get_f32(), kWeights);
        EXPECT_EQ(gguf_test::read_all(path.str()), bytes) << "the file is unchanged";
    }
};

TEST(ReadOnly, CppSettersRefuseAndChangeNothing) {
    Mapped m;
    EXPECT_TRUE(m.w.is_read_only());
    const std::vector<float> ones(6, 1.0f);
    EXPECT_THAT([&] { m.w.fill(0.0f); }, ThrowsMessage<lugh::Error>(HasSubstr("lugh: Tensor::fill: " + std::string(kReadOnly))));
    EXPECT_THAT([&] { m.w.set_f32(ones); }, ThrowsMessage<lugh::Error>(HasSubstr("Tensor::set_f32: " + std::string(kReadOnly))));
    EXPECT_THAT([&] { m.w.set_f32_1d(2, 9.0f); }, ThrowsMessage<lugh::Error>(HasSubstr(kReadOnly)));
    EXPECT_THAT([&] { m.w.set_i32({1, 2, 3, 4, 5, 6}); }, ThrowsMessage<lugh::Error>(HasSubstr(kReadOnly)));
    EXPECT_THAT([&] { m.w.set_zero(); }, ThrowsMessage<lugh::Error>(HasSubstr(kReadOnly)));
    EXPECT_THAT([&] { m.w.set_data(ones.data(), ones.size() * sizeof(float)); },
                ThrowsMessage<lugh::Error>(HasSubstr("Tensor::set_data: " + std::string(kReadOnly))));
    m.expect_unchanged();
}

TEST(ReadOnly, OpsThatWouldWriteIntoItAreRefusedWhenBuilt) {
    Mapped m;
    lugh::Context& work = m.work;
    const lugh::Tensor& x = m.x;
    const size_t before = work.n_tensors();
    EXPECT_THAT([&] { ops::add_inplace(work, m.w, x); },
                ThrowsMessage<lugh::Error>(HasSubstr("ops::add_inplace: " + std::string(kReadOnly))));
    EXPECT_THROW(ops::scale_inplace(work, m.w, 2.0f), lugh::Error);
    EXPECT_THROW(ops::clamp(work, m.w, 0.0f, 1.0f), lugh::Error) << "clamp writes through a view of its input";
    EXPECT_THROW(ops::rms_norm_inplace(work, m.w, 1e-5f), lugh::Error);
    EXPECT_THAT([&] { ops::cpy(work, x, m.w); }, ThrowsMessage<lugh::Error>(HasSubstr("ops::cpy: " + std::string(kReadOnly))));
    auto row = ops::view_1d(work, m.w, 3, 3 * sizeof(float));   // a view may be read ...
    EXPECT_TRUE(row.is_read_only());
    EXPECT_EQ(row.get_f32(), (std::vector<float>{4, 5, 6}));
    EXPECT_THAT([&] { ops::cpy(work, ops::view_1d(work, x, 3, 0), row); },   // ... not written
                ThrowsMessage<lugh::Error>(HasSubstr("views tensor 'w', which is read-only")));
    EXPECT_THROW(row.fill(0.0f), lugh::Error);
    EXPECT_EQ(work.n_tensors(), before + 2) << "only the two views were made";
    // Ops that only read it compute as usual.
    auto y = ops::add(work, m.w, x);
    lugh::Graph g(work);
    g.build_forward(y);
    g.compute(2);
    EXPECT_EQ(y.get_f32(), (std::vector<float>{2, 3, 4, 5, 6, 7}));
    m.expect_unchanged();
}

TEST(ReadOnly, AGraphWiredByHandToWriteIntoItDoesNotRun) {
    Mapped m;
    lugh::Context& work = m.work;
    const lugh::Tensor& x = m.x;
    // A view of w made into an ADD node by hand: the constructors would refuse it.
    ggml_tensor* v = ggml_view_tensor(work.raw(), m.w.raw());
    v->op = GGML_OP_ADD;
    v->src[0] = x.raw();
    v->src[1] = x.raw();
    lugh::Graph g(work);
    g.build_forward(lugh::Tensor::wrap(work.raw(), v));
    EXPECT_THAT([&] { g.compute(1); }, ThrowsMessage<lugh::Error>(HasSubstr("would write into read-only memory")));
    lugh::Backend cpu(2);
    EXPECT_THROW(cpu.compute(g), lugh::Error);
    testing::internal::CaptureStderr();
    EXPECT_EQ(ggml_graph_compute_with_ctx(work.raw(), g.raw(), 1), GGML_STATUS_FAILED);
    EXPECT_THAT(testing::internal::GetCapturedStderr(), HasSubstr("would write into read-only memory"));
    m.expect_unchanged();
}

TEST(ReadOnly, CSettersAndBackendWritesRefuse) {
    Mapped m;
    ggml_tensor* w = m.w.raw();
    lugh::Context work(1 << 20);
    ggml_tensor* x = ggml_new_tensor_2d(work.raw(), GGML_TYPE_F32, 3, 2);
    ggml_set_f32(x, 1.0f);
    const float v[6] = {0, 0, 0, 0, 0, 0};
    EXPECT_THAT(c_error_of([&] { ggml_set_f32(w, 0.0f); }), HasSubstr("lugh: ggml_set_f32: " + std::string(kReadOnly)));
    EXPECT_THAT(c_error_of([&] { ggml_set_i32(w, 0); }), HasSubstr(kReadOnly));
    EXPECT_THAT(c_error_of([&] { ggml_set_zero(w); }), HasSubstr(kReadOnly));
    EXPECT_THAT(c_error_of([&] { ggml_set_f32_1d(w, 0, 9.0f); }), HasSubstr("ggml_set_f32_1d: " + std::string(kReadOnly)));
    EXPECT_THAT(c_error_of([&] { ggml_set_i32_nd(w, 0, 0, 0, 0, 9); }), HasSubstr(kReadOnly));
    EXPECT_THAT(c_error_of([&] { ggml_backend_tensor_set(w, v, 0, sizeof v); }),
                HasSubstr("ggml_backend_tensor_set: " + std::string(kReadOnly)));
    EXPECT_THAT(c_error_of([&] { ggml_backend_tensor_memset(w, 0, 0, 8); }), HasSubstr(kReadOnly));
    EXPECT_THAT(c_error_of([&] { ggml_backend_tensor_copy(x, w); }), HasSubstr(kReadOnly));
    EXPECT_THAT(c_error_of([&] { ggml_add_inplace(work.raw(), w, x); }), HasSubstr("ggml_add_inplace: " + std::string(kReadOnly)));
    EXPECT_THAT(c_error_of([&] { ggml_cpy(work.raw(), x, w); }), HasSubstr(kReadOnly));
    EXPECT_NE(w->flags & LUGH_TENSOR_FLAG_READ_ONLY, 0);
    // Reads are fine.
    EXPECT_EQ(ggml_get_f32_1d(w, 5), 6.0f);
    float back[6];
    ggml_backend_tensor_get(w, back, 0, sizeof back);
    EXPECT_EQ(std::vector<float>(back, back + 6), kWeights);
    ggml_backend_tensor_copy(w, x);   // out of it
    EXPECT_EQ(ggml_get_f32_1d(x, 2), 3.0f);
    m.expect_unchanged();
}

TEST(ReadOnly, CopiedTensorsAreWritable) {
    Mapped m;
    lugh::Context copy = lugh::gguf::File(m.path.str()).load(lugh::gguf::Load::Copy);
    lugh::Tensor w = copy.get_tensor("w");
    EXPECT_FALSE(w.is_read_only());
    w.fill(0.0f);
    EXPECT_EQ(w.get_f32(), std::vector<float>(6, 0.0f));
    m.expect_unchanged();
}

}  // namespace

namespace {

// The model the issue found the crash on: every tensor refuses every write.
TEST(ReadOnly, EveryTensorOfARealModelRefusesWrites) {
    LUGH_SHARED_OR_SKIP(path, "models/real/aidreams260K.gguf");
    const std::vector<unsigned char> before = gguf_test::read_all(path);
    lugh::Context weights = lugh::gguf::File(path).load(lugh::gguf::Load::Mmap);
    lugh::Context work(1 << 20);
    size_t refused = 0;
    for (lugh::Tensor& t : weights.tensors()) {
        EXPECT_TRUE(t.is_read_only()) << t.name();
        EXPECT_THROW(t.set_zero(), lugh::Error) << t.name();
        if (lugh::is_quantized(t.type())) continue;
        EXPECT_THROW(t.fill(1.0f), lugh::Error) << t.name();
        EXPECT_THROW(t.set_f32_1d(0, 1.0f), lugh::Error) << t.name();
        if (t.type() == lugh::Type::F32) EXPECT_THROW(ops::scale_inplace(work, t, 2.0f), lugh::Error) << t.name();
        ++refused;
    }
    EXPECT_GT(refused, 0u);
    EXPECT_EQ(gguf_test::read_all(path), before) << "the model file is unchanged";
}

}  // namespace
