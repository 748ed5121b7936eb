// Devices and registries (ggml_backend_dev_*, ggml_backend_reg_*): Lugh has
// one registry, "CPU", holding one device, "CPU". Both are static objects,
// so their handles are valid for the whole program.
//
// `struct ggml_backend_device`, `struct ggml_backend_reg` and
// `struct ggml_backend_event` are the C API's opaque types; Lugh defines them here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lugh/ggml/ggml-backend.h"

struct ggml_backend_device {
    const char* name;                 // "CPU"
    enum ggml_backend_dev_type type;
    ggml_backend_reg* reg;
};

struct ggml_backend_reg {
    const char* name;                 // "CPU"
    ggml_backend_device* devices;
    size_t n_devices;
};

struct ggml_backend_event {
    ggml_backend_device* device = nullptr;
    uint32_t magic = 0;               // kEventMagic while alive
};

namespace lugh::backend {

constexpr uint32_t kEventMagic = 0x4c554556;   // "LUEV"

ggml_backend_reg* cpu_reg();
ggml_backend_device* cpu_device();

// Throw unless the handle is the registry's / a device Lugh made / a live event.
void require_reg(const ggml_backend_reg* reg, const char* caller);
void require_device(const ggml_backend_device* device, const char* caller);
void require_event(const ggml_backend_event* event, const char* caller);

// The processor's model name ("CPU" when /proc/cpuinfo does not say), read once.
const char* cpu_description();
// System memory in bytes (0, 0 when unknown).
void system_memory(size_t* free, size_t* total);

// The device named name (any case), or nullptr.
ggml_backend_device* device_by_name(const char* name);
// The first device of type, or nullptr (type checked by the caller).
ggml_backend_device* device_by_type(enum ggml_backend_dev_type type);

}  // namespace lugh::backend
