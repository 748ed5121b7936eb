#include "lugh/synth.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>

#include "core/check.hpp"
#include "lugh/gguf.hpp"
#include "lugh/quant.hpp"

namespace lugh {

namespace {

constexpr int64_t kFirstPiece = 3 + 256;   // after <unk>, <s>, </s> and the byte tokens

// splitmix64: a seeded stream, the same on every machine.
struct Random {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    float uniform(float scale) {   // in [-scale, scale)
        return scale * (static_cast<float>(next() >> 40) * (2.0f / 16777216.0f) - 1.0f);
    }
};

struct TensorPlan {
    std::string name;
    std::vector<int64_t> shape;
    bool matrix;   // stored in spec.type; else F32
    float scale;   // values uniform in [-scale, scale) (+1 for norms)
    bool norm;
};

std::vector<TensorPlan> plan_tensors(const SynthSpec& s) {
    const int64_t hd = s.n_embd / s.n_head, n_kv = hd * s.n_head_kv;
    // Scales that keep activations near unit size through every layer.
    const float in_embd = std::sqrt(3.0f / static_cast<float>(s.n_embd));
    const float in_ff = std::sqrt(3.0f / static_cast<float>(s.n_ff));
    std::vector<TensorPlan> p;
    p.push_back({"token_embd.weight", {s.n_embd, s.n_vocab}, true, 1.0f, false});
    for (int64_t il = 0; il < s.n_layer; ++il) {
        const std::string b = "blk." + std::to_string(il) + ".";
        p.push_back({b + "attn_norm.weight", {s.n_embd}, false, 0.1f, true});
        p.push_back({b + "attn_q.weight", {s.n_embd, s.n_embd}, true, in_embd, false});
        p.push_back({b + "attn_k.weight", {s.n_embd, n_kv}, true, in_embd, false});
        p.push_back({b + "attn_v.weight", {s.n_embd, n_kv}, true, in_embd, false});
        if (s.arch == "qwen2") {
            p.push_back({b + "attn_q.bias", {s.n_embd}, false, 0.2f, false});
            p.push_back({b + "attn_k.bias", {n_kv}, false, 0.2f, false});
            p.push_back({b + "attn_v.bias", {n_kv}, false, 0.2f, false});
        }
        p.push_back({b + "attn_output.weight", {s.n_embd, s.n_embd}, true, in_embd, false});
        p.push_back({b + "ffn_norm.weight", {s.n_embd}, false, 0.1f, true});
        p.push_back({b + "ffn_gate.weight", {s.n_embd, s.n_ff}, true, in_embd, false});
        p.push_back({b + "ffn_up.weight", {s.n_embd, s.n_ff}, true, in_embd, false});
        p.push_back({b + "ffn_down.weight", {s.n_ff, s.n_embd}, true, in_ff, false});
    }
    p.push_back({"output_norm.weight", {s.n_embd}, false, 0.1f, true});
    if (!s.tied_output) p.push_back({"output.weight", {s.n_embd, s.n_vocab}, true, in_embd, false});
    return p;
}

void check_spec(const SynthSpec& s) {
    auto bad = [&](const char* what) { core::fail("lugh: synth: %s", what); };
    if (s.arch != "llama" && s.arch != "qwen2") core::fail("lugh: synth: unknown architecture '%s' (llama or qwen2)", s.arch.c_str());
    if (s.n_vocab < kFirstPiece) bad("n_vocab must be at least 259 (<unk>, <s>, </s> and 256 byte tokens)");
    if (s.n_embd < 1 || s.n_layer < 1 || s.n_head < 1 || s.n_head_kv < 1 || s.n_ff < 1 || s.n_ctx_train < 1)
        bad("every size must be at least 1");
    if (s.n_embd % s.n_head != 0 || s.n_head % s.n_head_kv != 0 || (s.n_embd / s.n_head) % 2 != 0)
        bad("n_head must divide n_embd into even-width heads, and n_head_kv must divide n_head");
    const int64_t blk = block_size(s.type);
    if (s.type != Type::F32 && s.type != Type::F16 && s.type != Type::BF16 && !is_quantized(s.type))
        bad("the weight type must be a float or quantized type");
    if (s.n_embd % blk != 0 || s.n_ff % blk != 0)
        core::fail("lugh: synth: %s rows need n_embd and n_ff to be multiples of %lld", type_name(s.type),
                   static_cast<long long>(blk));
}

}  // namespace

std::string synth_token_text(int64_t id) {
    if (id == 0) return "<unk>";
    if (id == 1) return "<s>";
    if (id == 2) return "</s>";
    if (id < kFirstPiece) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "<0x%02X>", static_cast<unsigned>(id - 3));
        return buf;
    }
    // Pieces: letter strings in order of length, every other one with the
    // word-start mark ▁ (U+2581), as SentencePiece vocabularies hold them.
    static const char kLetters[] = "etaoinshrdlucmfwypvbgkqjxz";
    int64_t k = id - kFirstPiece;
    std::string word = (k % 2 == 0) ? "\xE2\x96\x81" : "";
    k /= 2;
    std::string letters;
    do {
        letters.insert(letters.begin(), kLetters[k % 26]);
        k = k / 26 - 1;
    } while (k >= 0);
    return word + letters;
}

SynthSpec synth_preset(const std::string& name, const std::string& arch) {
    SynthSpec s;
    s.arch = arch;
    s.name = "synthetic-" + arch + "-" + name;
    if (arch == "qwen2") {
        s.rope_freq_base = 1000000.0f;
        s.rms_eps = 1e-6f;
    }
    if (name == "tinyllama") {
        s.n_vocab = 32000, s.n_embd = 2048, s.n_layer = 22, s.n_head = 32, s.n_head_kv = 4, s.n_ff = 5632;
        s.n_ctx_train = 2048;
    } else if (name == "small") {
        s.n_vocab = 512, s.n_embd = 256, s.n_layer = 2, s.n_head = 8, s.n_head_kv = 2, s.n_ff = 768;
        s.n_ctx_train = 512;
    } else if (name == "tiny") {
        s.n_vocab = 300, s.n_embd = 64, s.n_layer = 2, s.n_head = 4, s.n_head_kv = 2, s.n_ff = 128;
        s.n_ctx_train = 256;
    } else {
        core::fail("lugh: synth: unknown preset '%s' (tinyllama, small or tiny)", name.c_str());
    }
    return s;
}

std::vector<std::string> synth_preset_names() { return {"tinyllama", "small", "tiny"}; }

void write_synth_model(const SynthSpec& s, const std::string& path,
                       const std::function<void(uint64_t, uint64_t)>& progress) {
    check_spec(s);
    gguf::Writer w;
    const std::string a = s.arch;
    w.set_string("general.architecture", a);
    w.set_string("general.name", s.name);
    w.set_u32(a + ".context_length", static_cast<uint32_t>(s.n_ctx_train));
    w.set_u32(a + ".embedding_length", static_cast<uint32_t>(s.n_embd));
    w.set_u32(a + ".block_count", static_cast<uint32_t>(s.n_layer));
    w.set_u32(a + ".feed_forward_length", static_cast<uint32_t>(s.n_ff));
    w.set_u32(a + ".attention.head_count", static_cast<uint32_t>(s.n_head));
    w.set_u32(a + ".attention.head_count_kv", static_cast<uint32_t>(s.n_head_kv));
    w.set_u32(a + ".rope.dimension_count", static_cast<uint32_t>(s.n_embd / s.n_head));
    w.set_f32(a + ".rope.freq_base", s.rope_freq_base);
    w.set_f32(a + ".attention.layer_norm_rms_epsilon", s.rms_eps);

    std::vector<std::string> tokens;
    std::vector<float> scores;
    std::vector<int32_t> types;
    for (int64_t id = 0; id < s.n_vocab; ++id) {
        tokens.push_back(synth_token_text(id));
        scores.push_back(id < kFirstPiece ? 0.0f : -static_cast<float>(id - kFirstPiece));
        types.push_back(id == 0 ? 2 : id < 3 ? 3 : id < kFirstPiece ? 6 : 1);   // unknown, control, byte, normal
    }
    w.set_string("tokenizer.ggml.model", "llama");
    w.set_string_array("tokenizer.ggml.tokens", tokens);
    w.set_array("tokenizer.ggml.scores", gguf::ValueType::F32, scores.data(), scores.size());
    w.set_array("tokenizer.ggml.token_type", gguf::ValueType::I32, types.data(), types.size());
    w.set_u32("tokenizer.ggml.unknown_token_id", 0);
    w.set_u32("tokenizer.ggml.bos_token_id", 1);
    w.set_u32("tokenizer.ggml.eos_token_id", 2);
    w.set_bool("tokenizer.ggml.add_bos_token", true);
    w.set_bool("tokenizer.ggml.add_eos_token", false);

    const std::vector<TensorPlan> plan = plan_tensors(s);
    uint64_t total = 0, done = 0;
    for (const auto& t : plan) {
        uint64_t n = 1;
        for (int64_t d : t.shape) n *= static_cast<uint64_t>(d);
        total += n;
    }
    if (s.zero_weights) {
        // Header only, then the data section as a hole of the right size.
        static const unsigned char unused = 0;   // never read: only the header is written
        size_t data_bytes = 0;
        for (const auto& t : plan) {
            const Type type = t.matrix ? s.type : Type::F32;
            size_t rows = 1;
            for (size_t d = 1; d < t.shape.size(); ++d) rows *= static_cast<size_t>(t.shape[d]);
            const size_t bytes = row_size(type, t.shape[0]) * rows;
            data_bytes = (data_bytes + bytes + 31) & ~size_t{31};   // GGUF's default alignment of 32
            w.add_tensor(t.name, type, t.shape, &unused);
        }
        w.write(path, true);
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) core::fail("lugh: synth: cannot reopen %s", path.c_str());
        std::fseek(f, 0, SEEK_END);
        const long header = std::ftell(f);
        std::fclose(f);
        const size_t data_offset = (static_cast<size_t>(header) + 31) & ~size_t{31};
        if (truncate(path.c_str(), static_cast<off_t>(data_offset + data_bytes)) != 0)
            core::fail("lugh: synth: cannot extend %s: %s", path.c_str(), std::strerror(errno));
        if (progress) progress(total, total);
        return;
    }
    std::vector<std::unique_ptr<std::vector<unsigned char>>> data;   // kept until written
    for (size_t i = 0; i < plan.size(); ++i) {
        const TensorPlan& t = plan[i];
        const int64_t row = t.shape[0];
        int64_t n = 1;
        for (int64_t d : t.shape) n *= d;
        Random rng{s.seed * 0x100000001B3ull + i};
        std::vector<float> values(static_cast<size_t>(n));
        for (float& v : values) v = (t.norm ? 1.0f : 0.0f) + rng.uniform(t.scale);
        const Type type = t.matrix ? s.type : Type::F32;
        auto bytes = std::make_unique<std::vector<unsigned char>>();
        if (type == Type::F32) {
            bytes->resize(values.size() * sizeof(float));
            std::memcpy(bytes->data(), values.data(), bytes->size());
        } else {
            bytes->resize(row_size(type, row) * static_cast<size_t>(n / row));
            quant::quantize(type, values.data(), bytes->data(), n / row, row);
        }
        w.add_tensor(t.name, type, t.shape, bytes->data());
        data.push_back(std::move(bytes));
        done += static_cast<uint64_t>(n);
        if (progress) progress(done, total);
    }
    w.write(path);
}

}  // namespace lugh
