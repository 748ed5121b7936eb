// lugh::Session: runs a Model's forward pass over a KV cache.
//
//     lugh::Model model("model.gguf");
//     lugh::SessionParams sp;
//     sp.n_ctx = 2048;                                   // positions the cache holds
//     sp.n_threads = 2;
//     lugh::Session s(model, sp);
//     const float* logits = s.decode({1, 15043, 3186});  // evaluates positions 0..2: logits of position 2
//     int32_t next = lugh::argmax(logits, s.n_vocab());
//     logits = s.decode({next});                         // position 3, attending to 0..3 through the cache
//     s.truncate(2);                                     // forget positions 2 and 3 (rewind)
//     s.clear();                                         // empty cache
//
// decode() evaluates a batch of tokens at the next positions: a long batch is
// cut into pieces of n_batch tokens, each one graph over the cache (causal
// mask). The graph of a batch shape is built and planned once and run again
// for every later batch of the same shape, so generating token after token
// costs no rebuild, re-plan or allocation.
//
// The KV cache lives in one backend buffer of n_layer x 2 x n_ctx x
// n_embd_kv elements (F16 by default, F32 on request): K as one row per
// position, V transposed (a row per channel), written by set_rows and read by
// one flash_attn_ext node per layer.
//
// Errors throw lugh::Error and leave the session as it was before the call
// (a batch that does not fit, a token outside the vocabulary, ...). Several
// sessions may share one Model, each with its own cache, and different
// threads may drive different sessions at the same time; one session is
// used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "lugh/error.hpp"
#include "lugh/model.hpp"
#include "lugh/types.hpp"

namespace lugh {

struct SessionParams {
    int64_t n_ctx = 2048;     // positions the KV cache holds (1 .. 1048576)
    int n_threads = 0;        // compute threads; 0: the number of cores, at most 4
    int64_t n_batch = 512;    // most tokens evaluated by one graph
    Type kv_type = Type::F16; // F16 or F32
};

// Timings since the session began (or reset_timings()).
struct SessionTimings {
    int64_t n_prompt_tokens = 0;   // tokens evaluated in multi-token batches
    double prompt_ms = 0;
    int64_t n_decode_tokens = 0;   // tokens evaluated one at a time
    double decode_ms = 0;
    int n_graph_builds = 0;        // graphs built and planned (the rest were reused)
};

class Session {
public:
    // Throws lugh::Error for n_ctx, n_batch or n_threads out of range, a
    // kv_type other than F16/F32, or a cache that cannot be allocated.
    explicit Session(const Model& model, const SessionParams& params = {});
    ~Session();
    Session(Session&&) noexcept;
    Session& operator=(Session&&) noexcept;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Evaluate tokens at positions n_past() .. n_past() + tokens.size() - 1.
    // Returns the logits of the last one (n_vocab floats), valid until the
    // next decode, clear or truncate. With all_logits, logits(i) gives every
    // position of the call. Throws (and keeps the cache as it was) when the
    // tokens do not fit in n_ctx, one is outside the vocabulary, or there
    // are none.
    const float* decode(const std::vector<int32_t>& tokens, bool all_logits = false);
    const float* decode(const int32_t* tokens, size_t n, bool all_logits = false);
    // Row i of the last decode's logits (negative i from the end; with
    // all_logits every position of the call, else only the last one).
    const float* logits(int64_t i = -1) const;
    int64_t n_logits() const;   // rows logits() holds

    int64_t n_past() const;     // positions the cache holds
    int64_t n_ctx() const;
    int64_t n_vocab() const;
    int n_threads() const;
    void set_n_threads(int n_threads);   // 1 .. 512
    void clear();                        // n_past() = 0
    void truncate(int64_t n);            // keep positions 0..n-1 (n <= n_past())
    size_t kv_bytes() const;             // bytes of the KV cache buffer
    size_t compute_bytes() const;        // bytes of the planned compute buffer now

    const Model& model() const;
    const SessionParams& params() const;
    const SessionTimings& timings() const;
    void reset_timings();

private:
    struct Impl;
    Impl& self() const;
    std::unique_ptr<Impl> impl_;
};

// Index of the largest of n logits (the first on ties).
int32_t argmax(const float* logits, int64_t n);

}  // namespace lugh
