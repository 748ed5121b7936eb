#include "model_summary.hpp"

#include "lugh/model.hpp"

namespace lugh::tool {

void print_model_summary(const gguf::File& file, std::FILE* out) {
    if (!file.has_key("general.architecture")) return;
    std::fprintf(out, "\nmodel:\n");
    try {
        const Model m(file.path());
        const HParams& h = m.hparams();
        std::fprintf(out, "  architecture  %s (%s)\n", h.arch.c_str(), m.describe().c_str());
        std::fprintf(out, "  n_vocab       %lld\n", static_cast<long long>(h.n_vocab));
        std::fprintf(out, "  n_ctx_train   %lld\n", static_cast<long long>(h.n_ctx_train));
        std::fprintf(out, "  n_embd        %lld\n", static_cast<long long>(h.n_embd));
        std::fprintf(out, "  n_layer       %lld\n", static_cast<long long>(h.n_layer));
        std::fprintf(out, "  n_head        %lld (KV heads %lld, head width %lld)\n", static_cast<long long>(h.n_head),
                     static_cast<long long>(h.n_head_kv), static_cast<long long>(h.n_embd_head));
        std::fprintf(out, "  n_ff          %lld\n", static_cast<long long>(h.n_ff));
        std::fprintf(out, "  rope          %s, %lld dimensions, base %g, scale %g\n",
                     h.rope_type == RopeType::Neox ? "neox" : "normal", static_cast<long long>(h.n_rot),
                     h.rope_freq_base, h.rope_freq_scale);
        std::fprintf(out, "  rms_eps       %g\n", h.rms_eps);
        std::fprintf(out, "  output        %s\n", h.tied_output ? "tied to token_embd.weight" : "output.weight");
    } catch (const Error& e) {
        std::fprintf(out, "  architecture  %s (this build cannot run it: %s)\n",
                     file.get_string("general.architecture").c_str(), e.what());
    }
}

}  // namespace lugh::tool
