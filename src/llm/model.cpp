// Loading a model: file, architecture, hyper-parameters, weights, checks.
#include "lugh/model.hpp"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <map>

#include "core/check.hpp"
#include "llm/arch.hpp"
#include "lugh/ops.hpp"

namespace lugh {

namespace {

using llm::ModelData;
using llm::WeightRole;

std::string shape_text(const std::vector<int64_t>& shape) {
    std::string s;
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? " x " : "") + std::to_string(shape[i]);
    return s;
}

// Shapes compare with trailing 1s ignored ([64, 1] is [64]).
bool same_shape(std::vector<int64_t> a, std::vector<int64_t> b) {
    while (a.size() > 1 && a.back() == 1) a.pop_back();
    while (b.size() > 1 && b.back() == 1) b.pop_back();
    return a == b;
}

// Which types the library's ops take for a role: asked of the op
// constructors themselves (on metadata-only tensors), so a type the library
// learns to multiply is accepted here without a change.
class TypeSupport {
public:
    bool supports(Type type, WeightRole role) {
        const auto key = std::make_pair(static_cast<int>(type), static_cast<int>(role));
        auto it = known_.find(key);
        if (it != known_.end()) return it->second;
        const bool ok = probe(type, role);
        known_[key] = ok;
        return ok;
    }

private:
    bool probe(Type type, WeightRole role) {
        if (role == WeightRole::Vector) return type == Type::F32;
        try {
            const int64_t n = block_size(type);
            Tensor w = Tensor::create(ctx_, type, {n, 2});
            Tensor x = Tensor::create(ctx_, Type::F32, {n, 1});
            if (role == WeightRole::Matrix) {
                ops::mul_mat(ctx_, w, x);
            } else {
                ops::get_rows(ctx_, w, Tensor::create(ctx_, Type::I32, {1}));
            }
            return true;
        } catch (const Error&) {
            return false;
        }
    }
    Context ctx_{ContextParams{1 << 20, nullptr, true}};
    std::map<std::pair<int, int>, bool> known_;
};

TypeSupport& type_support() {
    thread_local TypeSupport s;
    return s;
}

const char* role_name(WeightRole role) {
    switch (role) {
        case WeightRole::Matrix: return "a weight matrix";
        case WeightRole::Embedding: return "an embedding table";
        default: return "a norm or bias vector";
    }
}

std::string count_text(double n) {
    char buf[32];
    if (n >= 1e9) std::snprintf(buf, sizeof buf, "%.1fB", n / 1e9);
    else if (n >= 1e6) std::snprintf(buf, sizeof buf, "%.1fM", n / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0fK", n / 1e3);
    return buf;
}

std::shared_ptr<const ModelData> load_model(const std::string& path, const ModelParams& params) {
    if (params.load == gguf::Load::MetadataOnly)
        core::fail("lugh: model: %s: a model needs its weights; load it by Mmap or Copy", path.c_str());
    gguf::File file(path);
    if (!file.has_key("general.architecture"))
        core::fail("lugh: model: %s: the key 'general.architecture' is missing (is this a model file?)", path.c_str());
    HParams hp;
    hp.arch = file.get_string("general.architecture");
    const llm::Architecture* arch = llm::find_architecture(hp.arch);
    if (!arch) {
        std::string known;
        for (const auto& n : llm::architecture_names()) known += (known.empty() ? "" : ", ") + n;
        core::fail("lugh: model: %s: unknown architecture '%s' (general.architecture); this build runs: %s",
                   path.c_str(), hp.arch.c_str(), known.c_str());
    }
    hp.name = file.has_key("general.name") ? file.get_string("general.name") : "";
    arch->read_hparams(llm::KeyReader(file, hp.arch), hp);
    // A layer has at least a few tensors: a block count beyond what the file
    // holds is a contradiction, found before anything is sized by it.
    if (static_cast<size_t>(hp.n_layer) > file.tensors().size())
        core::fail("lugh: model: %s: %s.block_count is %" PRId64 " but the file holds only %zu tensors",
                   path.c_str(), hp.arch.c_str(), hp.n_layer, file.tensors().size());
    if (!file.has_tensor("token_embd.weight"))
        core::fail("lugh: model: %s: tensor 'token_embd.weight' is missing", path.c_str());
    const auto& embd = file.tensor("token_embd.weight");
    if (embd.shape.size() < 2 || embd.shape[1] < 1)
        core::fail("lugh: model: %s: tensor 'token_embd.weight' has shape %s; it must be [%" PRId64 ", n_vocab]",
                   path.c_str(), shape_text(embd.shape).c_str(), hp.n_embd);
    hp.n_vocab = embd.shape[1];
    const std::string vocab_key = hp.arch + ".vocab_size";
    if (file.has_key(vocab_key) && file.get_int(vocab_key) != hp.n_vocab)
        core::fail("lugh: model: %s: key '%s' is %" PRId64 " but token_embd.weight has %" PRId64 " rows", path.c_str(),
                   vocab_key.c_str(), file.get_int(vocab_key), hp.n_vocab);

    Context weights = file.load(params.load);
    auto m = std::make_shared<ModelData>(path, std::move(file), std::move(weights));
    m->hp = hp;
    m->arch = arch;
    m->w.layers.resize(static_cast<size_t>(hp.n_layer));
    llm::TensorBinder binder(m->file, m->weights_ctx);
    arch->bind_weights(binder, m->hp, m->w);
    if (!m->w.output.alive()) {
        // Tied embeddings: the output layer multiplies by the embedding table.
        if (!type_support().supports(m->w.tok_embd.type(), WeightRole::Matrix))
            core::fail("lugh: model: %s: tensor 'token_embd.weight' (%s) doubles as the output layer, but this "
                       "build cannot multiply %s matrices",
                       path.c_str(), type_name(m->w.tok_embd.type()), type_name(m->w.tok_embd.type()));
        m->w.output = m->w.tok_embd;
        m->hp.tied_output = true;
    }
    std::map<std::string, size_t> bytes_by_type;
    for (const auto& t : m->file.tensors()) {
        m->weight_bytes += t.nbytes;
        size_t n = 1;
        for (int64_t d : t.shape) n *= static_cast<size_t>(d);
        m->n_params += n;
        if (t.shape.size() >= 2) bytes_by_type[type_name(t.type)] += t.nbytes;
    }
    size_t most = 0;
    for (const auto& [type, bytes] : bytes_by_type)
        if (bytes > most) {
            most = bytes;
            m->main_type = type;
        }
    return m;
}

}  // namespace

namespace llm {

Tensor TensorBinder::require(const std::string& name, const std::vector<int64_t>& shape, WeightRole role) {
    if (!file_.has_tensor(name))
        core::fail("lugh: model: %s: tensor '%s' is missing (it should be %s of shape %s)", file_.path().c_str(),
                   name.c_str(), role_name(role), shape_text(shape).c_str());
    return optional(name, shape, role);
}

Tensor TensorBinder::optional(const std::string& name, const std::vector<int64_t>& shape, WeightRole role) {
    if (!file_.has_tensor(name)) return Tensor();
    const gguf::TensorInfo& info = file_.tensor(name);
    if (!same_shape(info.shape, shape))
        core::fail("lugh: model: %s: tensor '%s' has shape %s, but the hyper-parameters need %s",
                   file_.path().c_str(), name.c_str(), shape_text(info.shape).c_str(), shape_text(shape).c_str());
    if (!type_support().supports(info.type, role))
        core::fail("lugh: model: %s: tensor '%s' is %s, a type this build cannot use as %s", file_.path().c_str(),
                   name.c_str(), type_name(info.type), role_name(role));
    return weights_.get_tensor(name);
}

}  // namespace llm

Model::Model(const std::string& path, const ModelParams& params) : data_(load_model(path, params)) {}
Model::~Model() = default;
Model::Model(const Model&) = default;
Model& Model::operator=(const Model&) = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

namespace {
const ModelData& held(const std::shared_ptr<const ModelData>& d) {
    if (!d) core::fail("lugh: this Model was moved from");
    return *d;
}
}  // namespace

const HParams& Model::hparams() const { return held(data_).hp; }
const gguf::File& Model::file() const { return held(data_).file; }
const std::string& Model::path() const { return held(data_).path; }
size_t Model::weight_bytes() const { return held(data_).weight_bytes; }
size_t Model::n_params() const { return held(data_).n_params; }

std::string Model::describe() const {
    const ModelData& m = held(data_);
    std::string type = m.main_type;
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::toupper(c); });
    return m.hp.arch + " " + count_text(static_cast<double>(m.n_params)) + " " + type;
}

std::vector<std::string> Model::architectures() { return llm::architecture_names(); }

}  // namespace lugh
