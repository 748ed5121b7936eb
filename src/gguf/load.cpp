#include "gguf/load.hpp"

#include <cstring>

#include "core/check.hpp"
#include "core/context.hpp"
#include "core/read_only.hpp"
#include "core/tensor_new.hpp"
#include "gguf/file_range.hpp"

namespace lugh::gguf {

namespace {

constexpr size_t kAlign = core::Arena::kDataAlign;
constexpr size_t kSlack = 2 * kAlign;   // the arena's own alignment of its two ends

// Objects kept alive by a context: file mappings its tensors point into.
struct HeldByContext {
    std::vector<std::shared_ptr<const void>> held;
};

void release_held(void* arg) { delete static_cast<HeldByContext*>(arg); }

void require_hook_free(const ggml_context* ctx, const char* caller) {
    if (ctx->on_free && ctx->on_free != release_held)
        core::fail("lugh: %s: context #%u already has a different release hook", caller, ctx->slot);
}

void hold_until_free(ggml_context* ctx, std::shared_ptr<const void> object) {
    if (!ctx->on_free) {
        ctx->on_free_arg = new HeldByContext();
        ctx->on_free = release_held;
    }
    static_cast<HeldByContext*>(ctx->on_free_arg)->held.push_back(std::move(object));
}

// The arena bytes of tensor data in Copy mode.
size_t data_bytes(const Metadata& meta, const char* caller) {
    size_t total = 0;
    for (const auto& t : meta.tensors) {
        size_t padded = 0;
        if (core::add_overflows(t.nbytes, kAlign - 1, &padded) || core::add_overflows(total, padded & ~(kAlign - 1), &total))
            core::fail("lugh: %s: the tensors' total size overflows", caller);
    }
    return total;
}

size_t natural_alignment(ggml_type type) { return type == GGML_TYPE_F32 || type == GGML_TYPE_I32 ? 4 : type == GGML_TYPE_I8 ? 1 : 2; }

// Sets ctx->no_alloc for the life of the object.
class NoAllocScope {
public:
    NoAllocScope(ggml_context* ctx, bool no_alloc) : ctx_(ctx), saved_(ctx->no_alloc) { ctx->no_alloc = no_alloc; }
    ~NoAllocScope() { ctx_->no_alloc = saved_; }
private:
    ggml_context* ctx_;
    bool saved_;
};

}  // namespace

size_t context_bytes(const Metadata& meta, Load mode, const char* caller) {
    size_t total = 0;
    if (core::mul_overflows(meta.tensors.size(), sizeof(ggml_tensor), &total) ||
        core::add_overflows(total, kSlack, &total) ||
        (mode == Load::Copy && core::add_overflows(total, data_bytes(meta, caller), &total)))
        core::fail("lugh: %s: the context size overflows", caller);
    return total;
}

std::vector<ggml_tensor*> load_tensors(ggml_context* ctx, const Metadata& meta, const unsigned char* bytes,
                                       size_t size, Load mode, std::shared_ptr<const void> keep_alive,
                                       const std::string& source, const char* caller) {
    core::require_live(ctx, caller);
    // In every mode, metadata-only too: whoever fills such tensors later
    // (a mapping loader) would read past the end of the file.
    require_data_present(meta, size, source);
    if (mode == Load::Copy && ctx->no_alloc)
        core::fail("lugh: %s: context #%u is no_alloc; it cannot hold copied tensor data", caller, ctx->slot);
    if (mode == Load::Mmap) {
        if (!keep_alive) core::fail("lugh: %s: mmap loading needs the file mapping", caller);
        require_hook_free(ctx, caller);
        for (const auto& t : meta.tensors) {
            const uintptr_t addr = reinterpret_cast<uintptr_t>(bytes) + tensor_bytes_in_file(meta, t, size, source).begin;
            if (addr % natural_alignment(t.type) != 0)
                core::fail("lugh: %s: %s: tensor '%s' is not aligned for its type in the file; load it by copy",
                           caller, source.c_str(), t.name.c_str());
        }
    }
    const size_t need = context_bytes(meta, mode, caller);
    if (need > ctx->arena.free_bytes())
        core::fail("lugh: %s: context #%u has %zu free bytes, but the %zu tensors of %s need %zu", caller, ctx->slot,
                   ctx->arena.free_bytes(), meta.tensors.size(), source.c_str(), need);

    std::vector<ggml_tensor*> out;
    out.reserve(meta.tensors.size());
    {
        NoAllocScope scope(ctx, mode != Load::Copy);
        for (const auto& info : meta.tensors) {
            ggml_tensor* t = core::new_tensor(ctx, info.type, info.n_dims, info.ne, nullptr, 0, caller);
            std::memcpy(t->name, info.name.c_str(), info.name.size() + 1);   // < GGML_MAX_NAME: checked by the parser
            if (mode == Load::MetadataOnly) {
                out.push_back(t);
                continue;
            }
            const unsigned char* src = bytes + tensor_bytes_in_file(meta, info, size, source).begin;
            if (mode == Load::Copy && info.nbytes > 0) std::memcpy(t->data, src, info.nbytes);
            if (mode == Load::Mmap) {
                t->data = const_cast<unsigned char*>(src);   // PROT_READ pages: the core refuses writes
                core::mark_read_only(t);
            }
            out.push_back(t);
        }
    }
    if (mode == Load::Mmap) hold_until_free(ctx, std::move(keep_alive));
    return out;
}

}  // namespace lugh::gguf
