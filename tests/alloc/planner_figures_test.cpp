// The planner's figures on the three graphs of the issue: planned buffer vs
// the lower bound (most bytes live at one step) and vs no reuse at all.
// Goal: within 10% of the lower bound.
#include <gtest/gtest.h>

#include <cstdio>

#include "alloc/graph_allocator.hpp"
#include "backend/buffer.hpp"
#include "model_graphs.hpp"

namespace lt = lugh::testing;

namespace {
lugh::alloc::PlanStats figures(const char* name, lt::HandGraph& g) {
    auto s = lugh::alloc::plan_graph(g.graph(), lugh::backend::cpu_buffer_type(), "figures");
    std::printf("planner %-18s nodes %4zu  planned %9.2f MiB  lower bound %9.2f MiB  (x%.3f)  no reuse %9.2f MiB "
                "(x%.3f)  greedy-by-size %.2f MiB  best-fit-in-order %.2f MiB  in place %d\n",
                name, g.nodes().size(), s.planned / 1048576.0, s.lower_bound / 1048576.0,
                double(s.planned) / double(s.lower_bound), s.sum_of_tensors / 1048576.0,
                double(s.planned) / double(s.sum_of_tensors), s.greedy_by_size / 1048576.0,
                s.best_fit_in_order / 1048576.0, s.n_inplace);
    return s;
}
}  // namespace

TEST(PlannerFigures, TransformerBlockWithinTenPercentOfTheBound) {
    lt::HandGraph g;
    lt::build_transformer_block(g);
    auto s = figures("transformer block", g);
    EXPECT_LE(double(s.planned), 1.10 * double(s.lower_bound));
    EXPECT_LT(s.planned, s.sum_of_tensors);
}

TEST(PlannerFigures, FourTransformerBlocksWithinTenPercentOfTheBound) {
    lt::HandGraph g;
    lt::build_transformer_block(g, 2048, 16, 256, 5632, 4);
    auto s = figures("4 transformer blocks", g);
    EXPECT_LE(double(s.planned), 1.10 * double(s.lower_bound));
}

TEST(PlannerFigures, Mlp32WithinTenPercentOfTheBound) {
    lt::HandGraph g;
    lt::build_mlp(g);
    auto s = figures("32-layer MLP", g);
    EXPECT_LE(double(s.planned), 1.10 * double(s.lower_bound));
    EXPECT_LT(double(s.planned), 0.2 * double(s.sum_of_tensors));
}

TEST(PlannerFigures, LongChainWithinTenPercentOfTheBound) {
    lt::HandGraph g;
    lt::build_chain(g);
    auto s = figures("element-wise chain", g);
    EXPECT_LE(double(s.planned), 1.10 * double(s.lower_bound));
    EXPECT_LT(double(s.planned), 0.05 * double(s.sum_of_tensors));
}
