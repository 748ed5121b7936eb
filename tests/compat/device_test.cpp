// Devices and registries (lugh-ggml-backend-device.h): one registry "CPU"
// with one CPU device; lookups by index, name (any case) and type; backends
// made from them compute; misuse is refused with a message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "core/test_support.hpp"
#include "lugh/ggml/ggml-backend.h"
#include "lugh/ggml/ggml-cpu.h"

using lugh_test::c_error_of;
using lugh_test::CContext;
using testing::HasSubstr;

namespace {

TEST(Registry, OneCpuRegistryWithOneCpuDevice) {
    ggml_backend_load_all();   // loads nothing, changes nothing
    ggml_backend_load_all_from_path("/nonexistent");
    ASSERT_EQ(ggml_backend_reg_count(), 1u);
    ggml_backend_reg_t reg = ggml_backend_reg_get(0);
    EXPECT_EQ(reg, ggml_backend_cpu_reg());
    EXPECT_STREQ(ggml_backend_reg_name(reg), "CPU");
    EXPECT_EQ(ggml_backend_reg_by_name("cpu"), reg);
    EXPECT_EQ(ggml_backend_reg_by_name("CUDA"), nullptr);
    ASSERT_EQ(ggml_backend_reg_dev_count(reg), 1u);
    ggml_backend_dev_t dev = ggml_backend_reg_dev_get(reg, 0);
    EXPECT_EQ(ggml_backend_dev_count(), 1u);
    EXPECT_EQ(ggml_backend_dev_get(0), dev);
    EXPECT_EQ(ggml_backend_dev_backend_reg(dev), reg);
    EXPECT_EQ(ggml_backend_dev_by_name("Cpu"), dev);
    EXPECT_EQ(ggml_backend_dev_by_name("CPU0"), nullptr);
    EXPECT_EQ(ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU), dev);
    EXPECT_EQ(ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_GPU), nullptr);
    EXPECT_EQ(ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_IGPU), nullptr);
    EXPECT_EQ(ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_ACCEL), nullptr);
}

TEST(Registry, EnumValuesAreUpstreams) {
    EXPECT_EQ(GGML_BACKEND_DEVICE_TYPE_CPU, 0);
    EXPECT_EQ(GGML_BACKEND_DEVICE_TYPE_GPU, 1);
    EXPECT_EQ(GGML_BACKEND_DEVICE_TYPE_IGPU, 2);
    EXPECT_EQ(GGML_BACKEND_DEVICE_TYPE_ACCEL, 3);
    EXPECT_EQ(GGML_LOG_LEVEL_NONE, 0);
    EXPECT_EQ(GGML_LOG_LEVEL_DEBUG, 1);
    EXPECT_EQ(GGML_LOG_LEVEL_INFO, 2);
    EXPECT_EQ(GGML_LOG_LEVEL_WARN, 3);
    EXPECT_EQ(GGML_LOG_LEVEL_ERROR, 4);
    EXPECT_EQ(GGML_LOG_LEVEL_CONT, 5);
    EXPECT_EQ(GGML_BACKEND_BUFFER_USAGE_ANY, 0);
    EXPECT_EQ(GGML_BACKEND_BUFFER_USAGE_WEIGHTS, 1);
    EXPECT_EQ(GGML_BACKEND_BUFFER_USAGE_COMPUTE, 2);
    EXPECT_EQ(GGML_N_TASKS_MAX, -1);
}

TEST(Device, PropertiesDescribeTheCpu) {
    ggml_backend_dev_t dev = ggml_backend_dev_get(0);
    EXPECT_STREQ(ggml_backend_dev_name(dev), "CPU");
    EXPECT_EQ(ggml_backend_dev_type(dev), GGML_BACKEND_DEVICE_TYPE_CPU);
    const std::string description = ggml_backend_dev_description(dev);
    EXPECT_FALSE(description.empty());
    EXPECT_EQ(description.find('\n'), std::string::npos);
    size_t free = 0, total = 0;
    ggml_backend_dev_memory(dev, &free, &total);
    EXPECT_GT(total, size_t{1} << 26);   // this machine has gigabytes
    EXPECT_LE(free, total);
    ggml_backend_dev_props props;
    std::memset(&props, 0xab, sizeof props);
    ggml_backend_dev_get_props(dev, &props);
    EXPECT_STREQ(props.name, "CPU");
    EXPECT_EQ(std::string(props.description), description);
    EXPECT_EQ(props.type, GGML_BACKEND_DEVICE_TYPE_CPU);
    EXPECT_EQ(props.memory_total, total);
    EXPECT_EQ(props.device_id, nullptr);
    EXPECT_FALSE(props.caps.async);
    EXPECT_FALSE(props.caps.host_buffer);
    EXPECT_TRUE(props.caps.buffer_from_host_ptr);
    EXPECT_FALSE(props.caps.events);
}

TEST(Device, BuffersAndOps) {
    ggml_backend_dev_t dev = ggml_backend_dev_get(0);
    ggml_backend_buffer_type_t buft = ggml_backend_dev_buffer_type(dev);
    EXPECT_EQ(buft, ggml_backend_cpu_buffer_type());
    EXPECT_EQ(ggml_backend_buft_get_device(buft), dev);
    EXPECT_EQ(ggml_backend_dev_host_buffer_type(dev), nullptr);
    EXPECT_TRUE(ggml_backend_dev_supports_buft(dev, buft));
    alignas(64) static float memory[64];
    ggml_backend_buffer_t buf = ggml_backend_dev_buffer_from_host_ptr(dev, memory, sizeof memory, 0);
    EXPECT_EQ(ggml_backend_buffer_get_base(buf), memory);
    EXPECT_EQ(ggml_backend_buffer_get_size(buf), sizeof memory);
    ggml_backend_buffer_reset(buf);
    ggml_backend_buffer_free(buf);

    CContext ctx(1 << 20);
    ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    ggml_tensor* sum = ggml_add(ctx, a, a);
    EXPECT_TRUE(ggml_backend_dev_supports_op(dev, sum));
    EXPECT_FALSE(ggml_backend_dev_offload_op(dev, sum));
    sum->op = static_cast<ggml_op>(GGML_OP_COUNT + 5);   // not an op Lugh knows
    EXPECT_FALSE(ggml_backend_dev_supports_op(dev, sum));
}

TEST(Device, BackendsFromDevicesNamesAndTypesCompute) {
    ggml_backend_t by_dev = ggml_backend_dev_init(ggml_backend_dev_get(0), nullptr);
    ggml_backend_t by_name = ggml_backend_init_by_name("cpu", "ignored params");
    ggml_backend_t by_type = ggml_backend_init_by_type(GGML_BACKEND_DEVICE_TYPE_CPU, nullptr);
    ggml_backend_t best = ggml_backend_init_best();
    EXPECT_EQ(ggml_backend_init_by_name("Vulkan0", nullptr), nullptr);
    EXPECT_EQ(ggml_backend_init_by_type(GGML_BACKEND_DEVICE_TYPE_GPU, nullptr), nullptr);
    for (ggml_backend_t b : {by_dev, by_name, by_type, best}) {
        ASSERT_NE(b, nullptr);
        EXPECT_TRUE(ggml_backend_is_cpu(b));
        EXPECT_EQ(ggml_backend_get_device(b), ggml_backend_dev_get(0));
        CContext ctx(1 << 20);
        ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 3);
        ggml_set_f32(a, 2.0f);
        ggml_tensor* sq = ggml_sqr(ctx, a);
        EXPECT_TRUE(ggml_backend_supports_op(b, sq));
        EXPECT_TRUE(ggml_backend_supports_buft(b, ggml_backend_cpu_buffer_type()));
        EXPECT_FALSE(ggml_backend_offload_op(b, sq));
        ggml_cgraph* gf = ggml_new_graph(ctx);
        ggml_build_forward_expand(gf, sq);
        ASSERT_EQ(ggml_backend_graph_compute(b, gf), GGML_STATUS_SUCCESS);
        EXPECT_EQ(ggml_get_f32_1d(sq, 2), 4.0f);
        ggml_backend_free(b);
    }
}

TEST(Registry, ProcAddressesAreTheCpuBackendsFunctions) {
    ggml_backend_reg_t reg = ggml_backend_cpu_reg();
    auto set_threads = reinterpret_cast<ggml_backend_set_n_threads_t>(
        ggml_backend_reg_get_proc_address(reg, "ggml_backend_set_n_threads"));
    ASSERT_NE(set_threads, nullptr);
    ggml_backend_t b = ggml_backend_cpu_init();
    set_threads(b, 3);
    EXPECT_THAT(c_error_of([&] { set_threads(b, 0); }), HasSubstr("n_threads must be 1..512, got 0"));
    auto extra = reinterpret_cast<ggml_backend_dev_get_extra_bufts_t>(
        ggml_backend_reg_get_proc_address(reg, "ggml_backend_dev_get_extra_bufts"));
    ASSERT_NE(extra, nullptr);
    EXPECT_EQ(extra(ggml_backend_dev_get(0))[0], nullptr);
    auto features = reinterpret_cast<ggml_backend_get_features_t>(
        ggml_backend_reg_get_proc_address(reg, "ggml_backend_get_features"));
    ASSERT_NE(features, nullptr);
    int n = 0;
    bool avx2_listed = false;
    for (ggml_backend_feature* f = features(reg); f->name; ++f, ++n)
        if (std::strcmp(f->name, "AVX2") == 0) avx2_listed = std::strcmp(f->value, ggml_cpu_has_avx2() ? "1" : "0") == 0;
    EXPECT_GT(n, 0);
    EXPECT_TRUE(avx2_listed);
    EXPECT_NE(ggml_backend_reg_get_proc_address(reg, "ggml_backend_set_abort_callback"), nullptr);
    EXPECT_EQ(ggml_backend_reg_get_proc_address(reg, "ggml_backend_no_such_function"), nullptr);
    ggml_backend_free(b);
}

bool stop_now(void* data) {
    ++*static_cast<int*>(data);
    return true;
}

TEST(Device, CpuAbortCallbackStopsTheCompute) {
    ggml_backend_t b = ggml_backend_cpu_init();
    int polls = 0;
    ggml_backend_cpu_set_abort_callback(b, stop_now, &polls);
    CContext ctx(1 << 20);
    ggml_tensor* a = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 3);
    ggml_set_f32(a, 2.0f);
    ggml_tensor* y = ggml_sqr(ctx, ggml_sqr(ctx, a));
    ggml_set_f32(y, 0.0f);
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, y);
    EXPECT_EQ(ggml_backend_graph_compute(b, gf), GGML_STATUS_ABORTED);
    EXPECT_EQ(polls, 1);
    EXPECT_EQ(ggml_get_f32_1d(y, 0), 0.0f);   // stopped after the first node
    ggml_backend_cpu_set_abort_callback(b, nullptr, nullptr);
    EXPECT_EQ(ggml_backend_graph_compute(b, gf), GGML_STATUS_SUCCESS);
    EXPECT_EQ(ggml_get_f32_1d(y, 0), 16.0f);
    ggml_backend_free(b);
}

TEST(Device, EventsAreAlwaysComplete) {
    ggml_backend_t b = ggml_backend_cpu_init();
    ggml_backend_event_t e = ggml_backend_event_new(ggml_backend_dev_get(0));
    ASSERT_NE(e, nullptr);
    ggml_backend_event_record(e, b);
    ggml_backend_event_synchronize(e);
    ggml_backend_event_wait(b, e);
    ggml_backend_event_free(e);
    ggml_backend_event_free(nullptr);
    EXPECT_THAT(c_error_of([&] { ggml_backend_event_record(nullptr, b); }),
                HasSubstr("lugh: ggml_backend_event_record: event is NULL"));
    ggml_backend_free(b);
}

TEST(Device, AsyncTensorCopiesFinishBeforeReturning) {
    ggml_backend_t b = ggml_backend_cpu_init();
    CContext ctx(1 << 20);
    ggml_tensor* t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 4);
    const float in[4] = {1, 2, 3, 4};
    float out[4] = {};
    ggml_backend_tensor_set_async(b, t, in, 0, sizeof in);
    ggml_backend_tensor_get_async(b, t, out, 4, 8);
    EXPECT_EQ(out[0], 2.0f);
    EXPECT_EQ(out[1], 3.0f);
    EXPECT_THAT(c_error_of([&] { ggml_backend_tensor_get_async(b, t, out, 8, 12); }), HasSubstr("ggml_backend_tensor_get_async"));
    ggml_backend_free(b);
}

TEST(Registry, MisuseIsRefusedWithAMessage) {
    EXPECT_THAT(c_error_of([] { ggml_backend_reg_get(1); }),
                HasSubstr("lugh: ggml_backend_reg_get: index 1, but there is 1 registry"));
    EXPECT_THAT(c_error_of([] { ggml_backend_dev_get(1); }),
                HasSubstr("lugh: ggml_backend_dev_get: index 1, but there are 1 device(s)"));
    EXPECT_THAT(c_error_of([] { ggml_backend_reg_dev_get(ggml_backend_cpu_reg(), 2); }),
                HasSubstr("index 2, but registry CPU has 1 device(s)"));
    EXPECT_THAT(c_error_of([] { ggml_backend_dev_name(nullptr); }), HasSubstr("ggml_backend_dev_name: device is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_backend_reg_name(nullptr); }), HasSubstr("ggml_backend_reg_name: reg is NULL"));
    int not_a_device = 0;
    EXPECT_THAT(c_error_of([&] { ggml_backend_dev_type(reinterpret_cast<ggml_backend_dev_t>(&not_a_device)); }),
                HasSubstr("is not a device of Lugh's"));
    EXPECT_THAT(c_error_of([] { ggml_backend_dev_by_type(static_cast<enum ggml_backend_dev_type>(7)); }),
                HasSubstr("ggml_backend_dev_by_type: type 7 is not one of 0..3"));
    EXPECT_THAT(c_error_of([] { ggml_backend_dev_by_name(nullptr); }), HasSubstr("name is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_backend_dev_memory(ggml_backend_dev_get(0), nullptr, nullptr); }),
                HasSubstr("ggml_backend_dev_memory: free is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_backend_dev_get_props(ggml_backend_dev_get(0), nullptr); }),
                HasSubstr("props is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_backend_reg_get_proc_address(ggml_backend_cpu_reg(), nullptr); }),
                HasSubstr("name is NULL"));
    EXPECT_THAT(c_error_of([] { ggml_backend_get_device(nullptr); }), HasSubstr("backend is NULL"));
}

}  // namespace
