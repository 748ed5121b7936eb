// Benchmarks are added per area (core_bench.cpp, ops_bench.cpp, ...).
#include <benchmark/benchmark.h>
