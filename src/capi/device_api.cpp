// lugh-ggml-backend-device.h: devices, registries, backend initialization by
// device, events; shims onto src/backend/device.cpp.
#include <cstring>

#include "backend/buffer.hpp"
#include "backend/cpu_backend.hpp"
#include "backend/device.hpp"
#include "capi/guard.hpp"
#include "capi/log.hpp"
#include "core/check.hpp"
#include "lugh/ggml/ggml-cpu.h"

using lugh::capi::guarded;
using lugh::capi::need;
namespace be = lugh::backend;

namespace {

ggml_backend_device* device_ok(ggml_backend_device* device, const char* fn) {
    guarded([&] { be::require_device(device, fn); });
    return device;
}

ggml_backend_reg* reg_ok(ggml_backend_reg* reg, const char* fn) {
    guarded([&] { be::require_reg(reg, fn); });
    return reg;
}

enum ggml_backend_dev_type checked_dev_type(enum ggml_backend_dev_type type, const char* fn) {
    const int n = lugh::capi::enum_number(type);
    return guarded([&] {
        return lugh::capi::checked_enum<enum ggml_backend_dev_type>(n, GGML_BACKEND_DEVICE_TYPE_ACCEL + 1, fn, "type");
    });
}

// The CPU device's answer: every op Lugh's constructors build has a CPU kernel.
bool cpu_supports_op(const ggml_tensor* op, const char* fn) {
    guarded([&] { need(op, fn, "op"); });
    const int number = lugh::capi::enum_number(op->op);
    return number >= 0 && number < GGML_OP_COUNT;
}

bool cpu_supports_buft(ggml_backend_buffer_type* buft, const char* fn) {
    guarded([&] { be::require_buft(buft, fn); });
    return true;   // every buffer type Lugh has is host memory
}

ggml_backend_buffer_type_t* no_extra_bufts(ggml_backend_dev_t device) {
    device_ok(device, "ggml_backend_dev_get_extra_bufts");
    static ggml_backend_buffer_type_t none[1] = {nullptr};
    return none;
}

ggml_backend_feature* cpu_features(ggml_backend_reg_t reg) {
    reg_ok(reg, "ggml_backend_get_features");
    static ggml_backend_feature features[] = {
        {"AVX", ggml_cpu_has_avx() ? "1" : "0"},
        {"AVX2", ggml_cpu_has_avx2() ? "1" : "0"},
        {"FMA", ggml_cpu_has_fma() ? "1" : "0"},
        {"AVX512", ggml_cpu_has_avx512() ? "1" : "0"},
        {"AVX512_VNNI", ggml_cpu_has_avx512_vnni() ? "1" : "0"},
        {nullptr, nullptr},
    };
    return features;
}

}  // namespace

extern "C" {

/* ---- devices ---- */

const char* ggml_backend_dev_name(ggml_backend_dev_t device) { return device_ok(device, "ggml_backend_dev_name")->name; }

const char* ggml_backend_dev_description(ggml_backend_dev_t device) {
    device_ok(device, "ggml_backend_dev_description");
    return be::cpu_description();
}

void ggml_backend_dev_memory(ggml_backend_dev_t device, size_t* free, size_t* total) {
    guarded([&] {
        be::require_device(device, "ggml_backend_dev_memory");
        need(free, "ggml_backend_dev_memory", "free");
        need(total, "ggml_backend_dev_memory", "total");
    });
    be::system_memory(free, total);
}

enum ggml_backend_dev_type ggml_backend_dev_type(ggml_backend_dev_t device) {
    return device_ok(device, "ggml_backend_dev_type")->type;
}

void ggml_backend_dev_get_props(ggml_backend_dev_t device, ggml_backend_dev_props* props) {
    guarded([&] {
        be::require_device(device, "ggml_backend_dev_get_props");
        need(props, "ggml_backend_dev_get_props", "props");
    });
    std::memset(props, 0, sizeof *props);
    props->name = device->name;
    props->description = be::cpu_description();
    be::system_memory(&props->memory_free, &props->memory_total);
    props->type = device->type;
    props->device_id = nullptr;
    props->caps.async = false;
    props->caps.host_buffer = false;
    props->caps.buffer_from_host_ptr = true;
    props->caps.events = false;
}

ggml_backend_reg_t ggml_backend_dev_backend_reg(ggml_backend_dev_t device) {
    return device_ok(device, "ggml_backend_dev_backend_reg")->reg;
}

ggml_backend_t ggml_backend_dev_init(ggml_backend_dev_t device, const char* params) {
    (void)params;
    device_ok(device, "ggml_backend_dev_init");
    return ggml_backend_cpu_init();
}

ggml_backend_buffer_type_t ggml_backend_dev_buffer_type(ggml_backend_dev_t device) {
    device_ok(device, "ggml_backend_dev_buffer_type");
    return be::cpu_buffer_type();
}

ggml_backend_buffer_type_t ggml_backend_dev_host_buffer_type(ggml_backend_dev_t device) {
    device_ok(device, "ggml_backend_dev_host_buffer_type");
    return nullptr;
}

ggml_backend_buffer_t ggml_backend_dev_buffer_from_host_ptr(ggml_backend_dev_t device, void* ptr, size_t size,
                                                            size_t max_tensor_size) {
    (void)max_tensor_size;
    device_ok(device, "ggml_backend_dev_buffer_from_host_ptr");
    return guarded([&] { return be::buffer_from_ptr(ptr, size, "ggml_backend_dev_buffer_from_host_ptr"); });
}

bool ggml_backend_dev_supports_op(ggml_backend_dev_t device, const ggml_tensor* op) {
    device_ok(device, "ggml_backend_dev_supports_op");
    return cpu_supports_op(op, "ggml_backend_dev_supports_op");
}

bool ggml_backend_dev_supports_buft(ggml_backend_dev_t device, ggml_backend_buffer_type_t buft) {
    device_ok(device, "ggml_backend_dev_supports_buft");
    return cpu_supports_buft(buft, "ggml_backend_dev_supports_buft");
}

bool ggml_backend_dev_offload_op(ggml_backend_dev_t device, const ggml_tensor* op) {
    device_ok(device, "ggml_backend_dev_offload_op");
    guarded([&] { need(op, "ggml_backend_dev_offload_op", "op"); });
    return false;
}

/* ---- registries ---- */

const char* ggml_backend_reg_name(ggml_backend_reg_t reg) { return reg_ok(reg, "ggml_backend_reg_name")->name; }

size_t ggml_backend_reg_dev_count(ggml_backend_reg_t reg) {
    return reg_ok(reg, "ggml_backend_reg_dev_count")->n_devices;
}

ggml_backend_dev_t ggml_backend_reg_dev_get(ggml_backend_reg_t reg, size_t index) {
    reg_ok(reg, "ggml_backend_reg_dev_get");
    return guarded([&] {
        if (index >= reg->n_devices)
            lugh::core::fail("lugh: ggml_backend_reg_dev_get: index %zu, but registry %s has %zu device(s)", index,
                             reg->name, reg->n_devices);
        return &reg->devices[index];
    });
}

void* ggml_backend_reg_get_proc_address(ggml_backend_reg_t reg, const char* name) {
    reg_ok(reg, "ggml_backend_reg_get_proc_address");
    guarded([&] { need(name, "ggml_backend_reg_get_proc_address", "name"); });
    if (std::strcmp(name, "ggml_backend_set_n_threads") == 0)
        return reinterpret_cast<void*>(&ggml_backend_cpu_set_n_threads);
    if (std::strcmp(name, "ggml_backend_set_abort_callback") == 0)
        return reinterpret_cast<void*>(&ggml_backend_cpu_set_abort_callback);
    if (std::strcmp(name, "ggml_backend_dev_get_extra_bufts") == 0) return reinterpret_cast<void*>(&no_extra_bufts);
    if (std::strcmp(name, "ggml_backend_get_features") == 0) return reinterpret_cast<void*>(&cpu_features);
    return nullptr;
}

size_t ggml_backend_reg_count(void) { return 1; }

ggml_backend_reg_t ggml_backend_reg_get(size_t index) {
    return guarded([&] {
        if (index >= 1) lugh::core::fail("lugh: ggml_backend_reg_get: index %zu, but there is 1 registry", index);
        return be::cpu_reg();
    });
}

ggml_backend_reg_t ggml_backend_reg_by_name(const char* name) {
    guarded([&] { need(name, "ggml_backend_reg_by_name", "name"); });
    return strcasecmp(name, be::cpu_reg()->name) == 0 ? be::cpu_reg() : nullptr;
}

size_t ggml_backend_dev_count(void) { return be::cpu_reg()->n_devices; }

ggml_backend_dev_t ggml_backend_dev_get(size_t index) {
    return guarded([&] {
        const size_t n = be::cpu_reg()->n_devices;
        if (index >= n) lugh::core::fail("lugh: ggml_backend_dev_get: index %zu, but there are %zu device(s)", index, n);
        return &be::cpu_reg()->devices[index];
    });
}

ggml_backend_dev_t ggml_backend_dev_by_name(const char* name) {
    guarded([&] { need(name, "ggml_backend_dev_by_name", "name"); });
    return be::device_by_name(name);
}

ggml_backend_dev_t ggml_backend_dev_by_type(enum ggml_backend_dev_type type) {
    return be::device_by_type(checked_dev_type(type, "ggml_backend_dev_by_type"));
}

ggml_backend_t ggml_backend_init_by_name(const char* name, const char* params) {
    ggml_backend_dev_t device = ggml_backend_dev_by_name(name);
    return device ? ggml_backend_dev_init(device, params) : nullptr;
}

ggml_backend_t ggml_backend_init_by_type(enum ggml_backend_dev_type type, const char* params) {
    ggml_backend_dev_t device = ggml_backend_dev_by_type(type);
    return device ? ggml_backend_dev_init(device, params) : nullptr;
}

ggml_backend_t ggml_backend_init_best(void) {
    for (enum ggml_backend_dev_type type : {GGML_BACKEND_DEVICE_TYPE_GPU, GGML_BACKEND_DEVICE_TYPE_IGPU,
                                       GGML_BACKEND_DEVICE_TYPE_CPU})
        if (ggml_backend_dev_t device = be::device_by_type(type)) return ggml_backend_dev_init(device, nullptr);
    return nullptr;
}

ggml_backend_reg_t ggml_backend_load(const char* path) {
    guarded([&] { need(path, "ggml_backend_load", "path"); });
    lugh::capi::log_message(GGML_LOG_LEVEL_WARN,
                            "lugh: ggml_backend_load: %s not loaded: Lugh's only backend, the CPU's, is built in", path);
    return nullptr;
}

void ggml_backend_unload(ggml_backend_reg_t reg) { reg_ok(reg, "ggml_backend_unload"); }
void ggml_backend_load_all(void) {}
void ggml_backend_load_all_from_path(const char* dir_path) { (void)dir_path; }

ggml_backend_reg_t ggml_backend_cpu_reg(void) { return be::cpu_reg(); }

/* ---- a backend's device ---- */

ggml_backend_dev_t ggml_backend_get_device(ggml_backend_t backend) {
    guarded([&] { be::require_backend(backend, "ggml_backend_get_device"); });
    return be::cpu_device();
}

ggml_backend_dev_t ggml_backend_buft_get_device(ggml_backend_buffer_type_t buft) {
    guarded([&] { be::require_buft(buft, "ggml_backend_buft_get_device"); });
    return be::cpu_device();
}

bool ggml_backend_supports_op(ggml_backend_t backend, const ggml_tensor* op) {
    guarded([&] { be::require_backend(backend, "ggml_backend_supports_op"); });
    return cpu_supports_op(op, "ggml_backend_supports_op");
}

bool ggml_backend_supports_buft(ggml_backend_t backend, ggml_backend_buffer_type_t buft) {
    guarded([&] { be::require_backend(backend, "ggml_backend_supports_buft"); });
    return cpu_supports_buft(buft, "ggml_backend_supports_buft");
}

bool ggml_backend_offload_op(ggml_backend_t backend, const ggml_tensor* op) {
    guarded([&] {
        be::require_backend(backend, "ggml_backend_offload_op");
        need(op, "ggml_backend_offload_op", "op");
    });
    return false;
}

/* ---- events ---- */

ggml_backend_event_t ggml_backend_event_new(ggml_backend_dev_t device) {
    device_ok(device, "ggml_backend_event_new");
    auto* event = new (std::nothrow) ggml_backend_event();
    if (!event) return nullptr;
    event->device = device;
    event->magic = be::kEventMagic;
    return event;
}

void ggml_backend_event_free(ggml_backend_event_t event) {
    if (!event) return;
    guarded([&] { be::require_event(event, "ggml_backend_event_free"); });
    event->magic = 0;
    delete event;
}

void ggml_backend_event_record(ggml_backend_event_t event, ggml_backend_t backend) {
    guarded([&] {
        be::require_event(event, "ggml_backend_event_record");
        be::require_backend(backend, "ggml_backend_event_record");
    });
}

void ggml_backend_event_synchronize(ggml_backend_event_t event) {
    guarded([&] { be::require_event(event, "ggml_backend_event_synchronize"); });
}

void ggml_backend_event_wait(ggml_backend_t backend, ggml_backend_event_t event) {
    guarded([&] {
        be::require_backend(backend, "ggml_backend_event_wait");
        be::require_event(event, "ggml_backend_event_wait");
    });
}

}  // extern "C"
