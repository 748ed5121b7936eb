// graph_add.cpp - the seed's low-level example with the C++ API:
// two vectors, ops::add, a Graph, a 4-thread compute.
#include <cstdio>
#include <vector>

#include <lugh/lugh.hpp>

int main() {
    lugh::Context ctx(10 * 1024 * 1024);
    auto a = lugh::Tensor::new_f32(ctx, {1000});
    auto b = lugh::Tensor::new_f32(ctx, {1000});
    std::vector<float> va(1000), vb(1000);
    for (int i = 0; i < 1000; ++i) {
        va[i] = static_cast<float>(i);
        vb[i] = 0.5f * static_cast<float>(i);
    }
    a.set_f32(va);
    b.set_f32(vb);

    auto c = lugh::ops::add(ctx, a, b);   // a node: computed by the graph
    lugh::Graph graph(ctx);
    graph.build_forward(c);
    graph.compute(ctx, 4);                // 4 threads

    std::vector<float> result = c.get_f32();
    std::printf("graph: %d node(s)\n", graph.n_nodes());
    std::printf("c[0] = %g, c[1] = %g, c[999] = %g\n", result[0], result[1], result[999]);
    return result[999] == 1498.5f ? 0 : 1;
}
