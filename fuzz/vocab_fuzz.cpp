// libFuzzer target: arbitrary bytes as a vocabulary file. Reading it must end
// in a Tokenizer or a lugh::Error, never a crash, a hang or a huge
// allocation; a vocabulary that reads must encode and decode some text.
// Seeds: fuzz/corpus/vocab (small SentencePiece and byte-level vocabularies).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "lugh/error.hpp"
#include "lugh/tokenizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string path = "/tmp/lugh_vocab_fuzz_" + std::to_string(getpid()) + ".gguf";
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    try {
        const lugh::Tokenizer tok(path);
        const auto ids = tok.encode("Hello <s> wörld 123 \xFF!", true, true);
        for (lugh::TokenId id : ids)
            if (id < 0 || static_cast<size_t>(id) >= tok.n_vocab()) std::abort();
        (void)tok.decode(ids);
        for (lugh::TokenId id : tok.eog_ids()) (void)tok.piece(id);
    } catch (const lugh::Error&) {
    }
    return 0;
}
