// Lugh's side of the comparison with llama.cpp (bench/llamacpp/run.sh): every
// matrix of a GGUF model (but the token embeddings, which generation reads
// one row of) times one F32 vector, as one graph, which is the weight
// traffic of generating one token; or times N vectors, the products of a
// prompt of N tokens. Prints the CPU seconds per pass, so that a busy
// machine's waiting is not counted (llama.cpp is timed the same way), the
// weight bytes, and the CPU seconds this thread takes to read as many bytes
// of memory (after each pass, from a buffer of at least 1 GiB read in turn,
// so never cached): the same-run read reference.
//
//   lugh_model_matvec THREADS PASSES MODEL.gguf [N]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <vector>

#include "../bench_support.hpp"
#include "lugh/ggml/ggml-cpu.h"
#include "lugh/ggml/ggml.h"
#include "lugh/ggml/gguf.h"

namespace {

// Reads the next `bytes` of a buffer at least twice that size and 1 GiB, in
// turn, so that no slice is still in a cache when it is read again.
class ReadProbe {
public:
    explicit ReadProbe(size_t bytes) : slice_(bytes / sizeof(uint64_t)) {
        const size_t n = std::max(2 * slice_, (size_t(1) << 30) / sizeof(uint64_t));
        buf_.assign(n, 1);
    }
    // CPU seconds to read the next slice.
    double time_slice() {
        if (at_ + slice_ > buf_.size()) at_ = 0;
        const double t0 = lugh::bench::process_cpu_seconds();
        sink_ += std::accumulate(buf_.begin() + static_cast<ptrdiff_t>(at_),
                                 buf_.begin() + static_cast<ptrdiff_t>(at_ + slice_), uint64_t(0));
        at_ += slice_;
        return lugh::bench::process_cpu_seconds() - t0;
    }

private:
    std::vector<uint64_t> buf_;
    size_t slice_, at_ = 0;
    volatile uint64_t sink_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4 && argc != 5) {
        std::fprintf(stderr, "usage: lugh_model_matvec THREADS PASSES MODEL.gguf [N]\n");
        return 2;
    }
    const int threads = std::atoi(argv[1]), passes = std::atoi(argv[2]);
    const int64_t n = argc == 5 ? std::atoll(argv[4]) : 1;
    if (threads < 1 || passes < 1 || n < 1 || n > 4096) {
        std::fprintf(stderr, "lugh_model_matvec: THREADS and PASSES must be positive, N 1..4096\n");
        return 2;
    }
    ggml_context* weights = nullptr;
    gguf_context* file = lugh_gguf_init_from_file_mmap(argv[3], &weights);
    if (!file) {
        std::fprintf(stderr, "lugh_model_matvec: cannot load %s\n", argv[3]);
        return 1;
    }
    std::vector<ggml_tensor*> matrices;
    size_t weight_bytes = 0;
    for (int64_t i = 0; i < gguf_get_n_tensors(file); ++i) {
        const char* name = gguf_get_tensor_name(file, i);
        ggml_tensor* w = ggml_get_tensor(weights, name);
        if (!w || ggml_n_dims(w) != 2 || std::strcmp(name, "token_embd.weight") == 0) continue;
        matrices.push_back(w);
        weight_bytes += ggml_nbytes(w);
    }
    ggml_context* ctx = ggml_init({(size_t(64) << 20) + size_t(n) * (size_t(1) << 20), nullptr, false});
    ggml_cgraph* graph = ggml_new_graph(ctx);
    for (ggml_tensor* w : matrices) {
        ggml_tensor* x = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, w->ne[0], n);
        lugh::bench::fill_uniform(static_cast<float*>(x->data), static_cast<size_t>(w->ne[0] * n), 7, 1.0f);
        ggml_build_forward_expand(graph, ggml_mul_mat(ctx, w, x));
    }
    ggml_cplan plan = ggml_graph_plan(graph, threads, nullptr);
    std::vector<uint8_t> work(plan.work_size + 64);
    plan.work_data = work.data();
    ggml_graph_compute(graph, &plan);   // warm up: the pool, the mapped pages
    ReadProbe probe(weight_bytes);
    double compute_cpu = 0, read_cpu = 0;
    for (int p = 0; p < passes; ++p) {
        const double cpu0 = lugh::bench::process_cpu_seconds();
        ggml_graph_compute(graph, &plan);
        compute_cpu += lugh::bench::process_cpu_seconds() - cpu0;
        read_cpu += probe.time_slice();
    }
    std::printf("%s %.4e %zu %.4e\n", argv[3], compute_cpu / passes, weight_bytes, read_cpu / passes);
    ggml_free(ctx);
    gguf_free(file);
    ggml_free(weights);
    return 0;
}
