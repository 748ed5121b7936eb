// Monotonic clocks for timing user code.
#include <chrono>
#include <ctime>

#include "lugh/ggml/ggml.h"

extern "C" {

void ggml_time_init(void) {}  // steady_clock needs no set-up; kept for ggml programs

int64_t ggml_time_ms(void) {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

int64_t ggml_time_us(void) {
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

int64_t ggml_cycles(void) { return static_cast<int64_t>(std::clock()); }

int64_t ggml_cycles_per_ms(void) { return CLOCKS_PER_SEC / 1000; }

}  // extern "C"
