// ThreadPool, Barrier and the executor under concurrency. Suites named
// ThreadPool* run under ThreadSanitizer in `make tsan`.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include <lugh/lugh.hpp>

#include "cpu/barrier.hpp"
#include "cpu/kernels.hpp"
#include "cpu/thread_pool.hpp"
#include "ggml-cpu.h"

using lugh::cpu::Barrier;
using lugh::cpu::ThreadPool;

TEST(ThreadPool, RunsEveryThreadOncePerJob) {
    ThreadPool pool(3);
    struct Counts {
        std::atomic<int> per_thread[4];
    } counts{};
    for (int round = 0; round < 500; ++round) {
        const int nth = 1 + round % 4;
        pool.run(nth, [](void* arg, int ith) { static_cast<Counts*>(arg)->per_thread[ith].fetch_add(1); }, &counts);
    }
    // Thread i takes part in the rounds whose nth exceeds i.
    EXPECT_EQ(counts.per_thread[0].load(), 500);
    EXPECT_EQ(counts.per_thread[1].load(), 375);
    EXPECT_EQ(counts.per_thread[2].load(), 250);
    EXPECT_EQ(counts.per_thread[3].load(), 125);
}

TEST(ThreadPool, WorkersSleepAndWakeBetweenJobs) {
    ThreadPool pool(2);
    std::atomic<int> n{0};
    for (int i = 0; i < 3; ++i) {
        pool.run(3, [](void* arg, int) { static_cast<std::atomic<int>*>(arg)->fetch_add(1); }, &n);
        std::this_thread::sleep_for(std::chrono::milliseconds(30));   // long enough for workers to sleep
    }
    EXPECT_EQ(n.load(), 9);
}

TEST(ThreadPoolBarrier, EveryThreadSeesEveryPhase) {
    ThreadPool pool(2);
    struct State {
        Barrier barrier{3};
        int slots[3] = {0, 0, 0};   // plain ints: the barrier must order them
        std::atomic<int> mismatches{0};
    } st;
    pool.run(3, [](void* arg, int ith) {
        auto& s = *static_cast<State*>(arg);
        for (int phase = 1; phase <= 2000; ++phase) {
            s.slots[ith] = phase;
            s.barrier.wait();
            for (int j = 0; j < 3; ++j)
                if (s.slots[j] != phase) s.mismatches.fetch_add(1);
            s.barrier.wait();
        }
    }, &st);
    EXPECT_EQ(st.mismatches.load(), 0);
}

TEST(ThreadPoolCompute, ChainOfTinyNodesSplitAcrossThreads) {
    const size_t saved = lugh::cpu::min_parallel_work();
    for (size_t split : {size_t{0}, saved}) {   // every node split, then the default (tiny nodes on thread 0)
        lugh::cpu::set_min_parallel_work(split);
        lugh::Context ctx(16 << 20);
        auto x = lugh::Tensor::new_f32(ctx, {7});
        auto one = lugh::Tensor::new_f32(ctx, {1});
        x.set_f32({0, 1, 2, 3, 4, 5, 6});
        one.set_f32({1});
        lugh::Tensor y = x;
        for (int i = 0; i < 300; ++i) y = lugh::ops::add(ctx, y, one);
        lugh::Graph g(ctx, 512);
        g.build_forward(y);
        for (int nt : {1, 2, 3, 5}) {
            g.compute(ctx, nt);
            EXPECT_EQ(y.get_f32(), (std::vector<float>{300, 301, 302, 303, 304, 305, 306})) << "threads " << nt;
        }
    }
    lugh::cpu::set_min_parallel_work(saved);
}

TEST(ThreadPoolCompute, ConcurrentComputesFromSeveralThreads) {
    auto work = [](int seed, std::atomic<int>* failures) {
        lugh::Context ctx(16 << 20);
        auto a = lugh::Tensor::new_f32(ctx, {256, 64});
        auto b = lugh::Tensor::new_f32(ctx, {256, 32});
        std::vector<float> va(256 * 64), vb(256 * 32);
        for (size_t i = 0; i < va.size(); ++i) va[i] = static_cast<float>((i * 7 + seed) % 13) - 6.0f;
        for (size_t i = 0; i < vb.size(); ++i) vb[i] = static_cast<float>((i * 5 + seed) % 11) - 5.0f;
        a.set_f32(va);
        b.set_f32(vb);
        auto c = lugh::ops::soft_max(ctx, lugh::ops::scale(ctx, lugh::ops::mul_mat(ctx, a, b), 0.01f));
        lugh::Graph g(ctx);
        g.build_forward(c);
        g.compute(ctx, 1);
        const std::vector<float> want = c.get_f32();
        for (int i = 0; i < 20; ++i) {
            g.compute(ctx, 2 + i % 2);
            if (std::memcmp(want.data(), c.get_f32().data(), want.size() * sizeof(float)) != 0) failures->fetch_add(1);
        }
    };
    std::atomic<int> failures{0};
    std::thread t1(work, 1, &failures), t2(work, 2, &failures), t3(work, 3, &failures);
    t1.join();
    t2.join();
    t3.join();
    EXPECT_EQ(failures.load(), 0);
}

TEST(ThreadPoolCompute, MoreThreadsThanWork) {
    lugh::Context ctx(1 << 20);
    auto a = lugh::Tensor::new_f32(ctx, {3});
    a.set_f32({1, 2, 3});
    auto r = lugh::ops::sqr(ctx, a);
    lugh::Graph g(ctx);
    g.build_forward(r);
    const size_t saved = lugh::cpu::min_parallel_work();
    lugh::cpu::set_min_parallel_work(0);
    g.compute(ctx, 16);
    lugh::cpu::set_min_parallel_work(saved);
    EXPECT_EQ(r.get_f32(), (std::vector<float>{1, 4, 9}));
    EXPECT_THROW(g.compute(ctx, 0), lugh::Error);
    EXPECT_THROW(g.compute(ctx, 100000), lugh::Error);
}
