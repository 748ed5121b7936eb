// lugh::Sampler: chooses the next token from a row of logits, as llama.cpp's
// default chain does.
//
//     lugh::SamplerParams p;
//     p.temperature = 0.8f; p.top_k = 40; p.top_p = 0.95f; p.seed = 42;
//     lugh::Sampler sampler(p);
//     for (int32_t t : prompt) sampler.accept(t);        // history for the penalties
//     int32_t next = sampler.sample(logits, n_vocab);    // then accept(next) too
//
// The chain, in order:
//   1. logit bias        add a fixed amount to chosen tokens (-inf bans one)
//   2. penalties         over the last penalty_last_n accepted tokens: a
//                        repeated token's logit is divided by repeat_penalty
//                        (multiplied when negative), then lowered by
//                        frequency_penalty x its count and presence_penalty
//   3. top-k             keep the k most likely
//   4. top-p             keep the most likely whose probabilities (renormalised
//                        over what is left) add up to top_p
//   5. min-p             keep those at least min_p x as likely as the best
//   6. temperature       divide the logits of what is left by it
//   7. draw              one token, by its softmax probability, from a seeded
//                        generator (splitmix64; the same seed gives the same
//                        tokens on every machine and at any thread count)
// With temperature <= 0 the chain stops after step 2 and takes the most
// likely token (the first one on ties): greedy decoding.
//
// Every step keeps at least one token. Sampling never sorts the whole
// vocabulary: top-k selects its k in one pass, top-p and min-p look at the
// best candidates only as far as they need, and with no filter on the draw
// reads the candidates as they are. No allocation after the first call for
// a given vocabulary size.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "lugh/error.hpp"

namespace lugh {

struct SamplerParams {
    float temperature = 0.8f;        // <= 0: greedy
    int32_t top_k = 40;              // <= 0: off
    float top_p = 0.95f;             // >= 1: off
    float min_p = 0.05f;             // <= 0: off
    float repeat_penalty = 1.0f;     // 1: off
    float frequency_penalty = 0.0f;  // 0: off
    float presence_penalty = 0.0f;   // 0: off
    int32_t penalty_last_n = 64;     // accepted tokens the penalties look at (0: none)
    std::vector<std::pair<int32_t, float>> logit_bias;   // (token, added to its logit)
    uint64_t seed = 42;
};

class Sampler {
public:
    // Throws lugh::Error for a parameter out of range (NaN, a negative
    // top_p or penalty, ...).
    explicit Sampler(const SamplerParams& params = {});

    // The next token from logits[0 .. n_vocab). Does not accept it: call
    // accept() with the token you keep. Throws for n_vocab < 1 or a logit
    // bias token outside the vocabulary.
    int32_t sample(const float* logits, int64_t n_vocab);
    // Remember a token (of the prompt, or chosen) for the penalties.
    void accept(int32_t token);
    // Forget the history and restart the generator from the seed.
    void reset();
    // Restart the generator from another seed (the history stays).
    void reseed(uint64_t seed);

    const SamplerParams& params() const { return params_; }
    // The candidates the last sample() drew from after every filter, with
    // their probabilities (after temperature): most likely first when a
    // filter was on, else in token order. Empty after a greedy choice.
    const std::vector<std::pair<int32_t, float>>& last_candidates() const { return kept_; }

private:
    double uniform();   // [0, 1)

    SamplerParams params_;
    uint64_t state_ = 0;
    std::deque<int32_t> history_;                 // the last penalty_last_n accepted tokens
    std::vector<float> work_;                     // adjusted logits
    std::vector<int32_t> order_;                  // candidate ids, best first (a prefix is sorted)
    std::vector<std::pair<int32_t, float>> kept_;
};

}  // namespace lugh
