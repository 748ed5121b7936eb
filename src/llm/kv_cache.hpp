// The KV cache of a session: for every layer, the keys and values of every
// position evaluated so far, in one backend buffer.
//
//   k[il]  [n_embd_kv, n_ctx]   one row per position (what K x q reads)
//   v[il]  [n_ctx, n_embd_kv]   transposed: one row per channel (what V x softmax reads)
//
// Positions are held in order: position p is row (or column) p. Rewinding
// only lowers n_past; the rows beyond it are masked out until overwritten.
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
