// Helpers shared by the benchmark files: running work on n threads, and the
// reference figures (memory bandwidth, OpenBLAS sgemm) that results are
// reported against, measured once per run (reference_bench.cpp).
#pragma once

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <thread>
#include <vector>

namespace lugh::bench {

// The benchmarks' thread count (the issue measures everything on 2 threads).
constexpr int kThreads = 2;

// Calls f(ith, nth) for ith = 0..nth-1, each on its own thread (0 on this one).
template <class F>
void run_parallel(int nth, F f) {
    std::vector<std::thread> workers;
    for (int i = 1; i < nth; ++i) workers.emplace_back(f, i, nth);
    f(0, nth);
    for (auto& t : workers) t.join();
}

// n cheap reproducible values, uniform in [-half_width, half_width)
// (xorshift; a normal generator would dominate set-up for large matrices).
inline void fill_uniform(float* x, size_t n, uint64_t seed, float half_width) {
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    for (size_t i = 0; i < n; ++i) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        x[i] = (static_cast<float>(s >> 40) / 16777216.0f - 0.5f) * 2.0f * half_width;
    }
}

// Seconds since t0.
inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU seconds used so far by all threads of this process.
inline double process_cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The CPU seconds of the last time_once call, divided by kThreads: the
// run's duration as if its threads had had the cores to themselves. On a
// shared, oversubscribed machine wall time mostly measures the other
// processes; this does not (it still counts memory stalls, and it counts
// any spinning, which only makes our figures worse).
inline double& last_cpu_seconds_per_thread() {
    static double value = 0;
    return value;
}

// Seconds (wall) taken by f(); also records its CPU time per thread.
template <class F>
double time_once(F f) {
    const double c0 = process_cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const double wall = seconds_since(t0);
    last_cpu_seconds_per_thread() = (process_cpu_seconds() - c0) / kThreads;
    return wall;
}

// Bytes moved by one stream add: c[i] = a[i] + b[i] over 16M floats (3 streams).
double stream_add_bytes();

// Runs the stream add once on kThreads threads; returns its seconds.
double time_stream_add();

// Runs OpenBLAS cblas_sgemm at M = N = K = size once on kThreads threads and
// returns its seconds; returns 0 when built without OpenBLAS.
double time_openblas_sgemm(int size);

// The same for a product of mul_mat's shape: M rows of weights, N rows of
// activations, K long; 0 without OpenBLAS.
double time_openblas_sgemm_shape(int M, int N, int K);

// A pause before each of two compared runs. OpenBLAS's idle workers keep
// spinning for a while after a call returns (its THREAD_TIMEOUT), which would
// take a core from whatever runs next; and a thread that just slept gets a
// scheduling bonus on a loaded machine, so both runs must follow a pause.
inline void settle() { std::this_thread::sleep_for(std::chrono::milliseconds(250)); }

// CPU seconds of the calling thread so far.
inline double thread_cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// OpenBLAS cblas_sgemm at M = N = K = size on ONE thread (the caller);
// returns the calling thread's CPU seconds, 0 without OpenBLAS. Thread CPU
// time ignores time lost to other processes, so this compares per-core
// efficiency even on a busy machine.
double thread_cpu_openblas_sgemm_one_thread(int size);

// Paired measurement against a reference: each benchmark iteration times the
// reference once and the operation once, back to back, so both see the same
// machine load (the machine is shared); the ratio compares the best time of
// each: (work / best op time) / (reference work / best reference time).
// The same ratio from CPU time per thread (see last_cpu_seconds_per_thread)
// is kept too, for machines where wall time is dominated by other load.
struct Paired {
    double best_op = 1e30, best_ref = 1e30;
    double best_op_cpu = 1e30, best_ref_cpu = 1e30;
    void add(double op_seconds, double ref_seconds) {
        best_op = op_seconds < best_op ? op_seconds : best_op;
        best_ref = ref_seconds < best_ref ? ref_seconds : best_ref;
    }
    void add_cpu(double op_cpu, double ref_cpu) {
        best_op_cpu = op_cpu < best_op_cpu ? op_cpu : best_op_cpu;
        best_ref_cpu = ref_cpu < best_ref_cpu ? ref_cpu : best_ref_cpu;
    }
    double ratio(double op_work, double ref_work) const { return (op_work / best_op) / (ref_work / best_ref); }
    double ratio_cpu(double op_work, double ref_work) const {
        return (op_work / best_op_cpu) / (ref_work / best_ref_cpu);
    }
};

// Times op() against the stream add, iteration by iteration; op moves `bytes`
// per call. Reports bytes/s and the ratios ratio_vs_stream(_cpu).
template <class Op>
void bandwidth_vs_stream(benchmark::State& state, double bytes, Op op) {
    Paired paired;
    for (auto _ : state) {
        const double ref = time_stream_add();
        const double ref_cpu = last_cpu_seconds_per_thread();
        const double t = time_once(op);
        state.SetIterationTime(t);
        paired.add(t, ref);
        paired.add_cpu(last_cpu_seconds_per_thread(), ref_cpu);
    }
    state.SetBytesProcessed(static_cast<int64_t>(bytes * static_cast<double>(state.iterations())));
    state.counters["ratio_vs_stream"] = paired.ratio(bytes, stream_add_bytes());
    state.counters["ratio_vs_stream_cpu"] = paired.ratio_cpu(bytes, stream_add_bytes());
}

}  // namespace lugh::bench
