// A C++ program using Lugh's C++ API (and the C API on the same objects),
// built against an installed Lugh.
#include <cstdio>

#include <lugh/lugh.hpp>

#include "ggml.h"

int main() {
    lugh::Context ctx(1024 * 1024);
    auto t = lugh::Tensor::new_f32(ctx, {3, 2});
    t.set_f32({1, 2, 3, 4, 5, 6});
    float sum = 0.0f;
    for (float v : t.get_f32()) sum += v;
    std::printf("use_lugh: %d dims, %lld elements, type %s, sum %.1f\n", t.n_dims(),
                static_cast<long long>(t.nelements()), lugh::type_name(t.type()), sum);
    std::printf("use_lugh: ggml_nbytes of the same tensor: %zu\n", ggml_nbytes(t.raw()));

    // Exceptions thrown inside the library reach the caller.
    try {
        t.set_f32({1.0f});
        std::printf("use_lugh: no error for a wrong number of values\n");
        return 1;
    } catch (const lugh::Error&) {
        std::printf("use_lugh: lugh::Error caught, tensor still usable: %.1f\n", t.get_f32_1d(5));
    }
    return 0;
}
