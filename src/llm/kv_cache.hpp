// The KV cache of a session: for every layer, the keys and values of every
// position evaluated so far, in one backend buffer.
//
//   k[il]  [n_embd_kv, n_ctx]   one row per position: the position's keys, head after head
//   v[il]  [n_ctx, n_embd_kv]   transposed: one row per value channel, positions along it
//
// Positions are held in order: position p is row p of K and column p of V.
// Attention reads both as contiguous runs: a key row per position, and a
// channel row over positions (so weighting the values is a matrix product).
// Rewinding only lowers n_past; what lies beyond it is masked out until
// overwritten.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lugh/backend.hpp"
#include "lugh/context.hpp"
#include "lugh/model.hpp"
#include "lugh/tensor.hpp"

namespace lugh::llm {

class KvCache {
public:
    // Throws lugh::Error when the cache's size overflows or cannot be allocated.
    KvCache(const HParams& hp, int64_t n_ctx, Type type);

    int64_t n_ctx() const { return n_ctx_; }
    Type type() const { return type_; }
    size_t bytes() const { return buffer_.size(); }
    const Tensor& k(int64_t il) const { return k_[static_cast<size_t>(il)]; }
    const Tensor& v(int64_t il) const { return v_[static_cast<size_t>(il)]; }

    int64_t n_past = 0;   // positions held

private:
    int64_t n_ctx_;
    Type type_;
    Context ctx_;         // metadata only: the tensors' records
    Buffer buffer_;       // their data
    std::vector<Tensor> k_, v_;
};

}  // namespace lugh::llm
