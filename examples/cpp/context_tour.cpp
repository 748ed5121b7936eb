// The seed's Lugh::Context page, in C++: arena, tensors, usage, errors.
#include <cstdio>

#include <lugh/lugh.hpp>

int main() {
    // Create a context with 16 MB of memory
    lugh::Context ctx(16 * 1024 * 1024);
    std::printf("context_tour: arena %zu bytes, used %zu\n", ctx.mem_size(), ctx.mem_used());

    // Create tensors in this context
    auto a = lugh::Tensor::new_f32(ctx, {1024});
    auto b = lugh::Tensor::new_f32(ctx, {1024});
    std::printf("context_tour: after two 1024-element tensors: used %zu\n", ctx.mem_used());

    std::vector<float> values(1024);
    for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
    a.set_f32(values);
    b.fill(2.0f);
    std::printf("context_tour: a[10] = %.1f, b[10] = %.1f, shape of a: [%lld], type %s\n", a.get_f32()[10],
                b.get_f32_1d(10), static_cast<long long>(a.shape()[0]), lugh::type_name(a.type()));

    // The F32 shapes of the seed's table: metadata only, so nothing big is allocated.
    lugh::Context meta(lugh::ContextParams{1024 * 1024, nullptr, true});
    for (auto dims : {std::vector<int64_t>{100}, {100, 200}, {100, 200, 300}, {100, 200, 300, 400}}) {
        auto t = lugh::Tensor::new_f32(meta, dims);
        std::printf("context_tour: %d dims, %lld elements, %zu bytes\n", t.n_dims(),
                    static_cast<long long>(t.nelements()), t.nbytes());
    }

    // Errors are exceptions that leave the context usable.
    try {
        a.set_f32({1.0f, 2.0f});
    } catch (const lugh::Error& e) {
        std::printf("context_tour: caught: %s\n", e.what());
    }
    try {
        lugh::Tensor::new_f32(ctx, {1 << 30});
    } catch (const lugh::Error& e) {
        std::printf("context_tour: caught: %s\n", e.what());
    }

    // A tensor outliving its context is detected, not undefined behaviour.
    lugh::Tensor orphan;
    {
        lugh::Context scratch(1024 * 1024);
        orphan = lugh::Tensor::new_f32(scratch, {10});
    }  // scratch's arena is freed here
    try {
        orphan.get_f32();
    } catch (const lugh::Error& e) {
        std::printf("context_tour: caught: %s\n", e.what());
    }
    return 0;
}
