// The graph planner (ggml_gallocr_*) on hand-built graphs: what gets memory,
// what keeps it, in-place reuse, views, re-allocation, and correctness on
// random graphs against the same graph with no memory reuse.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "alloc/graph_allocator.hpp"
#include "hand_graph.hpp"
#include "model_graphs.hpp"
#include "lugh/ggml/ggml-alloc.h"
#include "lugh/ggml/ggml-backend.h"
#include "reference_eval.hpp"

using lugh::testing::HandGraph;
namespace lt = lugh::testing;

namespace {

bool overlaps(const ggml_tensor* a, const ggml_tensor* b) {
    const char* pa = static_cast<const char*>(a->data);
    const char* pb = static_cast<const char*>(b->data);
    return pa < pb + ggml_nbytes(b) && pb < pa + ggml_nbytes(a);
}

struct Planner {
    ggml_gallocr_t g = ggml_gallocr_new(ggml_backend_cpu_buffer_type());
    ~Planner() { ggml_gallocr_free(g); }
};

}  // namespace

TEST(Planner, ChainReusesMemoryInPlace) {
    HandGraph g;
    lt::build_chain(g, 30, 256, 4);
    Planner p;
    ASSERT_TRUE(ggml_gallocr_alloc_graph(p.g, g.graph()));
    const size_t one = 256 * 4 * sizeof(float);
    // input + bias + one block the whole chain runs in.
    EXPECT_EQ(ggml_gallocr_get_buffer_size(p.g, 0), 3 * one);
    EXPECT_GE(p.g->last.n_inplace, 28);
    for (ggml_tensor* n : g.nodes()) {
        EXPECT_NE(n->data, nullptr);
        EXPECT_EQ(n->buffer, p.g->buffer);
    }
    // The input is never overwritten.
    for (ggml_tensor* n : g.nodes()) EXPECT_FALSE(overlaps(n, g.leafs()[0])) << n->name;
}


TEST(Planner, InputsAndOutputsKeepTheirMemory) {
    HandGraph g;
    ggml_tensor* x = g.leaf({64, 4}, "x");
    ggml_set_input(x);
    ggml_tensor* a = g.same(GGML_OP_SQR, x, {x}, "a");
    ggml_set_output(a);
    ggml_tensor* b = g.same(GGML_OP_SQR, a, {a}, "b");
    ggml_tensor* c = g.same(GGML_OP_SQR, b, {b}, "c");
    ggml_tensor* d = g.same(GGML_OP_SQR, c, {c}, "d");
    Planner p;
    ASSERT_TRUE(ggml_gallocr_alloc_graph(p.g, g.graph()));
    for (ggml_tensor* t : {a, b, c, d}) EXPECT_FALSE(overlaps(t, x)) << t->name;
    for (ggml_tensor* t : {b, c, d}) EXPECT_FALSE(overlaps(t, a)) << t->name;
    // b, c, d run in place of each other.
    EXPECT_EQ(b->data, c->data);
    EXPECT_EQ(c->data, d->data);
}

TEST(Planner, LeafsWithDataAreLeftAlone) {
    ggml_context* wctx = ggml_init({1 << 16, nullptr, false});
    ggml_tensor* w = ggml_new_tensor_2d(wctx, GGML_TYPE_F32, 8, 8);
    void* before = w->data;
    HandGraph g;
    g.add_leaf(w);
    ggml_tensor* x = g.leaf({8, 3}, "x");
    g.mul_mat(w, x);
    Planner p;
    ASSERT_TRUE(ggml_gallocr_alloc_graph(p.g, g.graph()));
    EXPECT_EQ(w->data, before);
    EXPECT_EQ(w->buffer, nullptr);
    EXPECT_EQ(x->buffer, p.g->buffer);
    ggml_free(wctx);
}

TEST(Planner, ViewsShareTheirSourcesMemory) {
    HandGraph g;
    ggml_tensor* x = g.leaf({8, 6}, "x");
    ggml_tensor* a = g.same(GGML_OP_SQR, x, {x}, "a");
    ggml_tensor* rows = g.view(GGML_OP_VIEW, a, {8, 2}, {4, 32}, 2 * 32, "rows");
    ggml_tensor* t = g.view(GGML_OP_TRANSPOSE, a, {6, 8}, {32, 4}, 0, "t");
    ggml_tensor* c = g.node(GGML_OP_CONT, {6, 8}, {t}, "c");
    g.same(GGML_OP_SQR, rows, {rows}, "r2");
    Planner p;
    ASSERT_TRUE(ggml_gallocr_alloc_graph(p.g, g.graph()));
    EXPECT_EQ(rows->data, static_cast<char*>(a->data) + 64);
    EXPECT_EQ(t->data, a->data);
    EXPECT_EQ(rows->buffer, p.g->buffer);
    // `a` is read through `rows` after c runs, so c must not take its place.
    EXPECT_FALSE(overlaps(c, a));
}

TEST(Planner, SameGraphAgainReusesTheBufferWithoutGrowing) {
    HandGraph g;
    lt::build_mlp(g, 4, 64, 256, 8);
    Planner p;
    ASSERT_TRUE(ggml_gallocr_reserve(p.g, g.graph()));
    const size_t reserved = ggml_gallocr_get_buffer_size(p.g, 0);
    EXPECT_GT(reserved, 0u);
    for (ggml_tensor* n : g.nodes()) EXPECT_EQ(n->data, nullptr);   // reserve touches no tensor
    ASSERT_TRUE(ggml_gallocr_alloc_graph(p.g, g.graph()));
    EXPECT_EQ(ggml_gallocr_get_buffer_size(p.g, 0), reserved);
    std::vector<void*> first;
    for (ggml_tensor* n : g.nodes()) first.push_back(n->data);
    void* base = ggml_backend_buffer_get_base(p.g->buffer);
    ASSERT_TRUE(ggml_gallocr_alloc_graph(p.g, g.graph()));
    EXPECT_EQ(ggml_gallocr_get_buffer_size(p.g, 0), reserved);
    EXPECT_EQ(ggml_backend_buffer_get_base(p.g->buffer), base);
    for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(g.nodes()[i]->data, first[i]);

    // A graph of the same shape in a fresh context: same size, no growth.
    HandGraph g2;
    lt::build_mlp(g2, 4, 64, 256, 8);
    ASSERT_TRUE(ggml_gallocr_alloc_graph(p.g, g2.graph()));
    EXPECT_EQ(ggml_gallocr_get_buffer_size(p.g, 0), reserved);
    EXPECT_EQ(ggml_backend_buffer_get_base(p.g->buffer), base);

    // A bigger graph grows the buffer.
    HandGraph big;
    lt::build_mlp(big, 4, 64, 1024, 8);
    ASSERT_TRUE(ggml_gallocr_alloc_graph(p.g, big.graph()));
    EXPECT_GT(ggml_gallocr_get_buffer_size(p.g, 0), reserved);
}

TEST(Planner, BadArgumentsAreClearErrors) {
    EXPECT_DEATH(ggml_gallocr_alloc_graph(nullptr, nullptr), "ggml_gallocr_alloc_graph: graph allocator is NULL");
    Planner p;
    EXPECT_DEATH(ggml_gallocr_alloc_graph(p.g, nullptr), "ggml_gallocr_alloc_graph: graph is NULL");
    EXPECT_DEATH(ggml_gallocr_get_buffer_size(p.g, 1), "buffer_id is 1");
    EXPECT_DEATH(ggml_gallocr_new(nullptr), "ggml_gallocr_new: buffer type is NULL");
    ggml_gallocr_free(nullptr);   // ignored
}

// ---- random graphs ---------------------------------------------------------

namespace {

// A random DAG of element-wise, matmul, view and copy ops over small shapes.
struct RandomGraph {
    HandGraph g;
    ggml_context* weights = ggml_init({1 << 16, nullptr, false});
    std::vector<ggml_tensor*> pool;

    ~RandomGraph() { ggml_free(weights); }

    ggml_tensor* pick(std::mt19937& rng) { return pool[rng() % pool.size()]; }
    ggml_tensor* partner(std::mt19937& rng, const ggml_tensor* a) {
        std::vector<ggml_tensor*> same;
        for (ggml_tensor* t : pool)
            if (ggml_are_same_shape(t, a)) same.push_back(t);
        return same[rng() % same.size()];
    }

    explicit RandomGraph(std::mt19937& rng, int n_ops) {
        for (int i = 0; i < 3; ++i) {
            ggml_tensor* x = g.leaf({8, 5}, "in");
            if (rng() % 2) ggml_set_input(x);
            pool.push_back(x);
        }
        ggml_tensor* w = g.add_leaf(ggml_new_tensor_2d(weights, GGML_TYPE_F32, 8, 8));
        for (int i = 0; i < 64; ++i) ggml_set_f32_1d(w, i, 0.05f * static_cast<float>(i % 7) - 0.1f);
        for (int k = 0; k < n_ops; ++k) {
            ggml_tensor* a = pick(rng);
            ggml_tensor* out = nullptr;
            switch (rng() % 9) {
                case 0: out = g.same(GGML_OP_ADD, a, {a, partner(rng, a)}, "add"); break;
                case 1: out = g.same(GGML_OP_MUL, partner(rng, a), {partner(rng, a), a}, "mul"); break;
                case 2: out = g.same(GGML_OP_SUB, a, {a, a}, "sub_self"); break;
                case 3: {
                    out = g.same(GGML_OP_SCALE, a, {a}, "scale");
                    const float s = 0.5f + 0.25f * static_cast<float>(k % 3);
                    std::memcpy(&out->op_params[0], &s, sizeof s);
                    break;
                }
                case 4:
                    out = g.same(GGML_OP_UNARY, a, {a}, "unary");
                    out->op_params[0] = rng() % 2 ? GGML_UNARY_OP_NEG : GGML_UNARY_OP_RELU;
                    break;
                case 5:
                    if (a->ne[0] == 8 && a->ne[2] == 1) out = g.mul_mat(w, a, "mul_mat_w");
                    else out = g.mul_mat(a, partner(rng, a), "mul_mat");
                    break;
                case 6:   // transpose (2-d) then maybe make it contiguous
                    out = g.view(GGML_OP_TRANSPOSE, a, {a->ne[1], a->ne[0]}, {a->nb[1], a->nb[0]}, 0, "transpose");
                    if (rng() % 2) out = g.node(GGML_OP_CONT, {out->ne[0], out->ne[1]}, {out}, "cont");
                    break;
                case 7:   // rows 1.. of a contiguous tensor
                    if (ggml_is_contiguous(a) && a->ne[1] > 1)
                        out = g.view(GGML_OP_VIEW, a, {a->ne[0], a->ne[1] - 1}, {a->nb[0], a->nb[1]}, a->nb[1], "rows");
                    else
                        out = g.same(GGML_OP_SQR, a, {a}, "sqr");
                    break;
                default:
                    if (ggml_is_contiguous(a)) out = g.reshape(a, {a->ne[0] * a->ne[1]}, "flat");
                    else out = g.same(GGML_OP_SQR, a, {a}, "sqr");
                    if (out->op == GGML_OP_RESHAPE) out = g.reshape(out, {a->ne[1], a->ne[0]}, "reshaped");
                    break;
            }
            if (rng() % 8 == 0) ggml_set_output(out);
            pool.push_back(out);
        }
    }

    void write_inputs() {
        int k = 0;
        for (ggml_tensor* l : g.leafs()) {
            if (l->buffer == nullptr && l->data != nullptr) continue;   // the weight keeps its values
            for (int64_t i = 0; i < ggml_nelements(l); ++i)
                lt::at(l, i % l->ne[0], i / l->ne[0]) = 0.01f * static_cast<float>((i * 7 + k * 13) % 23) - 0.1f;
            ++k;
        }
    }
};

}  // namespace

TEST(Planner, RandomGraphsMatchTheGraphWithoutReuse) {
    std::mt19937 rng(42);
    size_t planned_total = 0, sum_total = 0;
    int inplace_total = 0;
    for (int trial = 0; trial < 60; ++trial) {
        RandomGraph r(rng, 5 + trial % 40);
        ggml_cgraph* graph = r.g.graph();

        // 1. No reuse: every tensor of the context gets its own memory.
        ggml_backend_buffer_t own = ggml_backend_alloc_ctx_tensors_from_buft(r.g.ctx(), ggml_backend_cpu_buffer_type());
        ASSERT_NE(own, nullptr);
        r.write_inputs();
        std::vector<std::vector<float>> expected;
        for (ggml_tensor* n : r.g.nodes()) {
            lt::eval_node(n);
            expected.push_back(lt::values_of(n));
        }
        for (ggml_tensor* t = ggml_get_first_tensor(r.g.ctx()); t; t = ggml_get_next_tensor(r.g.ctx(), t)) {
            t->data = nullptr;
            t->buffer = nullptr;
        }
        ggml_backend_buffer_free(own);

        // 2. Planned: each node, right after it runs, holds the same values.
        Planner p;
        ASSERT_TRUE(ggml_gallocr_alloc_graph(p.g, graph));
        r.write_inputs();
        const auto& nodes = r.g.nodes();
        for (size_t i = 0; i < nodes.size(); ++i) {
            lt::eval_node(nodes[i]);
            ASSERT_EQ(lt::values_of(nodes[i]), expected[i]) << "trial " << trial << " node " << i << " " << nodes[i]->name;
        }
        // 3. Outputs and results nobody consumed survive the whole graph.
        std::set<const ggml_tensor*> consumed;
        for (ggml_tensor* n : nodes)
            for (ggml_tensor* s : n->src)
                if (s) consumed.insert(s);
        for (size_t i = 0; i < nodes.size(); ++i)
            if ((nodes[i]->flags & GGML_TENSOR_FLAG_OUTPUT) || !consumed.count(nodes[i]))
                EXPECT_EQ(lt::values_of(nodes[i]), expected[i]) << "trial " << trial << " output " << i;

        EXPECT_LE(p.g->last.planned, p.g->last.sum_of_tensors);
        EXPECT_GE(p.g->last.planned, p.g->last.lower_bound);
        planned_total += p.g->last.planned;
        sum_total += p.g->last.sum_of_tensors;
        inplace_total += p.g->last.n_inplace;
    }
    // Reuse happened (not just "correct because nothing was shared").
    EXPECT_LT(planned_total, sum_total);
    EXPECT_GT(inplace_total, 0);
}
