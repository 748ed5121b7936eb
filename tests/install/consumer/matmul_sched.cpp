// The same matrix product the way ggml's simple-backend example computes it:
// the log callback, the device registry (load_all, init_best, init_by_type),
// a scheduler over two backends, a metadata-only context in the caller's
// memory freed before the compute, on a worker thread. The smart pointers
// of ggml-cpp.h own the backends.
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "ggml.h"
#include "ggml-alloc.h"
#include "ggml-backend.h"
#include "ggml-cpp.h"

namespace {

const int kRowsA = 4, kColsA = 2, kRowsB = 3, kColsB = 2;
const float kA[kRowsA * kColsA] = {1, 2, 3, 4, 5, 6, 7, 8};
const float kB[kRowsB * kColsB] = {1, 0, 0, 1, 2, -1};

int g_log_lines = 0;

void count_log(ggml_log_level level, const char* text, void* user_data) {
    (void)level;
    ++*static_cast<int*>(user_data);
    std::fputs(text, stderr);
}

int run() {
    ggml_log_set(count_log, &g_log_lines);
    ggml_backend_load_all();
    ggml_backend_ptr best(ggml_backend_init_best());
    ggml_backend_ptr cpu(ggml_backend_init_by_type(GGML_BACKEND_DEVICE_TYPE_CPU, nullptr));
    if (!best || !cpu) return 1;
    ggml_backend_t backends[2] = {best.get(), cpu.get()};
    ggml_backend_sched_ptr sched(ggml_backend_sched_new(backends, nullptr, 2, GGML_DEFAULT_GRAPH_SIZE, false, true));

    // The graph's metadata in our memory; the context goes before the compute.
    std::vector<uint8_t> meta(ggml_tensor_overhead() * GGML_DEFAULT_GRAPH_SIZE + ggml_graph_overhead());
    ggml_init_params params = {meta.size(), meta.data(), true};
    ggml_context* ctx = ggml_init(params);
    ggml_cgraph* gf = ggml_new_graph(ctx);
    ggml_tensor* a = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, kColsA, kRowsA);
    ggml_tensor* b = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, kColsB, kRowsB);
    ggml_build_forward_expand(gf, ggml_mul_mat(ctx, a, b));
    ggml_free(ctx);

    ggml_backend_sched_reset(sched.get());
    if (!ggml_backend_sched_alloc_graph(sched.get(), gf)) return 1;
    ggml_backend_tensor_set(a, kA, 0, ggml_nbytes(a));
    ggml_backend_tensor_set(b, kB, 0, ggml_nbytes(b));
    if (ggml_backend_sched_graph_compute(sched.get(), gf) != GGML_STATUS_SUCCESS) return 1;

    ggml_tensor* result = ggml_graph_node(gf, -1);
    std::vector<float> out(static_cast<size_t>(ggml_nelements(result)));
    ggml_backend_tensor_get(result, out.data(), 0, ggml_nbytes(result));
    std::printf("matmul: mul mat (%d x %d) (transposed result):\nmatmul: [", (int)result->ne[0], (int)result->ne[1]);
    for (int j = 0; j < result->ne[1]; ++j) {
        if (j > 0) std::printf("\nmatmul: ");
        for (int i = 0; i < result->ne[0]; ++i) std::printf(" %.2f", out[static_cast<size_t>(j * result->ne[0] + i)]);
    }
    std::printf(" ]\n");
    // Nothing went wrong, so nothing was logged.
    return g_log_lines == 0 ? 0 : 1;
}

}  // namespace

int main() {
    int status = 1;
    std::thread worker([&status] { status = run(); });
    worker.join();
    return status;
}
