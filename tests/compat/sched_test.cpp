// The backend scheduler (lugh-ggml-backend-sched.h) and the planner's
// multi-buffer entry points (ggml_gallocr_new_n, ggml_gallocr_reserve_n):
// upstream's call sequences compute what ggml_graph_compute does, splits and
// assignments follow set_tensor_backend, the eval callback sees the nodes it
// asks for, misuse is refused with a message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "core/test_support.hpp"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"

using lugh_test::c_error_of;
using lugh_test::CContext;
using testing::HasSubstr;

namespace {

// y = sqr(x + w) * w over 10 elements, in a metadata-only context.
struct SmallGraph {
    CContext ctx{1 << 20, nullptr, true};
    ggml_tensor* x = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 10);
    ggml_tensor* w = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 10);
    ggml_tensor* sum = ggml_add(ctx, x, w);
    ggml_tensor* sq = ggml_sqr(ctx, sum);
    ggml_tensor* y = ggml_mul(ctx, sq, w);
    ggml_cgraph* gf = ggml_new_graph(ctx);
    SmallGraph() {
        ggml_set_input(x);
        ggml_set_input(w);
        ggml_build_forward_expand(gf, y);
    }
    void set_inputs() {
        std::vector<float> xs(10), ws(10);
        for (int i = 0; i < 10; ++i) {
            xs[i] = 0.5f * i - 2;
            ws[i] = 1.0f + 0.25f * i;
        }
        ggml_backend_tensor_set(x, xs.data(), 0, sizeof(float) * 10);
        ggml_backend_tensor_set(w, ws.data(), 0, sizeof(float) * 10);
    }
    void expect_result() {
        std::vector<float> out(10);
        ggml_backend_tensor_get(y, out.data(), 0, sizeof(float) * 10);
        for (int i = 0; i < 10; ++i) {
            const float xv = 0.5f * i - 2, wv = 1.0f + 0.25f * i;
            EXPECT_EQ(out[i], (xv + wv) * (xv + wv) * wv) << i;
        }
    }
};

struct Backends {
    ggml_backend_t b[2] = {ggml_backend_cpu_init(), ggml_backend_cpu_init()};
    ~Backends() {
        ggml_backend_free(b[0]);
        ggml_backend_free(b[1]);
    }
};

TEST(Sched, UpstreamsCallSequenceComputesTheGraph) {
    Backends be;
    ggml_backend_sched_t sched = ggml_backend_sched_new(be.b, nullptr, 2, GGML_DEFAULT_GRAPH_SIZE, false, true);
    ASSERT_NE(sched, nullptr);
    EXPECT_EQ(ggml_backend_sched_get_n_backends(sched), 2);
    EXPECT_EQ(ggml_backend_sched_get_backend(sched, 1), be.b[1]);
    EXPECT_EQ(ggml_backend_sched_get_n_copies(sched), 1);
    EXPECT_EQ(ggml_backend_sched_get_buffer_type(sched, be.b[0]), ggml_backend_cpu_buffer_type());
    SmallGraph g;
    ggml_backend_sched_reset(sched);
    ASSERT_TRUE(ggml_backend_sched_alloc_graph(sched, g.gf));
    EXPECT_NE(g.y->data, nullptr);
    EXPECT_GT(ggml_backend_sched_get_buffer_size(sched, be.b[0]), 0u);
    EXPECT_EQ(ggml_backend_sched_get_buffer_size(sched, be.b[1]), 0u);   // shares backend 0's buffer
    g.set_inputs();
    ASSERT_EQ(ggml_backend_sched_graph_compute(sched, g.gf), GGML_STATUS_SUCCESS);
    g.expect_result();
    // Every node ran on backend 0, the highest priority, in one split.
    EXPECT_EQ(ggml_backend_sched_get_n_splits(sched), 1);
    EXPECT_EQ(ggml_backend_sched_get_tensor_backend(sched, g.sq), be.b[0]);
    // Computing again (no reset) reuses the allocation.
    ASSERT_EQ(ggml_backend_sched_graph_compute_async(sched, g.gf), GGML_STATUS_SUCCESS);
    ggml_backend_sched_synchronize(sched);
    g.expect_result();
    ggml_backend_sched_free(sched);
    ggml_backend_sched_free(nullptr);
}

TEST(Sched, ComputeAllocatesAGraphNotYetAllocated) {
    ggml_backend_t cpu = ggml_backend_cpu_init();
    ggml_backend_sched_t sched = ggml_backend_sched_new(&cpu, nullptr, 1, 16, true, false);
    EXPECT_EQ(ggml_backend_sched_get_n_copies(sched), GGML_SCHED_MAX_COPIES);
    // The inputs get memory with the graph, so they are set through a
    // first compute's allocation and then the graph runs again.
    SmallGraph g;
    EXPECT_EQ(g.x->data, nullptr);
    ASSERT_EQ(ggml_backend_sched_graph_compute(sched, g.gf), GGML_STATUS_SUCCESS);
    ASSERT_NE(g.x->data, nullptr);
    g.set_inputs();
    ASSERT_EQ(ggml_backend_sched_graph_compute(sched, g.gf), GGML_STATUS_SUCCESS);
    g.expect_result();
    ggml_backend_sched_free(sched);
    ggml_backend_free(cpu);
}

TEST(Sched, ChosenBackendsMakeSplitsAndNeighboursFollow) {
    Backends be;
    ggml_backend_sched_t sched = ggml_backend_sched_new(be.b, nullptr, 2, 64, false, true);
    SmallGraph g;
    ggml_backend_cpu_set_n_threads(be.b[1], 3);
    ggml_backend_sched_set_tensor_backend(sched, g.sq, be.b[1]);
    EXPECT_EQ(ggml_backend_sched_get_tensor_backend(sched, g.sq), be.b[1]);
    EXPECT_EQ(ggml_backend_sched_get_tensor_backend(sched, g.y), nullptr);   // not assigned yet
    ggml_backend_sched_split_graph(sched, g.gf);
    // sum comes before the chosen node: it takes the next assigned backend
    // (1); y after it follows it (1): one split, all on backend 1.
    EXPECT_EQ(ggml_backend_sched_get_n_splits(sched), 1);
    EXPECT_EQ(ggml_backend_sched_get_tensor_backend(sched, g.sum), be.b[1]);
    EXPECT_EQ(ggml_backend_sched_get_tensor_backend(sched, g.y), be.b[1]);
    // Choosing backend 0 for the first node makes two splits.
    ggml_backend_sched_set_tensor_backend(sched, g.sum, be.b[0]);
    ASSERT_TRUE(ggml_backend_sched_alloc_graph(sched, g.gf));
    EXPECT_EQ(ggml_backend_sched_get_n_splits(sched), 2);
    EXPECT_EQ(ggml_backend_sched_get_tensor_backend(sched, g.sum), be.b[0]);
    EXPECT_EQ(ggml_backend_sched_get_tensor_backend(sched, g.y), be.b[1]);
    g.set_inputs();
    ASSERT_EQ(ggml_backend_sched_graph_compute(sched, g.gf), GGML_STATUS_SUCCESS);
    g.expect_result();
    // reset forgets every assignment.
    ggml_backend_sched_reset(sched);
    EXPECT_EQ(ggml_backend_sched_get_tensor_backend(sched, g.sq), nullptr);
    EXPECT_EQ(ggml_backend_sched_get_n_splits(sched), 0);
    ggml_backend_sched_free(sched);
}

struct Observed {
    std::vector<ggml_tensor*> asked, shown;
    ggml_tensor* wanted = nullptr;
    ggml_tensor* stop_at = nullptr;
    std::vector<float> value_of_wanted;
};

bool observe(ggml_tensor* t, bool ask, void* user_data) {
    auto* o = static_cast<Observed*>(user_data);
    if (ask) {
        o->asked.push_back(t);
        return t == o->wanted || t == o->stop_at;
    }
    o->shown.push_back(t);
    if (t == o->wanted) {
        o->value_of_wanted.resize(static_cast<size_t>(ggml_nelements(t)));
        ggml_backend_tensor_get(t, o->value_of_wanted.data(), 0, ggml_nbytes(t));
    }
    return t != o->stop_at;
}

TEST(Sched, EvalCallbackSeesTheNodesItAsksForComputed) {
    ggml_backend_t cpu = ggml_backend_cpu_init();
    ggml_backend_sched_t sched = ggml_backend_sched_new(&cpu, nullptr, 1, 64, false, true);
    SmallGraph g;
    Observed o;
    o.wanted = g.sum;
    ggml_backend_sched_set_eval_callback(sched, observe, &o);
    ASSERT_TRUE(ggml_backend_sched_alloc_graph(sched, g.gf));
    g.set_inputs();
    ASSERT_EQ(ggml_backend_sched_graph_compute(sched, g.gf), GGML_STATUS_SUCCESS);
    g.expect_result();
    EXPECT_EQ(o.asked, (std::vector<ggml_tensor*>{g.sum, g.sq, g.y}));
    EXPECT_EQ(o.shown, std::vector<ggml_tensor*>{g.sum});
    ASSERT_EQ(o.value_of_wanted.size(), 10u);
    EXPECT_EQ(o.value_of_wanted[4], (0.5f * 4 - 2) + (1.0f + 0.25f * 4));   // sum was computed when shown

    // Returning false when shown a node stops the compute there.
    Observed stop;
    stop.stop_at = g.sq;
    ggml_backend_sched_set_eval_callback(sched, observe, &stop);
    ggml_backend_tensor_memset(g.y, 0, 0, ggml_nbytes(g.y));
    ASSERT_EQ(ggml_backend_sched_graph_compute(sched, g.gf), GGML_STATUS_SUCCESS);
    EXPECT_EQ(stop.shown, std::vector<ggml_tensor*>{g.sq});
    EXPECT_EQ(stop.asked, (std::vector<ggml_tensor*>{g.sum, g.sq}));
    // y never ran: its memory (which the planner may share with sq's) does not hold y.
    const float x3 = 0.5f * 3 - 2, w3 = 1.0f + 0.25f * 3;
    EXPECT_NE(ggml_get_f32_1d(g.y, 3), (x3 + w3) * (x3 + w3) * w3);
    ggml_backend_sched_set_eval_callback(sched, nullptr, nullptr);
    ggml_backend_sched_free(sched);
    ggml_backend_free(cpu);
}

TEST(Sched, ReserveSizesTheBufferOnceAndLeavesTensorsAlone) {
    ggml_backend_t cpu = ggml_backend_cpu_init();
    ggml_backend_sched_t sched = ggml_backend_sched_new(&cpu, nullptr, 1, 64, false, true);
    SmallGraph g;
    size_t sizes[1] = {0};
    ggml_backend_sched_reserve_size(sched, g.gf, sizes);
    EXPECT_GE(sizes[0], 3 * 64u);   // x, w and one intermediate at least, 64-byte aligned
    EXPECT_EQ(ggml_backend_sched_get_buffer_size(sched, cpu), 0u);
    ASSERT_TRUE(ggml_backend_sched_reserve(sched, g.gf));
    EXPECT_EQ(ggml_backend_sched_get_buffer_size(sched, cpu), sizes[0]);
    EXPECT_EQ(g.y->data, nullptr);
    ASSERT_TRUE(ggml_backend_sched_alloc_graph(sched, g.gf));
    EXPECT_EQ(ggml_backend_sched_get_buffer_size(sched, cpu), sizes[0]);
    ggml_backend_sched_free(sched);
    ggml_backend_free(cpu);
}

TEST(Sched, AGraphThatCannotRunIsFailedWithTheReason) {
    ggml_backend_t cpu = ggml_backend_cpu_init();
    ggml_backend_sched_t sched = ggml_backend_sched_new(&cpu, nullptr, 1, 64, false, true);
    CContext ctx(1 << 20);   // allocating: get_rows reads an index out of range
    ggml_tensor* table = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 2, 3);
    ggml_tensor* ids = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, 1);
    ggml_set_zero(table);
    ggml_set_i32_1d(ids, 0, 9);
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, ggml_get_rows(ctx, table, ids));
    EXPECT_EQ(ggml_backend_sched_graph_compute(sched, gf), GGML_STATUS_FAILED);
    ggml_set_i32_1d(ids, 0, 2);
    EXPECT_EQ(ggml_backend_sched_graph_compute(sched, gf), GGML_STATUS_SUCCESS);
    ggml_backend_sched_free(sched);
    ggml_backend_free(cpu);
}

TEST(Sched, MisuseIsRefusedWithAMessage) {
    Backends be;
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_new(be.b, nullptr, 0, 64, false, true); }),
                HasSubstr("ggml_backend_sched_new: n_backends is 0; it must be 1..16"));
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_new(nullptr, nullptr, 1, 64, false, true); }),
                HasSubstr("backends is NULL"));
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_new(be.b, nullptr, 1, 0, false, true); }),
                HasSubstr("graph_size is 0"));
    ggml_backend_t with_null[2] = {be.b[0], nullptr};
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_new(with_null, nullptr, 2, 64, false, true); }),
                HasSubstr("backends[1] is NULL"));
    ggml_backend_buffer_type_t null_bufts[2] = {ggml_backend_cpu_buffer_type(), nullptr};
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_new(be.b, null_bufts, 2, 64, false, true); }),
                HasSubstr("bufts[1] is NULL"));

    ggml_backend_sched_t sched = ggml_backend_sched_new(be.b, nullptr, 1, 2, false, true);
    SmallGraph g;
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_alloc_graph(sched, g.gf); }),
                HasSubstr("the graph has 3 nodes, more than the scheduler's graph_size 2"));
    ggml_backend_sched_free(sched);

    sched = ggml_backend_sched_new(be.b, nullptr, 1, 64, false, true);
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_set_tensor_backend(sched, g.sum, be.b[1]); }),
                HasSubstr("is not one of the scheduler's 1 backends"));
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_get_backend(sched, 1); }),
                HasSubstr("index 1, but the scheduler has 1 backend(s)"));
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_alloc_graph(sched, nullptr); }), HasSubstr("graph is NULL"));
    ASSERT_TRUE(ggml_backend_sched_alloc_graph(sched, g.gf));
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_alloc_graph(sched, g.gf); }),
                HasSubstr("a graph is already allocated; call ggml_backend_sched_reset"));
    SmallGraph other;
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_graph_compute(sched, other.gf); }),
                HasSubstr("this graph is not the one allocated"));
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_reset(nullptr); }), HasSubstr("sched is NULL"));
    EXPECT_THAT(c_error_of([&] { ggml_backend_sched_reserve_size(sched, g.gf, nullptr); }), HasSubstr("sizes is NULL"));
    // Still usable after every refusal.
    g.set_inputs();
    EXPECT_EQ(ggml_backend_sched_graph_compute(sched, g.gf), GGML_STATUS_SUCCESS);
    g.expect_result();
    ggml_backend_sched_free(sched);
}

TEST(GallocrN, BufferIdsShareOneBuffer) {
    ggml_backend_buffer_type_t bufts[2] = {ggml_backend_cpu_buffer_type(), ggml_backend_cpu_buffer_type()};
    ggml_gallocr_t galloc = ggml_gallocr_new_n(bufts, 2);
    ASSERT_NE(galloc, nullptr);
    SmallGraph g;
    const int node_ids[3] = {0, 1, 1};
    const int leaf_ids[2] = {1, 0};
    ASSERT_TRUE(ggml_gallocr_reserve_n(galloc, g.gf, node_ids, leaf_ids));
    const size_t reserved = ggml_gallocr_get_buffer_size(galloc, 0);
    EXPECT_GT(reserved, 0u);
    EXPECT_EQ(ggml_gallocr_get_buffer_size(galloc, 1), 0u);
    ASSERT_TRUE(ggml_gallocr_reserve_n(galloc, g.gf, nullptr, nullptr));
    ASSERT_TRUE(ggml_gallocr_alloc_graph(galloc, g.gf));
    EXPECT_EQ(ggml_gallocr_get_buffer_size(galloc, 0), reserved);   // reserved enough
    g.set_inputs();
    ggml_backend_t cpu = ggml_backend_cpu_init();
    ASSERT_EQ(ggml_backend_graph_compute(cpu, g.gf), GGML_STATUS_SUCCESS);
    g.expect_result();

    const int bad_ids[3] = {0, 2, 0};
    EXPECT_THAT(c_error_of([&] { ggml_gallocr_reserve_n(galloc, g.gf, bad_ids, nullptr); }),
                HasSubstr("ggml_gallocr_reserve_n: node_buffer_ids[1] is 2; the allocator has buffers 0..1"));
    EXPECT_THAT(c_error_of([&] { ggml_gallocr_get_buffer_size(galloc, 2); }), HasSubstr("buffer_id is 2"));
    EXPECT_THAT(c_error_of([&] { ggml_gallocr_new_n(bufts, 0); }), HasSubstr("n_bufs is 0; it must be >= 1"));
    EXPECT_THAT(c_error_of([&] { ggml_gallocr_new_n(nullptr, 1); }), HasSubstr("bufts is NULL"));
    ggml_backend_buffer_type_t with_null[2] = {bufts[0], nullptr};
    EXPECT_THAT(c_error_of([&] { ggml_gallocr_new_n(with_null, 2); }), HasSubstr("bufts[1] is NULL"));
    ggml_gallocr_free(galloc);
    ggml_backend_free(cpu);
}

}  // namespace
