// libFuzzer target: the model loader, lugh::Model, on arbitrary bytes, and a
// session over what it accepts.
//
// Each input becomes a file (an in-memory one, opened by path as any model
// is). When it loads as a model, its hyper-parameters are checked against
// what the loader promises (every size positive, heads dividing as they
// must), and a session of 8 positions evaluates two tokens. Any crash,
// sanitizer report, leak or huge allocation is a bug; lugh::Error is the
// expected answer to a bad file. Seeds: tests/llm/corpus (tiny models of
// both architectures, written and checked by tests/llm/corpus_test.cpp).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lugh/lugh.hpp"
#include "memory_file.hpp"

namespace {

using lugh_fuzz::file_holding;

void check(bool ok) {
    if (!ok) std::abort();   // the loader accepted what it promises to refuse
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const lugh::Model model(file_holding(data, size));
        const lugh::HParams& h = model.hparams();
        check(h.n_vocab > 0 && h.n_embd > 0 && h.n_layer > 0 && h.n_head > 0 && h.n_head_kv > 0);
        check(h.n_head % h.n_head_kv == 0 && h.n_rot > 0 && h.n_rot <= h.n_embd_head && h.n_rot % 2 == 0);
        (void)model.describe();
        lugh::SessionParams sp;
        sp.n_ctx = 8;
        sp.n_threads = 1;
        lugh::Session session(model, sp);
        const int32_t tokens[2] = {0, static_cast<int32_t>(h.n_vocab - 1)};
        const float* logits = session.decode(tokens, 2);
        volatile float sink = logits[h.n_vocab - 1];
        (void)sink;
    } catch (const lugh::Error&) {
    }
    return 0;
}
