// core::owner_of and Arena::holds_record: which live context holds a tensor
// record (the record's lugh_owner names the slot; the slot's arena must hold
// it). RegistryThreads.* here also runs under ThreadSanitizer: a lookup must
// never read an arena that another thread sets up, resets or tears down.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/context.hpp"
#include "core/cross_reads.hpp"
#include "core/registry.hpp"
#include "lugh/ggml/ggml.h"
#include "lugh/lugh.hpp"

using lugh::core::ContextRegistry;

namespace {

ggml_context* make(size_t size, bool no_alloc = false) { return ggml_init(ggml_init_params{size, nullptr, no_alloc}); }

TEST(RegistryOwner, FindsTheContextHoldingARecord) {
    ggml_context* a = make(1 << 16);
    ggml_context* b = make(1 << 16, true);
    ggml_tensor* ta = ggml_new_tensor_1d(a, GGML_TYPE_F32, 8);
    ggml_tensor* tb = ggml_new_tensor_2d(b, GGML_TYPE_F32, 8, 8);
    EXPECT_EQ(lugh::core::owner_of(ta), a);
    EXPECT_EQ(lugh::core::owner_of(tb), b);
    EXPECT_EQ(ta->lugh_owner, static_cast<int32_t>(a->slot + 1));
    EXPECT_TRUE(a->arena.holds_record(ta));
    EXPECT_FALSE(a->arena.holds_record(tb));
    EXPECT_FALSE(b->arena.holds_record(ta));
    EXPECT_EQ(a->arena.record_number(ta), 0u);
    EXPECT_EQ(lugh::core::owner_of(tb, a), b) << "a hint that does not hold the record is passed over";

    // A tensor struct made by the caller is in no arena.
    ggml_tensor outside{};
    EXPECT_EQ(lugh::core::owner_of(&outside), nullptr);
    EXPECT_EQ(lugh::core::owner_of(nullptr), nullptr);
    // A copy of a record claims a context whose arena does not hold it: untracked.
    ggml_tensor copy = *ta;
    EXPECT_EQ(lugh::core::owner_of(&copy), nullptr);

    // Reset keeps the arena: still the owner of that memory.
    ggml_reset(a);
    EXPECT_EQ(lugh::core::owner_of(ta), a);
    ggml_free(a);
    EXPECT_FALSE(a->arena.holds_record(ta));
    EXPECT_EQ(lugh::core::owner_of(tb), b);
    ggml_free(b);
}

TEST(RegistryOwner, CallerBufferIsTheArena) {
    alignas(64) static unsigned char buffer[8192];
    ggml_context* c = ggml_init(ggml_init_params{sizeof buffer, buffer, false});
    ggml_tensor* t = ggml_new_tensor_1d(c, GGML_TYPE_F32, 4);
    EXPECT_EQ(lugh::core::owner_of(t), c);
    ggml_free(c);
    EXPECT_EQ(lugh::core::owner_of(t), nullptr) << "the caller's buffer outlives the context, which is gone";
}

TEST(RegistryOwner, AcquireAndReleaseStillPairUp) {
    auto& registry = ContextRegistry::instance();
    const size_t live = registry.live_count();
    ggml_context* c = registry.acquire();
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(c->live.load());
    EXPECT_EQ(registry.live_count(), live + 1);
    const uint32_t generation = c->generation.load();
    registry.release(c);
    EXPECT_FALSE(c->live.load());
    EXPECT_EQ(c->generation.load(), generation + 1);
    EXPECT_EQ(registry.live_count(), live);
}

// One thread looks owners up while others create, fill, reset and free contexts.
TEST(RegistryThreads, OwnerOfWhileContextsComeAndGo) {
    ggml_context* mine = make(1 << 16);
    ggml_tensor* t = ggml_new_tensor_1d(mine, GGML_TYPE_F32, 4);
    std::atomic<bool> stop{false};
    std::atomic<int> wrong{0};
    std::thread scanner([&] {
        ggml_tensor outside{};
        while (!stop.load()) {
            if (lugh::core::owner_of(t) != mine) ++wrong;
            if (lugh::core::owner_of(&outside) != nullptr) ++wrong;
        }
    });
    std::vector<std::thread> churn;
    for (int k = 0; k < 3; ++k)
        churn.emplace_back([&] {
            for (int i = 0; i < 300; ++i) {
                ggml_context* c = make(4096 + 64 * (i % 5));
                if (!c) continue;
                ggml_tensor* x = ggml_new_tensor_1d(c, GGML_TYPE_F32, 4);
                if (lugh::core::owner_of(x) != c) ++wrong;
                ggml_reset(c);
                ggml_new_tensor_1d(c, GGML_TYPE_F32, 4);
                ggml_free(c);
            }
        });
    for (auto& th : churn) th.join();
    stop.store(true);
    scanner.join();
    EXPECT_EQ(wrong.load(), 0);
    ggml_free(mine);
}

}  // namespace
