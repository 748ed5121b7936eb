// A plain double-precision forward pass of the llama and qwen2
// architectures, written from their description (not from Lugh's code): the
// whole token sequence at once, full causal attention, no cache. Sizes and
// weights are read from the model file itself (weights widened to double,
// dequantized first if need be), and the rope style follows from the
// architecture's name, so nothing here trusts the engine's reading of it.
#pragma once

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <lugh/model.hpp>
#include <lugh/quant.hpp>

namespace llmtest {

using Vec = std::vector<double>;

class ReferenceModel {
public:
    explicit ReferenceModel(const lugh::Model& model) : file_(model.file()) {
        const std::string a = file_.get_string("general.architecture");
        hp_.n_embd = file_.get_int(a + ".embedding_length");
        hp_.n_layer = file_.get_int(a + ".block_count");
        hp_.n_head = file_.get_int(a + ".attention.head_count");
        hp_.n_head_kv = file_.get_int(a + ".attention.head_count_kv");
        hp_.n_embd_head = hp_.n_embd / hp_.n_head;
        hp_.n_rot = file_.get_int(a + ".rope.dimension_count");
        hp_.rms_eps = static_cast<float>(file_.get_float(a + ".attention.layer_norm_rms_epsilon"));
        hp_.rope_freq_base = static_cast<float>(file_.get_float(a + ".rope.freq_base"));
        hp_.rope_type = a == "qwen2" ? lugh::RopeType::Neox : lugh::RopeType::Normal;
    }

    // logits[t] for every position t of tokens.
    std::vector<Vec> forward(const std::vector<int32_t>& tokens) const {
        const int64_t n = static_cast<int64_t>(tokens.size()), d = hp_.n_embd, hd = hp_.n_embd_head;
        const int64_t group = hp_.n_head / hp_.n_head_kv;
        std::vector<Vec> x(static_cast<size_t>(n));
        const Vec& embd = weight("token_embd.weight");
        for (int64_t t = 0; t < n; ++t) x[t].assign(embd.begin() + tokens[t] * d, embd.begin() + (tokens[t] + 1) * d);
        for (int64_t il = 0; il < hp_.n_layer; ++il) {
            const std::string b = "blk." + std::to_string(il) + ".";
            const Vec& wq = weight(b + "attn_q.weight");
            const Vec& wk = weight(b + "attn_k.weight");
            const Vec& wv = weight(b + "attn_v.weight");
            const Vec& wo = weight(b + "attn_output.weight");
            const auto bq = optional(b + "attn_q.bias"), bk = optional(b + "attn_k.bias"), bv = optional(b + "attn_v.bias");
            std::vector<Vec> q(n), k(n), v(n);
            for (int64_t t = 0; t < n; ++t) {
                const Vec h = rms_norm(x[t], weight(b + "attn_norm.weight"));
                q[t] = matvec(wq, h, bq);
                k[t] = matvec(wk, h, bk);
                v[t] = matvec(wv, h, bv);
                rope(q[t], t);
                rope(k[t], t);
            }
            for (int64_t t = 0; t < n; ++t) {
                Vec attn(static_cast<size_t>(hd * hp_.n_head), 0.0);
                for (int64_t h = 0; h < hp_.n_head; ++h) {
                    const int64_t kvh = h / group;
                    Vec score(static_cast<size_t>(t + 1));
                    double top = -INFINITY;
                    for (int64_t j = 0; j <= t; ++j) {
                        double s = 0;
                        for (int64_t i = 0; i < hd; ++i) s += q[t][h * hd + i] * k[j][kvh * hd + i];
                        score[j] = s / std::sqrt(static_cast<double>(hd));
                        top = std::max(top, score[j]);
                    }
                    double sum = 0;
                    for (double& s : score) sum += (s = std::exp(s - top));
                    for (int64_t j = 0; j <= t; ++j)
                        for (int64_t i = 0; i < hd; ++i) attn[h * hd + i] += score[j] / sum * v[j][kvh * hd + i];
                }
                const Vec o = matvec(wo, attn, {});
                for (int64_t i = 0; i < d; ++i) x[t][i] += o[i];
                const Vec h = rms_norm(x[t], weight(b + "ffn_norm.weight"));
                const Vec gate = matvec(weight(b + "ffn_gate.weight"), h, {});
                const Vec up = matvec(weight(b + "ffn_up.weight"), h, {});
                Vec act(gate.size());
                for (size_t i = 0; i < gate.size(); ++i) act[i] = gate[i] / (1.0 + std::exp(-gate[i])) * up[i];
                const Vec down = matvec(weight(b + "ffn_down.weight"), act, {});
                for (int64_t i = 0; i < d; ++i) x[t][i] += down[i];
            }
        }
        const Vec& out = file_.has_tensor("output.weight") ? weight("output.weight") : embd;
        std::vector<Vec> logits;
        for (int64_t t = 0; t < n; ++t) logits.push_back(matvec(out, rms_norm(x[t], weight("output_norm.weight")), {}));
        return logits;
    }

private:
    const Vec& weight(const std::string& name) const {
        auto it = cache_.find(name);
        if (it != cache_.end()) return it->second;
        const auto& info = file_.tensor(name);
        int64_t n = 1;
        for (int64_t s : info.shape) n *= s;
        const auto f = lugh::quant::dequantize(info.type, file_.tensor_data(name), n);
        return cache_[name] = Vec(f.begin(), f.end());
    }
    Vec optional(const std::string& name) const { return file_.has_tensor(name) ? weight(name) : Vec(); }

    // W stored [n_in, n_out] (ne[0] = n_in fastest): out[o] = sum_i W[o * n_in + i] x[i] (+ b[o]).
    static Vec matvec(const Vec& w, const Vec& x, const Vec& b) {
        const size_t n_in = x.size(), n_out = w.size() / n_in;
        Vec out(n_out);
        for (size_t o = 0; o < n_out; ++o) {
            double s = b.empty() ? 0.0 : b[o];
            for (size_t i = 0; i < n_in; ++i) s += w[o * n_in + i] * x[i];
            out[o] = s;
        }
        return out;
    }

    Vec rms_norm(const Vec& x, const Vec& w) const {
        double ss = 0;
        for (double v : x) ss += v * v;
        const double r = 1.0 / std::sqrt(ss / static_cast<double>(x.size()) + hp_.rms_eps);
        Vec out(x.size());
        for (size_t i = 0; i < x.size(); ++i) out[i] = x[i] * r * w[i];
        return out;
    }

    // Rotate the first n_rot dimensions of every head by angle pos * base^(-2i/n_rot):
    // pairs (2i, 2i+1) for LLaMA, (i, i + n_rot/2) for NEOX.
    void rope(Vec& x, int64_t pos) const {
        const int64_t hd = hp_.n_embd_head, n_rot = hp_.n_rot, heads = static_cast<int64_t>(x.size()) / hd;
        const bool neox = hp_.rope_type == lugh::RopeType::Neox;
        for (int64_t h = 0; h < heads; ++h)
            for (int64_t i = 0; i < n_rot / 2; ++i) {
                const double theta = static_cast<double>(pos) *
                                     std::pow(static_cast<double>(hp_.rope_freq_base), -2.0 * i / n_rot);
                const int64_t a = h * hd + (neox ? i : 2 * i), b = h * hd + (neox ? i + n_rot / 2 : 2 * i + 1);
                const double x0 = x[a], x1 = x[b];
                x[a] = x0 * std::cos(theta) - x1 * std::sin(theta);
                x[b] = x0 * std::sin(theta) + x1 * std::cos(theta);
            }
    }

    lugh::HParams hp_;
    const lugh::gguf::File& file_;
    mutable std::map<std::string, Vec> cache_;
};

}  // namespace llmtest
