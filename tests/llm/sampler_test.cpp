// The sampler chain with fixed seeds: what each filter keeps, and that draws
// follow the probabilities they should (chi-square against the softmax).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include <lugh/sampler.hpp>

namespace {

lugh::SamplerParams plain(float temperature) {
    lugh::SamplerParams p;
    p.temperature = temperature;
    p.top_k = 0;
    p.top_p = 1.0f;
    p.min_p = 0.0f;
    return p;
}

// Softmax of logits[ids] / t, in the order of ids.
std::vector<double> softmax(const std::vector<float>& logits, const std::vector<int32_t>& ids, double t = 1.0) {
    std::vector<double> p;
    double top = -INFINITY, sum = 0;
    for (int32_t i : ids) top = std::max(top, static_cast<double>(logits[i]));
    for (int32_t i : ids) sum += std::exp((logits[i] - top) / t);
    for (int32_t i : ids) p.push_back(std::exp((logits[i] - top) / t) / sum);
    return p;
}

// Pearson's statistic of the counts of ids against probabilities p (n draws).
double chi_square(const std::map<int32_t, int>& counts, const std::vector<int32_t>& ids, const std::vector<double>& p,
                  int n) {
    double x2 = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
        const auto it = counts.find(ids[i]);
        const double seen = it == counts.end() ? 0 : it->second, expect = p[i] * n;
        x2 += (seen - expect) * (seen - expect) / expect;
    }
    return x2;
}

std::map<int32_t, int> draw(lugh::Sampler& s, const std::vector<float>& logits, int n) {
    std::map<int32_t, int> counts;
    for (int i = 0; i < n; ++i) ++counts[s.sample(logits.data(), static_cast<int64_t>(logits.size()))];
    return counts;
}

const std::vector<float> kLogits = {0.5f, 2.0f, -1.0f, 1.5f, 0.0f, 1.0f, -0.5f, 1.2f, -2.0f, 0.8f};
// kLogits' ids from most to least likely.
const std::vector<int32_t> kOrder = {1, 3, 7, 5, 9, 0, 4, 6, 2, 8};

TEST(LlmSampler, GreedyAtTemperatureZeroTakesTheFirstLargest) {
    lugh::Sampler s(plain(0.0f));
    EXPECT_EQ(s.sample(kLogits.data(), 10), 1);
    const std::vector<float> tie = {0.0f, 3.0f, 1.0f, 3.0f};
    EXPECT_EQ(s.sample(tie.data(), 4), 1);
    EXPECT_TRUE(s.last_candidates().empty());
}

TEST(LlmSampler, TemperatureDrawsFollowTheSoftmax) {
    for (float t : {1.0f, 0.5f, 2.0f}) {
        lugh::Sampler s(plain(t));
        const int n = 20000;
        const auto counts = draw(s, kLogits, n);
        std::vector<int32_t> all(10);
        std::iota(all.begin(), all.end(), 0);
        // 9 degrees of freedom: 27.88 is exceeded with probability 0.001.
        EXPECT_LT(chi_square(counts, all, softmax(kLogits, all, t), n), 27.88) << "temperature " << t;
    }
}

TEST(LlmSampler, TopKNeverDrawsOutsideTheKBestAndFollowsTheirSoftmax) {
    lugh::SamplerParams p = plain(1.0f);
    p.top_k = 4;
    lugh::Sampler s(p);
    const int n = 20000;
    const auto counts = draw(s, kLogits, n);
    const std::vector<int32_t> best(kOrder.begin(), kOrder.begin() + 4);
    for (const auto& [id, c] : counts) EXPECT_NE(std::find(best.begin(), best.end(), id), best.end()) << id;
    EXPECT_LT(chi_square(counts, best, softmax(kLogits, best), n), 16.27);   // 3 dof, p = 0.001
    ASSERT_EQ(s.last_candidates().size(), 4u);
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(s.last_candidates()[i].first, best[i]);
}

TEST(LlmSampler, TopPKeepsTheSmallestPrefixReachingP) {
    std::vector<int32_t> all(10);
    std::iota(all.begin(), all.end(), 0);
    const auto prob = softmax(kLogits, all);
    for (float top_p : {0.3f, 0.6f, 0.9f, 0.99f}) {
        // The prefix of kOrder whose probabilities first reach top_p.
        size_t want = 0;
        double cum = 0;
        while (cum < top_p) cum += prob[static_cast<size_t>(kOrder[want++])];
        lugh::SamplerParams p = plain(1.0f);
        p.top_p = top_p;
        lugh::Sampler s(p);
        const auto counts = draw(s, kLogits, 5000);
        EXPECT_EQ(s.last_candidates().size(), want) << "top_p " << top_p;
        for (const auto& [id, c] : counts)
            EXPECT_LT(std::find(kOrder.begin(), kOrder.end(), id) - kOrder.begin(), static_cast<long>(want));
    }
}

TEST(LlmSampler, TopPRenormalisesOverWhatTopKLeft) {
    lugh::SamplerParams p = plain(1.0f);
    p.top_k = 3;          // ids 1, 3, 7: probabilities over these three
    p.top_p = 0.8f;
    lugh::Sampler s(p);
    s.sample(kLogits.data(), 10);
    const auto three = softmax(kLogits, {1, 3, 7});
    const size_t want = three[0] + three[1] >= 0.8 ? 2 : 3;
    EXPECT_EQ(s.last_candidates().size(), want);
}

TEST(LlmSampler, MinPKeepsThoseNearTheBest) {
    lugh::SamplerParams p = plain(1.0f);
    p.min_p = 0.3f;   // keep p >= 0.3 p_max: logit >= 2.0 + ln 0.3 = 0.796
    lugh::Sampler s(p);
    const auto counts = draw(s, kLogits, 5000);
    std::vector<int32_t> kept;
    for (const auto& c : s.last_candidates()) kept.push_back(c.first);
    EXPECT_EQ(kept, (std::vector<int32_t>{1, 3, 7, 5, 9}));
    for (const auto& [id, c] : counts) EXPECT_GE(kLogits[id], 0.79f);
}

TEST(LlmSampler, PenaltiesOverTheLastNTokens) {
    const std::vector<float> logits = {2.0f, 1.9f, -1.0f, -1.05f};
    lugh::SamplerParams p = plain(0.0f);
    p.repeat_penalty = 1.1f;
    p.penalty_last_n = 3;
    lugh::Sampler s(p);
    EXPECT_EQ(s.sample(logits.data(), 4), 0);
    s.accept(0);   // 2.0 / 1.1 = 1.82 < 1.9
    EXPECT_EQ(s.sample(logits.data(), 4), 1);
    s.accept(2);
    s.accept(3);
    s.accept(3);   // token 0 has left the window of 3
    EXPECT_EQ(s.sample(logits.data(), 4), 0);

    // Negative logits are multiplied: -1.0 x 1.1 = -1.1 < -1.05.
    const std::vector<float> neg = {-1.0f, -1.05f};
    lugh::Sampler r(p);
    r.accept(0);
    EXPECT_EQ(r.sample(neg.data(), 2), 1);

    // Frequency (per occurrence) and presence (once) penalties.
    lugh::SamplerParams f = plain(0.0f);
    f.frequency_penalty = 0.04f;
    f.presence_penalty = 0.0f;
    lugh::Sampler fs(f);
    fs.accept(0);
    fs.accept(0);
    EXPECT_EQ(fs.sample(logits.data(), 4), 0);   // 2.0 - 0.08 = 1.92 > 1.9
    fs.accept(0);
    EXPECT_EQ(fs.sample(logits.data(), 4), 1);   // 2.0 - 0.12 = 1.88 < 1.9
    f.frequency_penalty = 0.0f;
    f.presence_penalty = 0.15f;
    lugh::Sampler ps(f);
    ps.accept(0);
    EXPECT_EQ(ps.sample(logits.data(), 4), 1);   // 1.85 < 1.9
    ps.reset();
    EXPECT_EQ(ps.sample(logits.data(), 4), 0);   // history forgotten
}

TEST(LlmSampler, LogitBiasBansAndForces) {
    lugh::SamplerParams p = plain(1.0f);
    p.logit_bias = {{1, -std::numeric_limits<float>::infinity()}, {3, -std::numeric_limits<float>::infinity()}};
    lugh::Sampler s(p);
    const auto counts = draw(s, kLogits, 3000);
    EXPECT_EQ(counts.count(1), 0u);
    EXPECT_EQ(counts.count(3), 0u);
    p.logit_bias = {{8, 100.0f}};
    lugh::Sampler force(p);
    EXPECT_EQ(draw(force, kLogits, 100).at(8), 100);
}

TEST(LlmSampler, SameSeedSameTokensOtherSeedOthers) {
    lugh::SamplerParams p = plain(1.0f);
    p.seed = 1234;
    lugh::Sampler a(p), b(p);
    std::vector<int32_t> ta, tb;
    for (int i = 0; i < 200; ++i) {
        ta.push_back(a.sample(kLogits.data(), 10));
        tb.push_back(b.sample(kLogits.data(), 10));
    }
    EXPECT_EQ(ta, tb);
    a.reset();
    EXPECT_EQ(a.sample(kLogits.data(), 10), ta[0]);
    p.seed = 1235;
    lugh::Sampler c(p);
    std::vector<int32_t> tc;
    for (int i = 0; i < 200; ++i) tc.push_back(c.sample(kLogits.data(), 10));
    EXPECT_NE(ta, tc);
}

TEST(LlmSampler, BigVocabularyTopKAndTopP) {
    // 32000 logits with a known top: the filters find it without any sort of the whole row.
    std::vector<float> logits(32000);
    for (size_t i = 0; i < logits.size(); ++i) logits[i] = static_cast<float>((i * 7919) % 1000) / 100.0f;
    lugh::SamplerParams p;
    p.temperature = 1.0f;
    p.top_k = 40;
    p.top_p = 0.95f;
    p.min_p = 0.05f;
    lugh::Sampler s(p);
    const int32_t t = s.sample(logits.data(), 32000);
    EXPECT_GE(logits[t], 9.0f);
    ASSERT_FALSE(s.last_candidates().empty());
    EXPECT_LE(s.last_candidates().size(), 40u);
    for (size_t i = 1; i < s.last_candidates().size(); ++i)
        EXPECT_GE(logits[s.last_candidates()[i - 1].first], logits[s.last_candidates()[i].first]);
}

TEST(LlmSampler, BadParametersAreRefused) {
    auto refused = [](auto change) {
        lugh::SamplerParams p;
        change(p);
        EXPECT_THROW(lugh::Sampler s(p), lugh::Error);
    };
    refused([](auto& p) { p.temperature = NAN; });
    refused([](auto& p) { p.top_p = 1.5f; });
    refused([](auto& p) { p.min_p = -0.1f; });
    refused([](auto& p) { p.repeat_penalty = 0.0f; });
    refused([](auto& p) { p.penalty_last_n = -1; });
    refused([](auto& p) { p.logit_bias = {{-3, 1.0f}}; });
    lugh::SamplerParams p;
    p.logit_bias = {{10, 1.0f}};
    lugh::Sampler s(p);
    EXPECT_THROW(s.sample(kLogits.data(), 10), lugh::Error);   // token 10 is outside a vocabulary of 10
    EXPECT_THROW(s.sample(kLogits.data(), 0), lugh::Error);
}

}  // namespace
