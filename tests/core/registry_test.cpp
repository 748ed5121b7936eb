// The context registry: 4096 slots, generations, thread safety.
//
// The RegistryThreads suite is the part meant to run under ThreadSanitizer
// (build-tsan: ctest -R RegistryThreads, or --gtest_filter='RegistryThreads.*').
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "core/context.hpp"
#include "core/registry.hpp"
#include "lugh/ggml/ggml.h"
#include "lugh/lugh.hpp"

using lugh::core::ContextRegistry;
using ::testing::HasSubstr;

namespace {

constexpr size_t kCapacity = ContextRegistry::kCapacity;

TEST(Registry, CapacityIsLughMaxContexts) { EXPECT_EQ(kCapacity, size_t(LUGH_MAX_CONTEXTS)); }

TEST(Registry, RefusesThe4097thContextAndTakesSlotsBack) {
    const size_t live = lugh::Context::live_count();
    std::vector<ggml_context*> held;
    for (size_t i = live; i < kCapacity; ++i) {
        ggml_context* ctx = ggml_init(ggml_init_params{64, nullptr, true});
        ASSERT_NE(ctx, nullptr) << "context " << i;
        held.push_back(ctx);
    }
    EXPECT_EQ(lugh::Context::live_count(), kCapacity);
    EXPECT_EQ(ggml_init(ggml_init_params{64, nullptr, true}), nullptr);

    // The C++ constructor throws instead, with the reason.
    try {
        lugh::Context extra(64);
        ADD_FAILURE() << "a context beyond capacity was created";
    } catch (const lugh::Error& e) {
        EXPECT_THAT(e.what(), HasSubstr("all 4096 context slots are in use"));
    }

    // A slot comes back after ggml_free, and is the one handed out next.
    ggml_context* returned = held.back();
    held.pop_back();
    ggml_free(returned);
    ggml_context* again = ggml_init(ggml_init_params{64, nullptr, true});
    EXPECT_EQ(again, returned);
    EXPECT_EQ(ggml_init(ggml_init_params{64, nullptr, true}), nullptr);
    held.push_back(again);

    for (ggml_context* ctx : held) ggml_free(ctx);
    EXPECT_EQ(lugh::Context::live_count(), live);
    ggml_context* after = ggml_init(ggml_init_params{64, nullptr, true});
    EXPECT_NE(after, nullptr);
    ggml_free(after);
}

TEST(Registry, LookupChecksLivenessAndGeneration) {
    ggml_context* ctx = ggml_init(ggml_init_params{1024, nullptr, false});
    ASSERT_NE(ctx, nullptr);
    auto& registry = ContextRegistry::instance();
    const uint32_t slot = ctx->slot;
    const uint32_t gen = ctx->generation.load();
    EXPECT_EQ(registry.lookup(slot, gen), ctx);
    EXPECT_EQ(registry.lookup(slot, gen + 1), nullptr);
    EXPECT_EQ(registry.lookup(static_cast<uint32_t>(kCapacity), gen), nullptr);
    ggml_reset(ctx);   // a reset starts a new generation
    EXPECT_EQ(registry.lookup(slot, gen), nullptr);
    const uint32_t gen2 = ctx->generation.load();
    EXPECT_NE(gen2, gen);
    EXPECT_EQ(registry.lookup(slot, gen2), ctx);
    ggml_free(ctx);
    EXPECT_EQ(registry.lookup(slot, gen2), nullptr);

    // The same slot reused by a new context does not revive old handles.
    ggml_context* reused = ggml_init(ggml_init_params{1024, nullptr, false});
    ASSERT_EQ(reused, ctx);
    EXPECT_EQ(registry.lookup(slot, gen2), nullptr);
    EXPECT_EQ(registry.lookup(slot, reused->generation.load()), reused);
    ggml_free(reused);
}

TEST(Registry, LiveContextsHaveDistinctSlots) {
    std::vector<lugh::Context> contexts;
    std::set<uint32_t> ids;
    for (int i = 0; i < 100; ++i) {
        contexts.emplace_back(256);
        ids.insert(contexts.back().id());
    }
    EXPECT_EQ(ids.size(), 100u);
}

// ---- thread safety (run under ThreadSanitizer) ------------------------------

constexpr int kThreads = 8;

TEST(RegistryThreads, ConcurrentCreateAndFreeKeepsCountsRight) {
    const size_t live = lugh::Context::live_count();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([t, &failures] {
            for (int i = 0; i < 300; ++i) {
                ggml_context* ctx = ggml_init(ggml_init_params{4096, nullptr, false});
                if (!ctx) {
                    ++failures;
                    continue;
                }
                // Use the context so a slot handed to two threads would show.
                ggml_tensor* x = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, 16);
                ggml_set_i32(x, t * 1000 + i);
                if (ggml_get_i32_1d(x, 15) != t * 1000 + i || ggml_get_first_tensor(ctx) != x) ++failures;
                ggml_free(ctx);
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(lugh::Context::live_count(), live);
}

TEST(RegistryThreads, ContextsHeldAcrossThreadsGetDistinctSlots) {
    const size_t live = lugh::Context::live_count();
    constexpr int kPerThread = 64;
    std::vector<std::vector<ggml_context*>> held(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([t, &held] {
            for (int i = 0; i < kPerThread; ++i) held[t].push_back(ggml_init(ggml_init_params{512, nullptr, true}));
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(lugh::Context::live_count(), live + kThreads * kPerThread);
    std::set<ggml_context*> distinct;
    for (const auto& list : held)
        for (ggml_context* ctx : list) {
            EXPECT_NE(ctx, nullptr);
            distinct.insert(ctx);
        }
    EXPECT_EQ(distinct.size(), size_t(kThreads * kPerThread));
    // Free them from other threads than the ones that made them.
    threads.clear();
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([t, &held] {
            for (ggml_context* ctx : held[(t + 1) % kThreads]) ggml_free(ctx);
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(lugh::Context::live_count(), live);
}

TEST(RegistryThreads, CppContextsAndStaleHandlesAcrossThreads) {
    const size_t live = lugh::Context::live_count();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&failures] {
            for (int i = 0; i < 200; ++i) {
                lugh::Tensor stale;
                {
                    lugh::Context ctx(1024);
                    stale = lugh::Tensor::new_f32(ctx, {4});
                    stale.set_f32({1, 2, 3, 4});
                    if (stale.get_f32()[3] != 4.0f) ++failures;
                }
                // Other threads may have taken the slot meanwhile: the
                // generation still says this handle is dead.
                if (stale.alive()) ++failures;
                try {
                    stale.get_f32();
                    ++failures;
                } catch (const lugh::Error&) {
                }
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(lugh::Context::live_count(), live);
}

TEST(RegistryThreads, CapacityRaceNeverOvercommits) {
    // Threads race to fill every slot; exactly the free ones are handed out.
    const size_t live = lugh::Context::live_count();
    const size_t free_slots = kCapacity - live;
    std::vector<std::vector<ggml_context*>> held(kThreads);
    std::atomic<size_t> refused{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([t, &held, &refused, free_slots] {
            for (size_t i = 0; i < free_slots / kThreads + 16; ++i) {
                ggml_context* ctx = ggml_init(ggml_init_params{64, nullptr, true});
                if (ctx) held[t].push_back(ctx);
                else ++refused;
            }
        });
    for (auto& th : threads) th.join();
    size_t got = 0;
    for (const auto& list : held) got += list.size();
    EXPECT_EQ(got, free_slots);
    EXPECT_EQ(lugh::Context::live_count(), kCapacity);
    EXPECT_EQ(got + refused.load(), size_t(kThreads) * (free_slots / kThreads + 16));
    for (const auto& list : held)
        for (ggml_context* ctx : list) ggml_free(ctx);
    EXPECT_EQ(lugh::Context::live_count(), live);
}

}  // namespace
