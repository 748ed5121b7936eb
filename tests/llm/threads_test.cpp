// Sessions on different threads: one shared model, each thread its own
// session (and cache), at the same time. Also run under ThreadSanitizer
// (make tsan: the LlmThreads tests).
#include <gtest/gtest.h>

#include <thread>

#include <lugh/generate.hpp>

#include "llm/llm_test_util.hpp"

namespace {

std::vector<int32_t> run(const lugh::Model& model, int n_threads, uint64_t seed, int n) {
    lugh::SessionParams p;
    p.n_ctx = 64;
    p.n_threads = n_threads;
    lugh::Session s(model, p);
    lugh::SamplerParams sp;
    sp.seed = seed;
    lugh::Sampler sampler(sp);
    lugh::GenerateParams gp;
    gp.max_tokens = n;
    return lugh::generate(s, sampler, {1, 11, 12, 13}, gp).tokens;
}

TEST(LlmThreads, TwoThreadsEachDriveASessionOnOneModel) {
    lugh::Model model(llmtest::tiny_model("llama", lugh::Type::Q8_0));
    // What each gives alone, first.
    const auto want_a = run(model, 2, 1, 24);
    const auto want_b = run(model, 1, 2, 24);
    for (int round = 0; round < 3; ++round) {
        std::vector<int32_t> got_a, got_b;
        std::thread a([&] { got_a = run(model, 2, 1, 24); });
        std::thread b([&] { got_b = run(model, 1, 2, 24); });
        a.join();
        b.join();
        EXPECT_EQ(got_a, want_a);
        EXPECT_EQ(got_b, want_b);
    }
}

TEST(LlmThreads, ModelsAndSessionsMadeAndDroppedOnManyThreads) {
    const std::string path = llmtest::tiny_model("qwen2");
    const lugh::Model shared(path);
    const auto want = run(shared, 1, 5, 8);
    std::vector<std::thread> threads;
    std::vector<std::vector<int32_t>> got(4);
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&, i] {
            // Half the threads load their own copy of the model meanwhile.
            const lugh::Model own = i % 2 ? lugh::Model(path) : shared;
            got[static_cast<size_t>(i)] = run(own, 1 + i % 2, 5, 8);
        });
    for (auto& t : threads) t.join();
    for (const auto& g : got) EXPECT_EQ(g, want);
}

}  // namespace
