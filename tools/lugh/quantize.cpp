// lugh quantize IN OUT TYPE
//
// TYPE is a weight type, every matrix converted to it (as llama-quantize
// --pure does), or one of llama.cpp's mixtures q4_k_m, q5_k_m, q6_k, which
// give some tensors more bits. Which tensors convert, to what, and in which
// order they are written are llama-quantize's choices (lugh/quant_recipe.hpp),
// so the file holds the same tensor bytes as llama.cpp's. Tensors that stay
// (norm vectors, integer and already quantized tensors, empty ones) are copied
// unchanged from the input's mapping. Keys are copied; general.file_type and
// general.quantization_version are set.
#include <algorithm>
#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <new>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "lugh/error.hpp"
#include "lugh/gguf.hpp"
#include "lugh/quant.hpp"
#include "lugh/quant_recipe.hpp"
#include "output_file.hpp"
#include "progress.hpp"

namespace lugh::tool {

namespace {

bool is_float(Type t) { return t == Type::F32 || t == Type::F16 || t == Type::BF16; }

int64_t elements(const gguf::TensorInfo& t) {
    int64_t n = 1;
    for (int64_t d : t.shape) n *= d;
    return n;
}

std::string type_list() {
    std::string s;
    for (const quant::Recipe& r : quant::recipes()) s += (s.empty() ? "" : ", ") + std::string(r.name);
    return s;
}

// Converts the float tensor t to `to` on `threads` threads (rows split in
// pieces; every row is converted by the same code whatever the split, so the
// bytes do not depend on the thread count). Progress counts elements.
class Converter {
public:
    Converter(int threads, Progress& bar) : threads_(threads), bar_(bar) {}

    std::vector<unsigned char> convert(const gguf::TensorInfo& t, const void* src, Type to) {
        const int64_t row = t.shape[0], n = elements(t), nrows = n / row;
        const std::vector<float> values = quant::dequantize(t.type, src, n);
        const int64_t bad = is_quantized(to) ? quant::find_non_finite(values.data(), n) : -1;
        if (bad >= 0) {   // named here with the tensor; lugh::quant::quantize would refuse it too
            const float v = values[static_cast<size_t>(bad)];
            throw Error("lugh: quantize: tensor '" + t.name + "': row " + std::to_string(bad / row) + ", element " +
                        std::to_string(bad % row) + " is " + (v != v ? "NaN" : v > 0 ? "+inf" : "-inf") + "; " +
                        type_name(to) + " cannot store NaN or infinity");
        }
        std::vector<unsigned char> out(row_size(to, row) * static_cast<size_t>(nrows));
        const int64_t piece = std::max<int64_t>(1, (1 << 16) / row);   // rows per piece: about 64K elements
        std::atomic<int64_t> next{0}, rows_done{0};
        std::mutex failure_mutex;
        std::exception_ptr failure;
        auto work = [&](bool report) {   // only the calling thread draws the bar
            try {
                for (int64_t r0; (r0 = next.fetch_add(piece)) < nrows;) {
                    const int64_t r1 = std::min(nrows, r0 + piece);
                    quant::quantize(to, values.data() + r0 * row, out.data() + row_size(to, row) * r0, r1 - r0, row);
                    rows_done += r1 - r0;
                    if (report) bar_.update(done_ + static_cast<uint64_t>(rows_done.load() * row), t.name);
                }
            } catch (...) {
                const std::lock_guard<std::mutex> lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                next = nrows;   // stop the others
            }
        };
        std::vector<std::thread> helpers;
        for (int i = 1; i < threads_ && i * piece < nrows; ++i) helpers.emplace_back(work, false);
        work(true);
        for (auto& h : helpers) h.join();
        if (failure) {
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& e) {
                throw Error("lugh: quantize: tensor '" + t.name + "': " + e.what());
            }
        }
        done_ += static_cast<uint64_t>(n);
        bar_.update(done_, t.name);
        return out;
    }

private:
    int threads_;
    Progress& bar_;
    uint64_t done_ = 0;
};

int quantize(const std::vector<std::string>& args) {
    std::string in_path, out_path, type_name_arg;
    int64_t threads = std::max(1u, std::thread::hardware_concurrency());
    ArgParser p("lugh quantize", "IN OUT TYPE [options]",
                "Write OUT with IN's float matrices converted to TYPE, choosing and ordering tensors as llama.cpp's "
                "llama-quantize does: a weight type converts every matrix (like its --pure), the mixtures q4_k_m, "
                "q5_k_m and q6_k give the output matrix and some attn_v / ffn_down layers more bits.");
    p.positional(&in_path, "IN", "the GGUF file to read");
    p.positional(&out_path, "OUT", "the GGUF file to write");
    p.positional(&type_name_arg, "TYPE", ("one of " + type_list()).c_str());
    p.integer(&threads, "-t,--threads", "N", "threads converting each tensor", 1, 1024);
    if (!p.parse(args)) return 0;
    const quant::Recipe* recipe = quant::find_recipe(type_name_arg);
    if (!recipe) throw UsageError("unknown type '" + type_name_arg + "' (" + type_list() + ")");
    refuse_same_file(in_path, out_path, "quantize");

    const gguf::File in(in_path);
    const std::vector<gguf::TensorInfo>& tensors = in.tensors();
    const std::vector<Type> plan = quant::plan(*recipe, quant::model_info(in), tensors);
    gguf::Writer out;
    out.copy_keys(in);
    out.set_u32("general.quantization_version", 2);
    out.set_u32("general.file_type", recipe->file_type);

    uint64_t to_convert = 0;
    for (size_t i = 0; i < tensors.size(); ++i)
        if (plan[i] != tensors[i].type && is_float(tensors[i].type)) to_convert += static_cast<uint64_t>(elements(tensors[i]));
    Progress bar("quantizing", to_convert);
    Converter converter(static_cast<int>(threads), bar);

    std::vector<std::vector<unsigned char>> converted;   // kept until written
    converted.reserve(tensors.size());
    std::map<std::string, int> converted_per_type;
    size_t bytes_in = 0, bytes_out = 0, kept_quantized = 0;
    for (size_t i : quant::llama_order(tensors)) {
        const gguf::TensorInfo& t = tensors[i];
        try {
            const void* src = t.nbytes ? in.tensor_data(t.name) : nullptr;
            bytes_in += t.nbytes;
            if (plan[i] == t.type || !is_float(t.type) || t.nbytes == 0) {
                if (plan[i] != t.type && t.nbytes) ++kept_quantized;   // llama.cpp would re-quantize: Lugh does not
                out.add_tensor(t.name, t.type, t.shape, src);
                bytes_out += t.nbytes;
                continue;
            }
            converted.push_back(converter.convert(t, src, plan[i]));
            out.add_tensor(t.name, plan[i], t.shape, converted.back().data());
            bytes_out += converted.back().size();
            ++converted_per_type[type_name(plan[i])];
        } catch (const std::exception& e) {
            // Whatever failed (out of memory included), say which tensor it was.
            const bool oom = dynamic_cast<const std::bad_alloc*>(&e) != nullptr;
            const char* why = oom ? "out of memory" : e.what();
            if (!std::strncmp(why, "lugh: ", 6)) why += 6;
            throw Error("lugh: quantize: tensor '" + t.name + "' (" + std::to_string(t.nbytes) + " bytes): " + why);
        }
    }
    bar.finish();
    out.write(out_path);

    std::string types;
    size_t n_converted = 0;
    for (const auto& [name, count] : converted_per_type) {
        types += (types.empty() ? "" : ", ") + name + " " + std::to_string(count);
        n_converted += static_cast<size_t>(count);
    }
    std::printf("%s -> %s (%s): %zu of %zu tensors converted%s%s; tensor data %.2f MiB -> %.2f MiB\n",
                in_path.c_str(), out_path.c_str(), recipe->name, n_converted, tensors.size(),
                types.empty() ? "" : (" (" + types + ")").c_str(),
                kept_quantized ? (", " + std::to_string(kept_quantized) + " quantized tensors kept as they were").c_str()
                               : "",
                bytes_in / 1048576.0, bytes_out / 1048576.0);
    return 0;
}

}  // namespace

LUGH_COMMAND(quantize, "quantize", "convert a GGUF file's float matrices to a weight type or llama.cpp mixture",
             quantize);

}  // namespace lugh::tool
