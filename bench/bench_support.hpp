// Helpers shared by the benchmark files: running work on n threads, and the
// reference figures (memory bandwidth, OpenBLAS sgemm) that results are
// reported against, measured once per run (reference_bench.cpp).
#pragma once

#include <chrono>
#include <thread>
#include <vector>

namespace lugh::bench {

// Calls f(ith, nth) for ith = 0..nth-1, each on its own thread (0 on this one).
template <class F>
void run_parallel(int nth, F f) {
    std::vector<std::thread> workers;
    for (int i = 1; i < nth; ++i) workers.emplace_back(f, i, nth);
    f(0, nth);
    for (auto& t : workers) t.join();
}

// The benchmarks' thread count (the issue measures everything on 2 threads).
constexpr int kThreads = 2;

// Seconds since t0.
inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Seconds taken by f().
template <class F>
double time_once(F f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return seconds_since(t0);
}

// Bytes moved by one stream add: c[i] = a[i] + b[i] over 16M floats (3 streams).
double stream_add_bytes();

// Runs the stream add once on kThreads threads; returns its seconds.
double time_stream_add();

// Runs OpenBLAS cblas_sgemm at M = N = K = size once on kThreads threads and
// returns its seconds; returns 0 when built without OpenBLAS.
double time_openblas_sgemm(int size);

// Paired measurement against a reference: each benchmark iteration times the
// reference once and the operation once, back to back, so both see the same
// machine load (the machine is shared); the ratio compares the best time of
// each: (work / best op time) / (reference work / best reference time).
struct Paired {
    double best_op = 1e30, best_ref = 1e30;
    void add(double op_seconds, double ref_seconds) {
        best_op = op_seconds < best_op ? op_seconds : best_op;
        best_ref = ref_seconds < best_ref ? ref_seconds : best_ref;
    }
    double ratio(double op_work, double ref_work) const { return (op_work / best_op) / (ref_work / best_ref); }
};

}  // namespace lugh::bench
