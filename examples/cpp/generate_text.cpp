// Generate text with a language model: load it, tokenize a prompt, sample
// token after token over a KV cache, and stream the text as it comes.
//
//     generate_text [MODEL.gguf [PROMPT]]
//
// Without a model it uses ../shared/models/real/aidreams260K.gguf (or
// $LUGH_SHARED_DIR/models/...) when there, and otherwise writes a small
// synthetic model with random weights first (its text is gibberish, but
// every step is the real one).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/stat.h>

#include <lugh/lugh.hpp>
#include <lugh/tokenizer.hpp>

namespace {

bool exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

std::string find_model(std::string* temporary) {
    const char* shared = std::getenv("LUGH_SHARED_DIR");
    const std::string real = std::string(shared && *shared ? shared : "../shared") + "/models/real/aidreams260K.gguf";
    if (exists(real)) return real;
    *temporary = "/tmp/lugh-example-synthetic.gguf";
    lugh::write_synth_model(lugh::synth_preset("small"), *temporary);
    return *temporary;
}

}  // namespace

int main(int argc, char** argv) {
    std::string temporary;
    try {
        const std::string path = argc > 1 ? argv[1] : find_model(&temporary);
        const std::string prompt = argc > 2 ? argv[2] : "Once upon a time";

        lugh::Model model(path);                       // memory-mapped weights
        lugh::Tokenizer tokenizer(model.file());       // the vocabulary in the same file
        lugh::SessionParams sp;
        sp.n_ctx = 128;
        lugh::Session session(model, sp);              // a KV cache of 128 positions

        lugh::SamplerParams samp;
        samp.temperature = 0.7f;
        samp.seed = 1;
        lugh::Sampler sampler(samp);

        lugh::GenerateParams gp;
        gp.max_tokens = 48;
        std::printf("%s: %s\n%s", path.c_str(), model.describe().c_str(), prompt.c_str());
        const lugh::GenerateResult r = lugh::generate(
            session, sampler, tokenizer.encode(prompt), gp,
            [](const lugh::GeneratedToken& g) {
                std::fwrite(g.text.data(), 1, g.text.size(), stdout);
                std::fflush(stdout);
                return false;   // true would stop here
            },
            &tokenizer);
        std::printf("\n[%zu tokens, %.0f tokens/s, stopped by %s]\n", r.tokens.size(),
                    r.generate_ms > 0 ? r.tokens.size() * 1000.0 / r.generate_ms : 0.0, lugh::stop_reason_name(r.stop));
    } catch (const lugh::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        if (!temporary.empty()) std::remove(temporary.c_str());
        return 1;
    }
    if (!temporary.empty()) std::remove(temporary.c_str());
    return 0;
}
