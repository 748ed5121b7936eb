// Reading an architecture's hyper-parameters from GGUF keys.
#include <cmath>
#include <string>

#include "core/check.hpp"
#include "llm/arch.hpp"

namespace lugh::llm {

namespace {
const char* path_of(const KeyReader& k) { return k.file().path().c_str(); }
}  // namespace

int64_t KeyReader::count(const char* suffix, int64_t min, int64_t max) const {
    const std::string k = key(suffix);
    if (!file_.has_key(k)) core::fail("lugh: model: %s: the key '%s' is missing", file_.path().c_str(), k.c_str());
    if (file_.type(k) == gguf::ValueType::Array)
        core::fail("lugh: model: %s: key '%s' is an array (a value per layer); only one value for every layer is "
                   "supported",
                   file_.path().c_str(), k.c_str());
    const int64_t v = file_.get_int(k);
    if (v < min || v > max)
        core::fail("lugh: model: %s: key '%s' is %lld; it must be %lld..%lld", file_.path().c_str(), k.c_str(),
                   static_cast<long long>(v), static_cast<long long>(min), static_cast<long long>(max));
    return v;
}

int64_t KeyReader::count(const char* suffix, int64_t min, int64_t max, int64_t fallback) const {
    return has(suffix) ? count(suffix, min, max) : fallback;
}

float KeyReader::number(const char* suffix, double min, double max, float fallback) const {
    const std::string k = key(suffix);
    if (!file_.has_key(k)) return fallback;
    const double v = file_.get_float(k);
    if (!std::isfinite(v) || v < min || v > max)
        core::fail("lugh: model: %s: key '%s' is %g; it must be a number in %g..%g", file_.path().c_str(), k.c_str(),
                   v, min, max);
    return static_cast<float>(v);
}

std::string KeyReader::text(const char* suffix, const std::string& fallback) const {
    const std::string k = key(suffix);
    return file_.has_key(k) ? file_.get_string(k) : fallback;
}

void read_transformer_hparams(const KeyReader& keys, HParams& hp) {
    constexpr int64_t kMaxWidth = int64_t{1} << 20;
    hp.n_ctx_train = keys.count("context_length", 1, int64_t{1} << 24);
    hp.n_embd = keys.count("embedding_length", 1, kMaxWidth);
    hp.n_layer = keys.count("block_count", 1, 4096);
    hp.n_ff = keys.count("feed_forward_length", 1, kMaxWidth);
    hp.n_head = keys.count("attention.head_count", 1, hp.n_embd);
    hp.n_head_kv = keys.count("attention.head_count_kv", 1, hp.n_head, hp.n_head);
    if (hp.n_head % hp.n_head_kv != 0)
        core::fail("lugh: model: %s: %s (%lld) is not a multiple of %s (%lld)", path_of(keys),
                   keys.key("attention.head_count").c_str(), static_cast<long long>(hp.n_head),
                   keys.key("attention.head_count_kv").c_str(), static_cast<long long>(hp.n_head_kv));
    if (keys.has("attention.key_length")) {
        hp.n_embd_head = keys.count("attention.key_length", 1, kMaxWidth);
    } else {
        if (hp.n_embd % hp.n_head != 0)
            core::fail("lugh: model: %s: %s (%lld) does not divide %s (%lld) into heads", path_of(keys),
                       keys.key("attention.head_count").c_str(), static_cast<long long>(hp.n_head),
                       keys.key("embedding_length").c_str(), static_cast<long long>(hp.n_embd));
        hp.n_embd_head = hp.n_embd / hp.n_head;
    }
    if (keys.count("attention.value_length", 1, kMaxWidth, hp.n_embd_head) != hp.n_embd_head)
        core::fail("lugh: model: %s: %s differs from the key length %lld (heads of two widths are not supported)",
                   path_of(keys), keys.key("attention.value_length").c_str(), static_cast<long long>(hp.n_embd_head));
    hp.rms_eps = keys.number("attention.layer_norm_rms_epsilon", 1e-12, 1.0, hp.rms_eps);

    hp.n_rot = keys.count("rope.dimension_count", 2, hp.n_embd_head, hp.n_embd_head);
    if (hp.n_rot % 2 != 0)
        core::fail("lugh: model: %s: %s is %lld; it must be even", path_of(keys), keys.key("rope.dimension_count").c_str(),
                   static_cast<long long>(hp.n_rot));
    hp.rope_freq_base = keys.number("rope.freq_base", 1e-3, 1e12, hp.rope_freq_base);
    hp.n_ctx_orig = keys.count("rope.scaling.original_context_length", 1, int64_t{1} << 24, hp.n_ctx_train);
    const std::string scaling = keys.text("rope.scaling.type", "none");
    float factor = keys.number("rope.scaling.factor", 1e-6, 1e6, 0.0f);
    if (factor == 0.0f) factor = keys.number("rope.scale_linear", 1e-6, 1e6, 1.0f);   // older files
    if (scaling == "none") {
        factor = 1.0f;
    } else if (scaling == "linear") {
    } else if (scaling == "yarn") {
        hp.yarn_ext_factor = 1.0f;
        hp.yarn_attn_factor = keys.number("rope.scaling.attn_factor", 1e-6, 1e6, 1.0f);
        hp.yarn_beta_fast = keys.number("rope.scaling.yarn_beta_fast", 0, 1e6, hp.yarn_beta_fast);
        hp.yarn_beta_slow = keys.number("rope.scaling.yarn_beta_slow", 0, 1e6, hp.yarn_beta_slow);
    } else {
        core::fail("lugh: model: %s: %s is '%s'; supported: none, linear, yarn", path_of(keys),
                   keys.key("rope.scaling.type").c_str(), scaling.c_str());
    }
    hp.rope_freq_scale = 1.0f / factor;
}

}  // namespace lugh::llm
