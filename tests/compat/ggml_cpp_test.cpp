// ggml-cpp.h: each smart pointer frees its object with the matching call.
#include <gtest/gtest.h>

#include <utility>

#include "core/registry.hpp"
#include "lugh/ggml/ggml-cpp.h"
#include "lugh/ggml/ggml-cpu.h"

namespace {

TEST(GgmlCpp, PointersOwnAndFreeTheirObjects) {
    auto& registry = lugh::core::ContextRegistry::instance();
    const size_t live = registry.live_count();
    {
        ggml_context_ptr ctx(ggml_init({1 << 16, nullptr, true}));
        ASSERT_TRUE(ctx);
        EXPECT_EQ(registry.live_count(), live + 1);
        ggml_context_ptr moved = std::move(ctx);
        EXPECT_FALSE(ctx);
        EXPECT_EQ(registry.live_count(), live + 1);

        ggml_backend_ptr backend(ggml_backend_cpu_init());
        ggml_tensor* t = ggml_new_tensor_1d(moved.get(), GGML_TYPE_F32, 8);
        ggml_backend_buffer_ptr buf(ggml_backend_alloc_ctx_tensors(moved.get(), backend.get()));
        ASSERT_TRUE(buf);
        EXPECT_EQ(t->buffer, buf.get());
        ggml_gallocr_ptr galloc(ggml_gallocr_new(ggml_backend_cpu_buffer_type()));
        ASSERT_TRUE(galloc);
        ggml_backend_t backends[1] = {backend.get()};
        ggml_backend_sched_ptr sched(ggml_backend_sched_new(backends, nullptr, 1, 16, false, true));
        ASSERT_TRUE(sched);
        ggml_backend_event_ptr event(ggml_backend_event_new(ggml_backend_get_device(backend.get())));
        ASSERT_TRUE(event);
        gguf_context_ptr gguf(gguf_init_empty());
        ASSERT_TRUE(gguf);
    }
    EXPECT_EQ(registry.live_count(), live);
}

}  // namespace
