// libFuzzer target: the GGUF parser and loader on arbitrary bytes.
//
// Each input is parsed as a whole file; when it parses, its keys are walked
// the way a reader would, and its tensors are loaded into a context (copied,
// and metadata-only). Any crash, sanitizer report or leak is a bug; a
// lugh::Error is the expected answer to bad input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "core/context.hpp"
#include "gguf/load.hpp"
#include "gguf/parse.hpp"
#include "lugh/error.hpp"

namespace {

void load(const lugh::gguf::Metadata& meta, const uint8_t* data, size_t size, lugh::gguf::LoadMode mode) {
    lugh::gguf::require_data_present(meta, size, "fuzz");   // in every mode, before sizing the arena
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
        // What was read writes out as a header that reads back the same.
        const std::vector<unsigned char> head = meta.serialize_meta();
        try {
            const auto again = lugh::gguf::parse(head.data(), head.size(), "fuzz: the header written again");
            if (again.kv.size() != meta.kv.size() || again.tensors.size() != meta.tensors.size() ||
                again.data_offset != meta.data_offset)
                std::abort();
        } catch (const lugh::Error&) {
            std::abort();
        }
        load(meta, data, size, lugh::gguf::LoadMode::MetadataOnly);
        load(meta, data, size, lugh::gguf::LoadMode::Copy);
        (void)sum;
    } catch (const lugh::Error&) {
    }
    return 0;
}
