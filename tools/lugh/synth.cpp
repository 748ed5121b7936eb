// lugh synth OUT.gguf --arch llama|qwen2 --preset NAME --type f32|f16|q8_0|q4_0 [--seed S]
//
// Writes a model of a real shape with seeded random weights and a
// SentencePiece-style vocabulary (lugh/synth.hpp), so benchmarks and
// tests need no download.
#include <cstdio>

#include "args.hpp"
#include "command.hpp"
#include "lugh/error.hpp"
#include "lugh/synth.hpp"
#include "progress.hpp"

namespace lugh::tool {

namespace {

struct TypeName {
    const char* name;
    Type type;
};
const TypeName kTypes[] = {{"f32", Type::F32}, {"f16", Type::F16}, {"bf16", Type::BF16}, {"q8_0", Type::Q8_0}, {"q4_0", Type::Q4_0}};

int synth(const std::vector<std::string>& args) {
    std::string out, arch = "llama", preset, type = "f16";
    int64_t seed = 1;
    bool tied = false;
    std::string presets;
    for (const auto& n : synth_preset_names()) presets += (presets.empty() ? "" : ", ") + n;
    ArgParser p("lugh synth", "OUT.gguf --preset NAME [options]",
                "Write a model of a real shape with seeded random weights and a SentencePiece-style vocabulary. "
                "Presets: " + presets + ".");
    p.positional(&out, "OUT.gguf", "the model file to write");
    p.text(&arch, "--arch", "ARCH", "llama (default) or qwen2");
    const std::string preset_help = "the shape: " + presets;
    p.text(&preset, "--preset", "NAME", preset_help.c_str()).required("--preset");
    p.text(&type, "--type", "TYPE", "weight type: f32, f16 (default), bf16, q8_0 or q4_0");
    p.integer(&seed, "--seed", "S", "random seed (default 1)", 0, INT64_MAX);
    p.flag(&tied, "--tied", "no output.weight: the embedding doubles as the output layer");
    if (!p.parse(args)) return 0;
    const TypeName* t = nullptr;
    for (const auto& k : kTypes)
        if (type == k.name) t = &k;
    if (!t) throw UsageError("--type: '" + type + "' is not f32, f16, bf16, q8_0 or q4_0");
    if (arch != "llama" && arch != "qwen2") throw UsageError("--arch: '" + arch + "' is not llama or qwen2");
    SynthSpec spec;
    try {
        spec = synth_preset(preset, arch);
    } catch (const Error&) {
        throw UsageError("--preset: '" + preset + "' is not one of " + presets);
    }
    spec.type = t->type;
    spec.seed = static_cast<uint64_t>(seed);
    spec.tied_output = tied;
    Progress bar("synth", 1000);
    write_synth_model(spec, out, [&](uint64_t done, uint64_t total) { bar.update(done * 1000 / total); });
    bar.finish();
    std::printf("%s: %s %s, %lld layers, %lld wide, %lld heads (%lld KV), FFN %lld, %lld tokens, %s weights\n",
                out.c_str(), arch.c_str(), preset.c_str(), static_cast<long long>(spec.n_layer),
                static_cast<long long>(spec.n_embd), static_cast<long long>(spec.n_head),
                static_cast<long long>(spec.n_head_kv), static_cast<long long>(spec.n_ff),
                static_cast<long long>(spec.n_vocab), t->name);
    return 0;
}

}  // namespace

LUGH_COMMAND(synth, "synth", "write a model of a real shape with random weights", synth);

}  // namespace lugh::tool
