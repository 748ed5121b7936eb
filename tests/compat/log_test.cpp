// ggml_log_set / ggml_log_get (lugh-ggml-log.h): Lugh's reported failures and
// warnings reach the installed callback with their level and user_data, one
// line each; NULL restores the default (stderr). CompatLogThreads runs
// under TSan: logging while another thread swaps the callback.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/test_support.hpp"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"
#include "lugh/ggml/gguf.h"

using lugh_test::CContext;
using testing::HasSubstr;

namespace {

struct Collected {
    std::mutex mutex;
    std::vector<std::pair<ggml_log_level, std::string>> lines;
};

void collect(ggml_log_level level, const char* text, void* user_data) {
    auto* c = static_cast<Collected*>(user_data);
    std::lock_guard<std::mutex> lock(c->mutex);
    c->lines.emplace_back(level, text);
}

// Installs collect() for the scope, then restores the default.
struct Capture {
    Collected collected;
    Capture() { ggml_log_set(collect, &collected); }
    ~Capture() { ggml_log_set(nullptr, nullptr); }
};

TEST(Log, GetAnswersWhatSetInstalledAndNullRestoresTheDefault) {
    ggml_log_callback default_cb = nullptr;
    void* default_data = &default_cb;
    ggml_log_get(&default_cb, &default_data);
    ASSERT_NE(default_cb, nullptr);
    EXPECT_EQ(default_data, nullptr);
    {
        Capture c;
        ggml_log_callback cb = nullptr;
        void* data = nullptr;
        ggml_log_get(&cb, &data);
        EXPECT_EQ(cb, collect);
        EXPECT_EQ(data, &c.collected);
        ggml_log_get(nullptr, nullptr);   // either pointer may be NULL
    }
    ggml_log_callback cb = nullptr;
    ggml_log_get(&cb, nullptr);
    EXPECT_EQ(cb, default_cb);
}

TEST(Log, TheDefaultWritesToStderr) {
    testing::internal::CaptureStderr();
    ggml_backend_load("/no/such/backend.so");
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(err, "lugh: ggml_backend_load: /no/such/backend.so not loaded: Lugh's only backend, the CPU's, is built in\n");
}

TEST(Log, ComputeFailuresGoToTheCallbackNotStderr) {
    CContext ctx(1 << 20);
    ggml_tensor* table = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 2, 3);
    ggml_tensor* ids = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, 1);
    ggml_set_zero(table);
    ggml_set_i32_1d(ids, 0, 5);
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, ggml_get_rows(ctx, table, ids));
    ggml_backend_t cpu = ggml_backend_cpu_init();
    Capture c;
    testing::internal::CaptureStderr();
    EXPECT_EQ(ggml_graph_compute_with_ctx(ctx, gf, 1), GGML_STATUS_FAILED);
    EXPECT_EQ(ggml_backend_graph_compute(cpu, gf), GGML_STATUS_FAILED);
    EXPECT_EQ(ggml_backend_load("x.so"), nullptr);
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
    ASSERT_EQ(c.collected.lines.size(), 3u);
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(c.collected.lines[i].first, GGML_LOG_LEVEL_ERROR);
        EXPECT_THAT(c.collected.lines[i].second, HasSubstr("index 5"));
        EXPECT_EQ(c.collected.lines[i].second.back(), '\n');
    }
    EXPECT_EQ(c.collected.lines[2].first, GGML_LOG_LEVEL_WARN);
    ggml_backend_free(cpu);
}

TEST(Log, RefusedFilesAndGraphPrintsGoThroughIt) {
    Capture c;
    gguf_init_params params = {true, nullptr};
    EXPECT_EQ(gguf_init_from_file("/nonexistent/model.gguf", params), nullptr);
    CContext ctx(1 << 20);
    ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 2);
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, ggml_sqr(ctx, a));
    ggml_graph_print(gf);
    ASSERT_GE(c.collected.lines.size(), 3u);
    EXPECT_EQ(c.collected.lines[0].first, GGML_LOG_LEVEL_ERROR);
    EXPECT_THAT(c.collected.lines[0].second, HasSubstr("/nonexistent/model.gguf"));
    EXPECT_EQ(c.collected.lines[1].first, GGML_LOG_LEVEL_INFO);
    EXPECT_THAT(c.collected.lines[1].second, HasSubstr("=== graph: 1 nodes, 1 leafs"));
}

TEST(CompatLogThreads, LoggingWhileTheCallbackChangesIsSafe) {
    Collected first, second;
    std::atomic<bool> done{false};
    ggml_log_set(collect, &first);
    std::vector<std::thread> loggers;
    for (int t = 0; t < 3; ++t)
        loggers.emplace_back([&] {
            for (int i = 0; i < 200; ++i) ggml_backend_load("threads.so");
        });
    std::thread swapper([&] {
        for (int i = 0; !done.load(); ++i) ggml_log_set(collect, i % 2 ? &first : &second);
    });
    for (auto& t : loggers) t.join();
    done = true;
    swapper.join();
    ggml_log_set(nullptr, nullptr);
    // Every message reached exactly one of the two collectors, whole.
    EXPECT_EQ(first.lines.size() + second.lines.size(), 600u);
    for (auto* c : {&first, &second})
        for (auto& [level, text] : c->lines) {
            EXPECT_EQ(level, GGML_LOG_LEVEL_WARN);
            EXPECT_THAT(text, HasSubstr("threads.so not loaded"));
        }
}

}  // namespace
