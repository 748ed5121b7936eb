// The planner with the real executor: random graphs of real ops (element-wise,
// in-place forms, matmul, views, cont, soft_max, rms_norm) computed through
// ggml_backend_graph_compute, once with every tensor in its own memory and
// once planned. Each node, right after it runs, must hold the same values.
#include <gtest/gtest.h>

#include <random>

#include "alloc/graph_allocator.hpp"
#include "graph/cgraph.hpp"
#include "lugh/ggml/ggml-alloc.h"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"

namespace {

struct Case {
    ggml_context* ctx = ggml_init({16 << 20, nullptr, true});
    ggml_context* wctx = ggml_init({1 << 20, nullptr, false});
    ggml_cgraph* graph = nullptr;
    std::vector<ggml_tensor*> inputs;
    ~Case() {
        ggml_free(ctx);
        ggml_free(wctx);
    }
};

std::vector<float> values(const ggml_tensor* t) {
    std::vector<float> v(static_cast<size_t>(ggml_nelements(t)));
    for (size_t i = 0; i < v.size(); ++i) v[i] = ggml_get_f32_1d(t, static_cast<int>(i));
    return v;
}

void build(Case& c, std::mt19937& rng, int n_ops, int64_t cols, int64_t rows) {
    std::vector<ggml_tensor*> pool, nodes;
    for (int i = 0; i < 3; ++i) {
        ggml_tensor* x = ggml_new_tensor_2d(c.ctx, GGML_TYPE_F32, cols, rows);
        if (rng() % 2) ggml_set_input(x);
        c.inputs.push_back(x);
        pool.push_back(x);
    }
    ggml_tensor* w = ggml_new_tensor_2d(c.wctx, GGML_TYPE_F32, cols, cols);
    for (int64_t i = 0; i < cols * cols; ++i) ggml_set_f32_1d(w, (int)i, 0.02f * float(i % 9) - 0.08f);
    auto pick = [&](std::vector<ggml_tensor*>& from) { return from[rng() % from.size()]; };
    auto partner = [&](ggml_tensor* a) {
        std::vector<ggml_tensor*> same;
        for (ggml_tensor* t : pool)
            if (ggml_are_same_shape(t, a)) same.push_back(t);
        return pick(same);
    };
    ggml_tensor* last = nullptr;
    for (int k = 0; k < n_ops; ++k) {
        ggml_tensor* a = pick(pool);
        const bool node_src = !nodes.empty() && rng() % 2;   // in-place forms only on nodes
        ggml_tensor* n = nullptr;
        switch (rng() % 12) {
            case 0: n = ggml_add(c.ctx, a, partner(a)); break;
            case 1: n = ggml_mul(c.ctx, partner(a), a); break;
            case 2: n = ggml_sub(c.ctx, a, partner(a)); break;
            case 3: n = ggml_scale(c.ctx, a, 0.75f); break;
            case 4: n = ggml_relu(c.ctx, a); break;
            case 5: n = ggml_is_contiguous(a) && a->ne[0] == cols && a->ne[2] == 1 ? ggml_mul_mat(c.ctx, w, a)
                                                                                  : ggml_sqr(c.ctx, a);
                    break;
            case 6: n = ggml_cont(c.ctx, ggml_transpose(c.ctx, a)); break;
            case 7: n = ggml_transpose(c.ctx, a); break;
            case 8: n = ggml_soft_max(c.ctx, a); break;
            case 9: n = ggml_rms_norm(c.ctx, a, 1e-5f); break;
            case 10:
                if (node_src) {
                    ggml_tensor* b = pick(nodes);
                    n = rng() % 2 ? ggml_add_inplace(c.ctx, b, partner(b)) : ggml_scale_inplace(c.ctx, b, 1.5f);
                } else {
                    n = ggml_sqr(c.ctx, a);
                }
                break;
            default:
                if (ggml_is_contiguous(a) && a->ne[1] > 1)
                    n = ggml_view_2d(c.ctx, a, a->ne[0], a->ne[1] - 1, a->nb[1], a->nb[1]);
                else
                    n = ggml_sqr(c.ctx, a);
                break;
        }
        if (rng() % 8 == 0) ggml_set_output(n);
        pool.push_back(n);
        nodes.push_back(n);
        last = n;
    }
    c.graph = ggml_new_graph(c.ctx);
    for (ggml_tensor* n : nodes) ggml_build_forward_expand(c.graph, n);
    (void)last;
}

void write_inputs(Case& c) {
    int k = 0;
    for (ggml_tensor* x : c.inputs) {
        ++k;
        if (!x->data) continue;   // not used by the graph, so the planner gave it nothing
        std::vector<float> v(static_cast<size_t>(ggml_nelements(x)));
        for (size_t i = 0; i < v.size(); ++i) v[i] = 0.01f * float((i * 7 + k * 13) % 23) - 0.1f;
        ggml_backend_tensor_set(x, v.data(), 0, ggml_nbytes(x));
    }
}

// Node i's values right after it runs: compute the prefix 0..i of the graph.
std::vector<std::vector<float>> run_each_prefix(Case& c, ggml_backend_t be) {
    std::vector<std::vector<float>> out;
    const int n = c.graph->n_nodes;
    for (int i = 0; i < n; ++i) {
        write_inputs(c);
        c.graph->n_nodes = i + 1;
        EXPECT_EQ(ggml_backend_graph_compute(be, c.graph), GGML_STATUS_SUCCESS);
        out.push_back(values(c.graph->nodes[i]));
    }
    c.graph->n_nodes = n;
    return out;
}

}  // namespace

TEST(PlannerExecutor, RandomGraphsMatchTheGraphWithoutReuse) {
    std::mt19937 rng(7);
    ggml_backend_t be = ggml_backend_cpu_init();
    size_t planned = 0, sum = 0;
    int in_place = 0;
    for (int trial = 0; trial < 40; ++trial) {
        ggml_backend_cpu_set_n_threads(be, 1 + trial % 3);
        Case c;
        build(c, rng, 4 + trial % 25, trial % 2 ? 33 : 8, trial % 3 ? 7 : 1);

        ggml_backend_buffer_t own = ggml_backend_alloc_ctx_tensors(c.ctx, be);
        ASSERT_NE(own, nullptr);
        const auto expected = run_each_prefix(c, be);
        for (ggml_tensor* t = ggml_get_first_tensor(c.ctx); t; t = ggml_get_next_tensor(c.ctx, t)) {
            t->data = nullptr;
            t->buffer = nullptr;
        }
        ggml_backend_buffer_free(own);

        ggml_gallocr_t galloc = ggml_gallocr_new(ggml_backend_get_default_buffer_type(be));
        ASSERT_TRUE(ggml_gallocr_alloc_graph(galloc, c.graph));
        const auto got = run_each_prefix(c, be);
        for (size_t i = 0; i < got.size(); ++i)
            ASSERT_EQ(got[i], expected[i]) << "trial " << trial << " node " << i << " op "
                                           << ggml_op_desc(c.graph->nodes[i]);
        // The whole graph once more: outputs survive to the end.
        write_inputs(c);
        ASSERT_EQ(ggml_backend_graph_compute(be, c.graph), GGML_STATUS_SUCCESS);
        // (An output whose memory a later in-place node writes over is not checked.)
        auto root = [](const ggml_tensor* t) {
            while (t->view_src) t = t->view_src;
            return t;
        };
        auto overwritten_later = [&](int i) {
            for (int j = i + 1; j < c.graph->n_nodes; ++j) {
                const ggml_tensor* v = c.graph->nodes[j];
                if (v->view_src && root(v) == root(c.graph->nodes[i]) && v->op != GGML_OP_VIEW && v->op != GGML_OP_TRANSPOSE &&
                    v->op != GGML_OP_RESHAPE && v->op != GGML_OP_PERMUTE)
                    return true;
            }
            return false;
        };
        for (int i = 0; i < c.graph->n_nodes; ++i)
            if ((c.graph->nodes[i]->flags & GGML_TENSOR_FLAG_OUTPUT) && !overwritten_later(i))
                EXPECT_EQ(values(c.graph->nodes[i]), expected[static_cast<size_t>(i)]) << "output " << i;
        planned += ggml_gallocr_get_buffer_size(galloc, 0);
        sum += galloc->last.sum_of_tensors;
        in_place += galloc->last.n_inplace;
        ggml_gallocr_free(galloc);
    }
    EXPECT_LT(planned, sum);   // memory was shared...
    EXPECT_GT(in_place, 0);    // ...and some nodes ran in their input's memory
    ggml_backend_free(be);
}
