// The sampler chain (see include/lugh/sampler.hpp for the order and rules).
#include "lugh/sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/check.hpp"

namespace lugh {

namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

void check_params(const SamplerParams& p) {
    auto finite = [](float v) { return std::isfinite(v); };
    if (!finite(p.temperature)) core::fail("lugh: Sampler: temperature must be a finite number");
    if (!(p.top_p >= 0.0f && p.top_p <= 1.0f)) core::fail("lugh: Sampler: top_p must be in 0..1, got %g", p.top_p);
    if (!(p.min_p >= 0.0f && p.min_p <= 1.0f)) core::fail("lugh: Sampler: min_p must be in 0..1, got %g", p.min_p);
    if (!(p.repeat_penalty > 0.0f) || !finite(p.repeat_penalty))
        core::fail("lugh: Sampler: repeat_penalty must be a finite number above 0, got %g", p.repeat_penalty);
    if (!finite(p.frequency_penalty) || !finite(p.presence_penalty))
        core::fail("lugh: Sampler: frequency_penalty and presence_penalty must be finite numbers");
    if (p.penalty_last_n < 0) core::fail("lugh: Sampler: penalty_last_n must be >= 0, got %d", p.penalty_last_n);
    for (const auto& [token, bias] : p.logit_bias)
        if (token < 0 || std::isnan(bias) || bias == std::numeric_limits<float>::infinity())
            core::fail("lugh: Sampler: logit bias (%d, %g): the token must be >= 0 and the bias a number or -inf",
                       token, bias);
}

}  // namespace

Sampler::Sampler(const SamplerParams& params) : params_(params) {
    check_params(params_);
    reset();
}

void Sampler::reset() {
    history_.clear();
    reseed(params_.seed);
}

void Sampler::reseed(uint64_t seed) { state_ = seed; }

void Sampler::accept(int32_t token) {
    if (params_.penalty_last_n == 0) return;
    history_.push_back(token);
    if (history_.size() > static_cast<size_t>(params_.penalty_last_n)) history_.pop_front();
}

double Sampler::uniform() {   // splitmix64, top 53 bits
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * (1.0 / 9007199254740992.0);
}

int32_t Sampler::sample(const float* logits, int64_t n) {
    if (!logits || n < 1) core::fail("lugh: Sampler::sample: no logits (n_vocab %lld)", static_cast<long long>(n));
    for (const auto& [token, bias] : params_.logit_bias)
        if (token >= n)
            core::fail("lugh: Sampler::sample: logit bias token %d is outside the vocabulary of %lld", token,
                       static_cast<long long>(n));
    const SamplerParams& p = params_;
    work_.assign(logits, logits + n);

    // 1. Logit bias.
    for (const auto& [token, bias] : p.logit_bias) work_[static_cast<size_t>(token)] += bias;

    // 2. Penalties, once per distinct token of the history.
    const bool penalise = p.repeat_penalty != 1.0f || p.frequency_penalty != 0.0f || p.presence_penalty != 0.0f;
    if (penalise && !history_.empty()) {
        order_.assign(history_.begin(), history_.end());
        std::sort(order_.begin(), order_.end());
        for (size_t i = 0; i < order_.size();) {
            size_t j = i;
            while (j < order_.size() && order_[j] == order_[i]) ++j;
            const int32_t token = order_[i];
            if (token >= 0 && token < n) {
                float& l = work_[static_cast<size_t>(token)];
                l = l > 0 ? l / p.repeat_penalty : l * p.repeat_penalty;
                l -= static_cast<float>(j - i) * p.frequency_penalty + p.presence_penalty;
            }
            i = j;
        }
    }
    kept_.clear();

    if (p.temperature <= 0.0f) {   // greedy: the first of the largest
        int64_t best = -1;
        for (int64_t i = 0; i < n; ++i)
            if (work_[static_cast<size_t>(i)] > kNegInf && (best < 0 || work_[static_cast<size_t>(i)] > work_[static_cast<size_t>(best)]))
                best = i;
        return best < 0 ? 0 : static_cast<int32_t>(best);
    }

    // Candidates: every token that is not banned (-inf, or NaN), best first on demand.
    auto better = [this](int32_t a, int32_t b) {
        const float la = work_[static_cast<size_t>(a)], lb = work_[static_cast<size_t>(b)];
        return la > lb || (la == lb && a < b);
    };
    order_.clear();
    int32_t best = -1;
    for (int64_t i = 0; i < n; ++i)
        if (work_[static_cast<size_t>(i)] > kNegInf) {
            order_.push_back(static_cast<int32_t>(i));
            if (best < 0 || better(static_cast<int32_t>(i), best)) best = static_cast<int32_t>(i);
        }
    if (best < 0) return 0;   // everything banned: nothing better to offer than token 0

    const size_t n_cand = order_.size();
    const size_t k = p.top_k > 0 ? std::min<size_t>(static_cast<size_t>(p.top_k), n_cand) : n_cand;
    const float top = work_[static_cast<size_t>(best)];
    const float min_logit = p.min_p > 0.0f ? top + std::log(p.min_p) : kNegInf;
    const bool use_top_p = p.top_p < 1.0f;

    // Sort the best m candidates (m grows only when top-p needs more).
    size_t sorted = 0;
    auto sort_best = [&](size_t m) {
        m = std::min(m, n_cand);
        if (m <= sorted) return;
        std::nth_element(order_.begin() + static_cast<std::ptrdiff_t>(sorted), order_.begin() + static_cast<std::ptrdiff_t>(m - 1),
                         order_.end(), better);
        std::sort(order_.begin() + static_cast<std::ptrdiff_t>(sorted), order_.begin() + static_cast<std::ptrdiff_t>(m), better);
        sorted = m;
    };
    // Top-p renormalises over what top-k left: the sum of its exp(l - top).
    double z = 0;
    if (use_top_p) {
        if (k < n_cand) {
            sort_best(k);
            for (size_t i = 0; i < k; ++i) z += std::exp(static_cast<double>(work_[static_cast<size_t>(order_[i])] - top));
        } else {
            for (int32_t id : order_) z += std::exp(static_cast<double>(work_[static_cast<size_t>(id)] - top));
        }
    }
    // 3-5. Walk the candidates best first while top-k, top-p and min-p all keep them
    // (with none of them on, every candidate stays, in no particular order).
    const bool filtering = k < n_cand || use_top_p || p.min_p > 0.0f;
    size_t keep = filtering ? 0 : n_cand;
    double cumulative = 0;
    while (filtering) {
        if (keep == sorted) {
            if (sorted == k) break;
            sort_best(std::max<size_t>(64, sorted * 4));
        }
        const float l = work_[static_cast<size_t>(order_[keep])];
        if (keep > 0 && l < min_logit) break;
        ++keep;
        if (keep == k) break;
        if (use_top_p) {
            cumulative += std::exp(static_cast<double>(l - top)) / z;
            if (cumulative >= p.top_p) break;
        }
    }

    // 6-7. Temperature, then a draw by probability.
    kept_.reserve(keep);
    double sum = 0;
    for (size_t i = 0; i < keep; ++i) {
        const int32_t id = order_[i];
        const double w = std::exp(static_cast<double>(work_[static_cast<size_t>(id)] - top) / p.temperature);
        kept_.emplace_back(id, static_cast<float>(w));
        sum += w;
    }
    for (auto& c : kept_) c.second = static_cast<float>(c.second / sum);
    double u = uniform() * sum;
    for (size_t i = 0; i < keep; ++i) {
        const double w = std::exp(static_cast<double>(work_[static_cast<size_t>(order_[i])] - top) / p.temperature);
        if (u < w) return order_[i];
        u -= w;
    }
    return order_[keep - 1];
}

}  // namespace lugh
