// The three context roles of the seed, in C++:
//   weights  - long-lived, metadata-only, data in a lugh::Buffer;
//   compute  - metadata-only, reset and rebuilt each step, planned by a lugh::GraphAllocator;
//   scratch  - an ordinary context emptied with reset() and used again.
#include <cstdio>
#include <vector>

#include <lugh/ggml/ggml.h>
#include <lugh/lugh.hpp>

int main() {
    constexpr int64_t n_embd = 64, n_ff = 256;
    constexpr int n_layers = 6;
    lugh::Backend cpu(2);

    // Weights: one record per tensor in the arena, the data in one buffer.
    lugh::Context weights(lugh::ContextParams{2 * n_layers * lugh::Context::tensor_overhead(), nullptr, true});
    std::vector<lugh::Tensor> up, down;
    for (int l = 0; l < n_layers; ++l) {
        up.push_back(lugh::Tensor::new_f32(weights, {n_embd, n_ff}));
        down.push_back(lugh::Tensor::new_f32(weights, {n_ff, n_embd}));
    }
    lugh::Buffer weight_data = lugh::alloc_tensors(weights, cpu);
    std::vector<float> w(n_embd * n_ff);
    for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(static_cast<int>(i * 7 % 13) - 6) / 256.0f;
    for (int l = 0; l < n_layers; ++l) {
        up[l].set_f32(w);
        down[l].set_f32(w);
    }
    std::printf("backend_context_roles: weights: %zu bytes of metadata, %zu bytes of data in buffer '%s'\n",
                weights.mem_used(), weight_data.size(), weight_data.name().c_str());

    // Compute: rebuilt every step, one planned buffer reused.
    lugh::Context compute(lugh::ContextParams{4 * 1024 * 1024, nullptr, true});
    lugh::GraphAllocator planner;
    for (int step = 0; step < 3; ++step) {
        compute.reset();
        auto x = lugh::Tensor::new_f32(compute, {n_embd});
        ggml_set_input(x.raw());
        lugh::Tensor cur = x;
        for (int l = 0; l < n_layers; ++l) {
            auto h = lugh::ops::relu(compute, lugh::ops::mul_mat(compute, up[l], cur));
            cur = lugh::ops::add(compute, lugh::ops::mul_mat(compute, down[l], h), cur);
        }
        ggml_set_output(cur.raw());
        lugh::Graph graph(compute);
        graph.build_forward(cur);
        planner.alloc_graph(graph);
        std::vector<float> in(n_embd);
        for (int64_t i = 0; i < n_embd; ++i) in[i] = static_cast<float>(i % 5 + step) / 8.0f;
        x.set_f32(in);
        cpu.compute(graph);
        const lugh::PlanFigures f = planner.last_plan();
        std::printf("backend_context_roles: compute step %d: %d nodes, buffer %zu bytes (lower bound %zu, no reuse %zu), "
                    "out[0] = %.4f\n",
                    step, graph.n_nodes(), planner.buffer_size(), f.lower_bound, f.sum_of_tensors, cur.get_f32_1d(0));
    }

    // Scratch: data in the arena, emptied with reset() between uses.
    lugh::Context scratch(1024 * 1024);
    for (int round = 0; round < 2; ++round) {
        scratch.reset();
        auto t = lugh::Tensor::new_f32(scratch, {1000});
        t.fill(static_cast<float>(round));
        std::printf("backend_context_roles: scratch round %d: %zu bytes used, t[999] = %.1f\n", round,
                    scratch.mem_used(), t.get_f32_1d(999));
    }
    return 0;
}
