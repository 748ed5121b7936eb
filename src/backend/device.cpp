#include "backend/device.hpp"

#include <strings.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "core/check.hpp"

namespace lugh::backend {

namespace {

ggml_backend_device g_cpu_device{"CPU", GGML_BACKEND_DEVICE_TYPE_CPU, nullptr};
ggml_backend_reg g_cpu_reg{"CPU", &g_cpu_device, 1};

// "model name : Intel(R) Xeon(R) ..." from /proc/cpuinfo.
std::string read_cpu_model() {
    std::FILE* f = std::fopen("/proc/cpuinfo", "r");
    if (!f) return "CPU";
    std::string model = "CPU";
    char line[512];
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, "model name", 10) != 0) continue;
        const char* colon = std::strchr(line, ':');
        if (!colon) break;
        std::string value(colon + 1);
        const size_t first = value.find_first_not_of(" \t");
        const size_t last = value.find_last_not_of(" \t\r\n");
        if (first != std::string::npos && last != std::string::npos) model = value.substr(first, last - first + 1);
        break;
    }
    std::fclose(f);
    return model;
}

}  // namespace

ggml_backend_reg* cpu_reg() {
    g_cpu_device.reg = &g_cpu_reg;   // set here: a static initializer could run after a caller's
    return &g_cpu_reg;
}

ggml_backend_device* cpu_device() {
    cpu_reg();
    return &g_cpu_device;
}

void require_reg(const ggml_backend_reg* reg, const char* caller) {
    if (!reg) core::fail("lugh: %s: reg is NULL", caller);
    if (reg != &g_cpu_reg) core::fail("lugh: %s: reg %p is not a registry of Lugh's", caller, (const void*)reg);
}

void require_device(const ggml_backend_device* device, const char* caller) {
    if (!device) core::fail("lugh: %s: device is NULL", caller);
    if (device != &g_cpu_device) core::fail("lugh: %s: device %p is not a device of Lugh's", caller, (const void*)device);
}

void require_event(const ggml_backend_event* event, const char* caller) {
    if (!event) core::fail("lugh: %s: event is NULL", caller);
    if (event->magic != kEventMagic) core::fail("lugh: %s: event %p has been freed", caller, (const void*)event);
}

const char* cpu_description() {
    static const std::string model = read_cpu_model();
    return model.c_str();
}

void system_memory(size_t* free, size_t* total) {
    const long page = sysconf(_SC_PAGESIZE);
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long avail = sysconf(_SC_AVPHYS_PAGES);
    *total = page > 0 && pages > 0 ? static_cast<size_t>(pages) * static_cast<size_t>(page) : 0;
    *free = page > 0 && avail > 0 ? static_cast<size_t>(avail) * static_cast<size_t>(page) : 0;
}

ggml_backend_device* device_by_name(const char* name) {
    ggml_backend_reg* reg = cpu_reg();
    for (size_t i = 0; i < reg->n_devices; ++i)
        if (strcasecmp(reg->devices[i].name, name) == 0) return &reg->devices[i];
    return nullptr;
}

ggml_backend_device* device_by_type(enum ggml_backend_dev_type type) {
    ggml_backend_reg* reg = cpu_reg();
    for (size_t i = 0; i < reg->n_devices; ++i)
        if (reg->devices[i].type == type) return &reg->devices[i];
    return nullptr;
}

}  // namespace lugh::backend
