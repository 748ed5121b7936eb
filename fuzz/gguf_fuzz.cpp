// libFuzzer target: the GGUF parser and loader on arbitrary bytes.
//
// Each input is parsed as a whole file; when it parses, its keys are walked
// the way a reader would, and its tensors are loaded into a context (copied,
// and metadata-only). Any crash, sanitizer report or leak is a bug; a
// lugh::Error is the expected answer to bad input.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/context.hpp"
#include "gguf/load.hpp"
#include "gguf/parse.hpp"
#include "lugh/error.hpp"

namespace {

void load(const lugh::gguf::Metadata& meta, const uint8_t* data, size_t size, lugh::gguf::LoadMode mode) {
    if (mode != lugh::gguf::LoadMode::MetadataOnly) lugh::gguf::require_data_present(meta, size, "fuzz");
    const size_t bytes = lugh::gguf::context_bytes(meta, mode, "fuzz");
    ggml_context* ctx = lugh::core::create_context(bytes, nullptr, mode != lugh::gguf::LoadMode::Copy);
    try {
        lugh::gguf::load_tensors(ctx, meta, data, size, mode, nullptr, "fuzz", "fuzz");
    } catch (...) {
        lugh::core::free_context(ctx);
        throw;
    }
    lugh::core::free_context(ctx);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const lugh::gguf::Metadata meta = lugh::gguf::parse(data, size, "fuzz");
        size_t sum = 0;
        for (const auto& e : meta.kv) sum += e.key.size() + e.value.bytes.size() + e.value.strings.size();
        (void)meta.serialize_meta();
        load(meta, data, size, lugh::gguf::LoadMode::MetadataOnly);
        load(meta, data, size, lugh::gguf::LoadMode::Copy);
        (void)sum;
    } catch (const lugh::Error&) {
    }
    return 0;
}
