// libFuzzer target: the GGUF parser and loader on arbitrary bytes.
//
// Each input is parsed as a whole file; when it parses, its keys are walked
// the way a reader would, its tensors are loaded into a context (copied, and
// metadata-only), and every tensor of a float or block type is decoded by its
// type's to_float (the block layouts of every weight type on hostile bytes:
// NaN and infinite scales, any codes). Any crash, sanitizer report or leak is
// a bug; a lugh::Error is the expected answer to bad input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "core/context.hpp"
#include "core/type_traits.hpp"
#include "gguf/load.hpp"
#include "gguf/parse.hpp"
#include "lugh/error.hpp"
#include "quant/rows.hpp"

namespace {

void load(const lugh::gguf::Metadata& meta, const uint8_t* data, size_t size, lugh::gguf::Load mode) {
    lugh::gguf::require_data_present(meta, size, "fuzz");   // in every mode, before sizing the arena
    const size_t bytes = lugh::gguf::context_bytes(meta, mode, "fuzz");
    ggml_context* ctx = lugh::core::create_context(bytes, nullptr, mode != lugh::gguf::Load::Copy);
    try {
        lugh::gguf::load_tensors(ctx, meta, data, size, mode, nullptr, "fuzz", "fuzz");
    } catch (...) {
        lugh::core::free_context(ctx);
        throw;
    }
    lugh::core::free_context(ctx);
}

// Each tensor's rows through to_float (the file's data is known to be present).
void decode(const lugh::gguf::Metadata& meta, const uint8_t* data) {
    std::vector<float> row;
    for (const auto& t : meta.tensors) {
        const lugh::quant::ToFloatFn to_float = lugh::quant::to_float_fn(t.type);
        const lugh::core::TypeInfo* ti = lugh::core::type_info(t.type);
        if (!to_float || !ti || t.nbytes == 0 || t.ne[0] <= 0) continue;
        const size_t row_bytes = static_cast<size_t>(t.ne[0] / ti->blck_size) * ti->type_size;
        row.resize(static_cast<size_t>(t.ne[0]));
        const uint8_t* base = data + meta.data_offset + t.offset;
        for (size_t at = 0; at + row_bytes <= t.nbytes; at += row_bytes) to_float(base + at, row.data(), t.ne[0]);
    }
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
        load(meta, data, size, lugh::gguf::Load::MetadataOnly);
        load(meta, data, size, lugh::gguf::Load::Copy);
        decode(meta, data);
        (void)sum;
    } catch (const lugh::Error&) {
    }
    return 0;
}
