// Putting a parsed file's tensors into a ggml_context.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "gguf/metadata.hpp"
#include "lugh/gguf.hpp"   // enum class Load: how data reaches the context (one name for it)

namespace lugh::gguf {

// Arena bytes a fresh context needs to hold every tensor of meta in this mode.
size_t context_bytes(const Metadata& meta, Load mode, const char* caller);

// Create every tensor of meta in ctx, named as in the file, in file order.
// `bytes`/`size` are the whole file; in Mmap mode `keep_alive` owns them and
// is held by the context until ggml_free (through the context's on_free hook).
// Checks first (in every mode, every tensor's bytes inside the file; room in
// the arena; mmap'd data aligned for its type) and throws lugh::Error, naming
// caller, with ctx unchanged.
std::vector<ggml_tensor*> load_tensors(ggml_context* ctx, const Metadata& meta, const unsigned char* bytes,
                                       size_t size, Load mode, std::shared_ptr<const void> keep_alive,
                                       const std::string& source, const char* caller);

}  // namespace lugh::gguf
