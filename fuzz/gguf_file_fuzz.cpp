// libFuzzer target: the C++ reader, lugh::gguf::File, on arbitrary bytes.
//
// Each input becomes a file (an in-memory one, reopened by path as any file
// is); when it opens, every key is read with the getter its type calls for
// (and one it does not), every tensor's bytes are read whole, the file is
// loaded in every mode and its tensors compared with the bytes in the file,
// and it is copied through the Writer. Any crash, sanitizer report or leak
// is a bug; lugh::Error is the expected answer to bad input. (The parser
// alone is fuzzed by gguf_fuzz.cpp; this one found what the C loader caught
// and this reader did not: an offset that wraps past the data section.)

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "lugh/gguf.hpp"
#include "lugh/ggml/ggml.h"
#include "lugh/lugh.hpp"
#include "memory_file.hpp"

namespace lg = lugh::gguf;

namespace {

using lugh_fuzz::file_holding;

volatile unsigned char g_sink;

// Read every byte, so the sanitizer sees any read outside the file.
void touch(const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    unsigned char x = 0;
    for (size_t i = 0; i < n; ++i) x ^= b[i];
    g_sink = x;
}

void read_key(const lg::File& f, const std::string& key) {
    const lg::ValueType t = f.type(key);
    (void)f.value_string(key, 4);
    try {
        switch (t) {
            case lg::ValueType::String: (void)f.get_string(key); (void)f.get_int(key); break;
            case lg::ValueType::F32: case lg::ValueType::F64: (void)f.get_float(key); (void)f.get_bool(key); break;
            case lg::ValueType::Bool: (void)f.get_bool(key); (void)f.get_float(key); break;
            case lg::ValueType::Array: {
                (void)f.array_size(key);
                const lg::ValueType e = f.array_type(key);
                if (e == lg::ValueType::String) (void)f.get_string_array(key);
                else if (e == lg::ValueType::F32 || e == lg::ValueType::F64) (void)f.get_float_array(key);
                else (void)f.get_int_array(key);
                (void)f.get_string(key);
                break;
            }
            default: (void)f.get_uint(key); (void)f.get_int(key); (void)f.get_string(key); break;
        }
    } catch (const lugh::Error&) {
        // a type mismatch, or a u64 too large for get_int: expected
    }
}

void load_and_compare(const lg::File& f, lg::Load mode) {
    lugh::Context ctx = f.load(mode);
    for (const auto& info : f.tensors()) {
        const lugh::Tensor t = ctx.get_tensor(info.name);
        if (t.nbytes() != info.nbytes) std::abort();
        if (mode == lg::Load::MetadataOnly) {
            if (t.has_data()) std::abort();
            continue;
        }
        if (info.nbytes > 0 && std::memcmp(t.raw()->data, f.tensor_data(info.name), info.nbytes) != 0) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = file_holding(data, size);
    try {
        const lg::File f(path);
        for (const auto& key : f.keys()) read_key(f, key);
        lg::Writer copy;
        copy.copy_keys(f);
        bool all_present = true;
        for (const auto& info : f.tensors()) {
            if (&f.tensor(info.name) != &info || !f.has_tensor(info.name)) std::abort();
            try {
                const void* bytes = f.tensor_data(info.name);
                touch(bytes, info.nbytes);
                copy.add_tensor(info.name, info.type, info.shape, bytes);
            } catch (const lugh::Error&) {
                all_present = false;   // then no load may succeed either
            }
        }
        // The reader and the loads must agree on which files hold their
        // tensors (an offset that wrapped once fooled tensor_data alone).
        for (lg::Load mode : {lg::Load::MetadataOnly, lg::Load::Mmap, lg::Load::Copy}) {
            bool loaded = false;
            try {
                (void)f.context_size(mode);
                load_and_compare(f, mode);
                loaded = true;
            } catch (const lugh::Error&) {
            }
            if (loaded && !all_present) std::abort();   // a load accepted bytes tensor_data refused
            // Only a mapping may refuse a whole file: data misaligned for its type.
            if (!loaded && all_present && mode != lg::Load::Mmap) std::abort();
        }
        if (all_present) copy.write("/dev/null");
    } catch (const lugh::Error&) {
    }
    return 0;
}
