#include "llm/kv_cache.hpp"

#include "core/check.hpp"

namespace lugh::llm {

namespace {
Context metadata_context(int64_t n_layer) {
    ContextParams p;
    p.mem_size = static_cast<size_t>(2 * n_layer + 1) * Context::tensor_overhead();
    p.no_alloc = true;
    return Context(p);
}
}  // namespace

KvCache::KvCache(const HParams& hp, int64_t n_ctx, Type type)
    : n_ctx_(n_ctx), type_(type), ctx_(metadata_context(hp.n_layer)) {
    if (type != Type::F16 && type != Type::F32)
        core::fail("lugh: Session: the KV cache type must be f16 or f32, got %s", type_name(type));
    // Every factor is bounded (n_ctx by the session, the rest by the model's
    // tensors), but the product is checked before anything is allocated.
    size_t bytes = type_size(type);
    for (int64_t f : {n_ctx, hp.n_embd_kv(), hp.n_layer, int64_t{2}})
        if (core::mul_overflows(bytes, static_cast<size_t>(f), &bytes))
            core::fail("lugh: Session: a KV cache of %lld positions overflows", static_cast<long long>(n_ctx));
    k_.reserve(static_cast<size_t>(hp.n_layer));
    v_.reserve(static_cast<size_t>(hp.n_layer));
    for (int64_t il = 0; il < hp.n_layer; ++il) {
        k_.push_back(Tensor::create(ctx_, type, {hp.n_embd_kv(), n_ctx}).set_name("cache_k_l" + std::to_string(il)));
        v_.push_back(Tensor::create(ctx_, type, {n_ctx, hp.n_embd_kv()}).set_name("cache_v_l" + std::to_string(il)));
    }
    buffer_ = alloc_tensors(ctx_);
    // Rows past n_past are read (masked) by attention: they must hold finite
    // numbers, since 0 x NaN would still be NaN.
    buffer_.clear(0);
}

}  // namespace lugh::llm
