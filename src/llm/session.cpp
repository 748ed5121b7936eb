// Session: batches over the KV cache, one graph per batch shape, reused.
#include "lugh/session.hpp"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstring>
#include <limits>
#include <optional>
#include <thread>

#include "core/check.hpp"
#include "llm/arch.hpp"
#include "llm/forward.hpp"
#include "llm/kv_cache.hpp"
#include "lugh/allocator.hpp"
#include "lugh/ggml/ggml.h"
#include "lugh/ggml/lugh-ggml-graph.h"
#include "lugh/graph.hpp"

namespace lugh {

namespace {

using llm::BatchShape;
using Clock = std::chrono::steady_clock;

// Attention reads the cache in steps of this many positions, so that one
// graph serves this many consecutive tokens (the rest are masked out).
constexpr int64_t kKvPad = 32;
constexpr int64_t kMaxCtx = int64_t{1} << 20;
constexpr int kMaxThreads = 512;
// A compute buffer larger than this and four times what the current graph needs is given back.
constexpr size_t kShrinkAbove = size_t{16} << 20;

int default_threads() {
    const unsigned hw = std::thread::hardware_concurrency();
    return static_cast<int>(std::clamp<unsigned>(hw, 1, 4));
}

void check_threads(int n, const char* caller) {
    if (n < 1 || n > kMaxThreads) core::fail("lugh: %s: n_threads must be 1..%d, got %d", caller, kMaxThreads, n);
}

SessionParams checked(const Model& model, SessionParams p) {
    if (p.n_ctx < 1 || p.n_ctx > kMaxCtx)
        core::fail("lugh: Session: n_ctx must be 1..%" PRId64 ", got %" PRId64, kMaxCtx, p.n_ctx);
    if (p.n_batch < 1) core::fail("lugh: Session: n_batch must be at least 1, got %" PRId64, p.n_batch);
    p.n_batch = std::min(p.n_batch, p.n_ctx);
    if (p.n_threads == 0) p.n_threads = default_threads();
    check_threads(p.n_threads, "Session");
    model.hparams();   // a moved-from Model throws here
    return p;
}

// The graph of one batch shape and the handles it is driven by.
struct BatchGraph {
    explicit BatchGraph(Context&& c) : ctx(std::move(c)) {}
    BatchShape shape;
    Context ctx;
    Graph graph;
    llm::BatchInputs in;
    Tensor logits;
};

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

struct Session::Impl {
    Model model;
    const llm::ModelData& m;
    SessionParams params;
    llm::KvCache kv;
    GraphAllocator planner;
    std::optional<BatchGraph> graph;
    std::vector<float> all_logits;   // every row of a decode(..., true)
    const float* logits = nullptr;   // the last decode's rows
    int64_t n_logits = 0;
    SessionTimings timings;

    Impl(const Model& model_, const SessionParams& p)
        : model(model_), m(*model.data()), params(checked(model_, p)), kv(m.hp, params.n_ctx, params.kv_type) {}

    BatchGraph& graph_for(const BatchShape& shape) {
        if (graph && graph->shape == shape) return *graph;
        build(shape);
        // The planner's buffer only grows. After a long prompt, generating
        // needs a fraction of it: a fresh planner, and the graph built again
        // on it (the tensors of a graph planned once keep their places), so
        // that tens of MB do not sit idle next to the weights.
        const size_t need = planner.last_plan().planned;
        if (planner.buffer_size() > kShrinkAbove && planner.buffer_size() > 4 * need) {
            planner = GraphAllocator();
            build(shape);
        }
        return *graph;
    }

    // Build and plan the graph of `shape` into the one graph context (its
    // records are reused after a reset).
    void build(const BatchShape& shape) {
        const size_t max_nodes = static_cast<size_t>(m.hp.n_layer) * 64 + 128;
        if (!graph)
            graph.emplace(Context(ContextParams{
                2 * max_nodes * ggml_tensor_overhead() + ggml_graph_overhead_custom(max_nodes, false), nullptr, true}));
        BatchGraph& g = *graph;
        g.shape = BatchShape{};   // not valid until the build is done
        g.ctx.reset();
        g.graph = Graph(g.ctx, max_nodes);
        llm::Forward f(g.ctx, m, kv, shape);
        g.logits = m.arch->build_forward(f);
        g.in = f.in;
        g.graph.build_forward(g.logits);
        planner.alloc_graph(g.graph);
        g.shape = shape;
        ++timings.n_graph_builds;
    }

    // Evaluate n tokens (n <= n_batch) at n_past.
    void run_batch(const int32_t* tokens, int64_t n, int64_t n_outputs) {
        const int64_t n_past = kv.n_past;
        const int64_t n_kv = std::min(kv.n_ctx(), (n_past + n + kKvPad - 1) / kKvPad * kKvPad);
        BatchGraph& g = graph_for(BatchShape{n, n_kv, n_outputs});
        std::memcpy(g.in.tokens.raw()->data, tokens, static_cast<size_t>(n) * sizeof(int32_t));
        auto* pos = static_cast<int32_t*>(g.in.positions.raw()->data);
        for (int64_t i = 0; i < n; ++i) pos[i] = static_cast<int32_t>(n_past + i);
        // Token i (at n_past + i) sees the positions up to its own.
        auto* mask = static_cast<float*>(g.in.kq_mask.raw()->data);
        const float ninf = -std::numeric_limits<float>::infinity();
        for (int64_t i = 0; i < n; ++i) {
            float* row = mask + i * n_kv;
            const int64_t visible = n_past + i + 1;
            std::fill(row, row + visible, 0.0f);
            std::fill(row + visible, row + n_kv, ninf);
        }
        g.graph.compute(g.ctx, params.n_threads);
        kv.n_past = n_past + n;
    }

    const float* decode(const int32_t* tokens, size_t count, bool want_all) {
        if (!tokens || count == 0) core::fail("lugh: Session::decode: no tokens to evaluate");
        const int64_t n = static_cast<int64_t>(count);
        for (int64_t i = 0; i < n; ++i)
            if (tokens[i] < 0 || tokens[i] >= m.hp.n_vocab)
                core::fail("lugh: Session::decode: token %" PRId64 " of the batch is %d, outside the vocabulary "
                           "(0..%" PRId64 ")",
                           i, tokens[i], m.hp.n_vocab - 1);
        if (n > kv.n_ctx() - kv.n_past)
            core::fail("lugh: Session::decode: %" PRId64 " tokens after the %" PRId64 " positions held need %" PRId64
                       " positions, but the context holds %" PRId64 " (n_ctx)",
                       n, kv.n_past, kv.n_past + n, kv.n_ctx());
        const auto t0 = Clock::now();
        const int64_t n_vocab = m.hp.n_vocab;
        const int64_t start = kv.n_past;
        logits = nullptr;
        n_logits = 0;
        if (want_all) all_logits.resize(static_cast<size_t>(n * n_vocab));
        try {
            for (int64_t done = 0; done < n;) {
                const int64_t len = std::min(params.n_batch, n - done);
                run_batch(tokens + done, len, want_all ? len : 1);
                const float* out = static_cast<const float*>(graph->logits.raw()->data);
                if (want_all) std::memcpy(all_logits.data() + done * n_vocab, out, sizeof(float) * len * n_vocab);
                else logits = out;
                done += len;
            }
        } catch (...) {
            kv.n_past = start;   // rows written past it are masked out and overwritten later
            throw;
        }
        if (want_all) logits = all_logits.data();
        n_logits = want_all ? n : 1;
        const double ms = ms_since(t0);
        if (n == 1) {
            ++timings.n_decode_tokens;
            timings.decode_ms += ms;
        } else {
            timings.n_prompt_tokens += n;
            timings.prompt_ms += ms;
        }
        return want_all ? logits + (n - 1) * n_vocab : logits;
    }
};

Session::Session(const Model& model, const SessionParams& params) : impl_(std::make_unique<Impl>(model, params)) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

Session::Impl& Session::self() const {
    if (!impl_) core::fail("lugh: this Session was moved from");
    return *impl_;
}

const float* Session::decode(const std::vector<int32_t>& tokens, bool all_logits) {
    return self().decode(tokens.data(), tokens.size(), all_logits);
}
const float* Session::decode(const int32_t* tokens, size_t n, bool all_logits) {
    return self().decode(tokens, n, all_logits);
}

const float* Session::logits(int64_t i) const {
    const Impl& s = self();
    const int64_t at = i < 0 ? s.n_logits + i : i;
    if (at < 0 || at >= s.n_logits)
        core::fail("lugh: Session::logits: row %" PRId64 " is out of range; the last decode kept %" PRId64 " row%s", i,
                   s.n_logits, s.n_logits == 1 ? "" : "s");
    return s.logits + at * s.m.hp.n_vocab;
}

int64_t Session::n_logits() const { return self().n_logits; }
int64_t Session::n_past() const { return self().kv.n_past; }
int64_t Session::n_ctx() const { return self().kv.n_ctx(); }
int64_t Session::n_vocab() const { return self().m.hp.n_vocab; }
int Session::n_threads() const { return self().params.n_threads; }
void Session::set_n_threads(int n_threads) {
    check_threads(n_threads, "Session::set_n_threads");
    self().params.n_threads = n_threads;
}

void Session::clear() {
    Impl& s = self();
    s.kv.n_past = 0;
    s.logits = nullptr;
    s.n_logits = 0;
}

void Session::truncate(int64_t n) {
    Impl& s = self();
    if (n < 0 || n > s.kv.n_past)
        core::fail("lugh: Session::truncate: %" PRId64 " is not in 0..%" PRId64 " (the positions held)", n, s.kv.n_past);
    s.kv.n_past = n;
    s.logits = nullptr;
    s.n_logits = 0;
}

size_t Session::kv_bytes() const { return self().kv.bytes(); }
size_t Session::compute_bytes() const { return self().planner.buffer_size(); }
const Model& Session::model() const { return self().model; }
const SessionParams& Session::params() const { return self().params; }
const SessionTimings& Session::timings() const { return self().timings; }
void Session::reset_timings() { self().timings = SessionTimings{}; }

int32_t argmax(const float* logits, int64_t n) {
    if (!logits || n < 1) core::fail("lugh: argmax: no logits");
    int64_t best = 0;
    for (int64_t i = 1; i < n; ++i)
        if (logits[i] > logits[best]) best = i;
    return static_cast<int32_t>(best);
}

}  // namespace lugh
