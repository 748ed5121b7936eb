// What every kernel gets: its share of the threads, its scratch memory, and a
// way to report a data error (which stops the compute with GGML_STATUS_FAILED).
//
// A kernel computes the rows [begin, end) that split_rows gives its thread;
// each output element is computed by exactly one thread in an order that does
// not depend on the thread count, so results are bitwise identical for any
// n_threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

#include "core/type_traits.hpp"
#include "lugh/ggml/ggml.h"

namespace lugh::cpu {

// The first error a kernel reports during a compute.
struct ErrorSink {
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::string message;
};

struct KernelArgs {
    int ith = 0;                  // this thread, 0..nth-1
    int nth = 1;                  // threads sharing this node
    void* work = nullptr;         // this thread's scratch (64-byte aligned)
    size_t work_size = 0;         // bytes of it
    ErrorSink* errors = nullptr;

    // Record an error (printf-style, starting "lugh: ..."); the compute stops after this node.
    void fail(const char* fmt, ...) const __attribute__((format(printf, 2, 3)));
};

// This thread's share [*begin, *end) of n items: contiguous, balanced blocks.
inline void split_rows(int64_t n, int ith, int nth, int64_t* begin, int64_t* end) {
    const int64_t per = n / nth, extra = n % nth;
    *begin = ith * per + (ith < extra ? ith : extra);
    *end = *begin + per + (ith < extra ? 1 : 0);
}

// Row r of a tensor (rows are indexed over ne1 * ne2 * ne3) as (i1, i2, i3).
inline void row_coords(const ggml_tensor* t, int64_t r, int64_t* i1, int64_t* i2, int64_t* i3) {
    *i1 = r % t->ne[1];
    r /= t->ne[1];
    *i2 = r % t->ne[2];
    *i3 = r / t->ne[2];
}

// Calls row(i1, i2, i3) for each row of t in this thread's share (split_rows
// over ne1 * ne2 * ne3 rows), in order: the loop of most row kernels.
template <class RowFn>
inline void for_each_row(const ggml_tensor* t, const KernelArgs& args, RowFn&& row) {
    int64_t r0, r1;
    split_rows(t->ne[1] * t->ne[2] * t->ne[3], args.ith, args.nth, &r0, &r1);
    for (int64_t r = r0; r < r1; ++r) {
        int64_t i1, i2, i3;
        row_coords(t, r, &i1, &i2, &i3);
        row(i1, i2, i3);
    }
}

inline char* row_ptr(const ggml_tensor* t, int64_t i1, int64_t i2, int64_t i3) {
    return static_cast<char*>(t->data) + i1 * t->nb[1] + i2 * t->nb[2] + i3 * t->nb[3];
}

inline char* elem_ptr(const ggml_tensor* t, int64_t i0, int64_t i1, int64_t i2, int64_t i3) {
    return row_ptr(t, i1, i2, i3) + i0 * t->nb[0];
}

// Rows are packed elements (nb[0] is the element size).
inline bool rows_packed(const ggml_tensor* t) { return t->ne[0] <= 1 || t->nb[0] == core::type_size(t->type); }

}  // namespace lugh::cpu

namespace lugh::cpu {

// The F32 row at `row` of t as packed floats: the row itself when packed,
// else gathered into scratch (t->ne[0] floats).
inline const float* packed_row(const ggml_tensor* t, const char* row, float* scratch) {
    if (rows_packed(t)) return reinterpret_cast<const float*>(row);
    for (int64_t i = 0; i < t->ne[0]; ++i) scratch[i] = *reinterpret_cast<const float*>(row + i * t->nb[0]);
    return scratch;
}

// Where to compute a row of t: in place when packed, else in scratch (then store_row).
inline float* out_row(const ggml_tensor* t, char* row, float* scratch) {
    return rows_packed(t) ? reinterpret_cast<float*>(row) : scratch;
}
inline void store_row(const ggml_tensor* t, char* row, const float* values) {
    if (rows_packed(t)) return;
    for (int64_t i = 0; i < t->ne[0]; ++i) *reinterpret_cast<float*>(row + i * t->nb[0]) = values[i];
}

}  // namespace lugh::cpu
