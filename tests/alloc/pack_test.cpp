// The packing heuristics on hand-made and random live ranges: every packing
// is valid (no two blocks live together share bytes) and never below the
// lower bound; simple cases reach it exactly.
#include <gtest/gtest.h>

#include <random>

#include "alloc/pack.hpp"

using lugh::alloc::LiveRange;
using lugh::alloc::Packing;
namespace al = lugh::alloc;

TEST(Pack, EmptyInputNeedsNothing) {
    EXPECT_EQ(al::pack({}).total, 0u);
    EXPECT_EQ(al::peak_live_bytes({}), 0u);
}

TEST(Pack, ChainOfEqualBlocksNeedsTwo) {
    // a -> b -> c -> d: each block is live with its neighbour only.
    std::vector<LiveRange> r;
    for (int i = 0; i < 10; ++i) r.push_back({64, i, i + 1});
    EXPECT_EQ(al::peak_live_bytes(r), 128u);
    for (const Packing& p : {al::pack_greedy_by_size(r), al::pack_best_fit_in_order(r), al::pack(r)}) {
        EXPECT_TRUE(al::packing_is_valid(r, p));
        EXPECT_EQ(p.total, 128u);
    }
}

TEST(Pack, DisjointRangesShareMemory) {
    std::vector<LiveRange> r = {{1000, 0, 1}, {500, 2, 3}, {1000, 4, 5}};
    EXPECT_EQ(al::pack(r).total, 1000u);
}

TEST(Pack, BlocksLiveTogetherDoNotOverlap) {
    std::vector<LiveRange> r = {{100, 0, 5}, {200, 0, 5}, {300, 3, 4}};
    const Packing p = al::pack(r);
    EXPECT_TRUE(al::packing_is_valid(r, p));
    EXPECT_EQ(p.total, 600u);
}

TEST(Pack, ValidityCheckCatchesOverlap) {
    std::vector<LiveRange> r = {{100, 0, 5}, {100, 2, 3}};
    Packing bad{{0, 50}, 150};
    EXPECT_FALSE(al::packing_is_valid(r, bad));
    Packing good{{0, 100}, 200};
    EXPECT_TRUE(al::packing_is_valid(r, good));
}

TEST(Pack, RandomRangesAreValidAndAboveTheBound) {
    std::mt19937 rng(1234);
    for (int trial = 0; trial < 200; ++trial) {
        const int n = 1 + static_cast<int>(rng() % 60);
        const int steps = 1 + static_cast<int>(rng() % 40);
        std::vector<LiveRange> r;
        for (int i = 0; i < n; ++i) {
            const int s = static_cast<int>(rng() % steps);
            const int len = static_cast<int>(rng() % 8);
            r.push_back({64 * (1 + rng() % 32), s, s + len});
        }
        const size_t bound = al::peak_live_bytes(r);
        for (const Packing& p : {al::pack_greedy_by_size(r), al::pack_best_fit_in_order(r)}) {
            ASSERT_TRUE(al::packing_is_valid(r, p)) << "trial " << trial;
            ASSERT_GE(p.total, bound);
        }
        const Packing best = al::pack(r);
        EXPECT_EQ(best.total, std::min(al::pack_greedy_by_size(r).total, al::pack_best_fit_in_order(r).total));
    }
}
