// lugh quantize IN OUT TYPE
//
// Matrices (2 or more dimensions) stored as F32, F16 or BF16 whose rows are a
// whole number of TYPE's blocks are converted; everything else (norm vectors,
// integer tensors, already quantized ones) is copied unchanged, straight from
// the input's mapping. Keys are copied, and general.file_type is set.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <memory>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "lugh/gguf.hpp"
#include "lugh/quant.hpp"
#include "output_file.hpp"

namespace lugh::tool {

namespace {

struct TargetType {
    const char* name;
    Type type;
    uint32_t file_type;   // the general.file_type number readers expect for this type
};

const TargetType kTargets[] = {
    {"f32", Type::F32, 0}, {"f16", Type::F16, 1}, {"q4_0", Type::Q4_0, 2}, {"q8_0", Type::Q8_0, 7}, {"bf16", Type::BF16, 32},
};

bool is_float(Type t) { return t == Type::F32 || t == Type::F16 || t == Type::BF16; }

int quantize(const std::vector<std::string>& args) {
    std::string in_path, out_path, type_name;
    ArgParser p("lugh quantize", "IN OUT TYPE",
                "Write OUT with IN's float matrices converted to TYPE (q8_0, q4_0, f16, bf16 or f32).");
    p.positional(&in_path, "IN", "the GGUF file to read");
    p.positional(&out_path, "OUT", "the GGUF file to write");
    p.positional(&type_name, "TYPE", "q8_0, q4_0, f16, bf16 or f32");
    if (!p.parse(args)) return 0;
    const TargetType* target = nullptr;
    for (const auto& t : kTargets)
        if (type_name == t.name) target = &t;
    if (!target) throw UsageError("unknown type '" + type_name + "' (q8_0, q4_0, f16, bf16 or f32)");
    refuse_same_file(in_path, out_path, "quantize");
    const gguf::File in(in_path);
    gguf::Writer out;
    out.copy_keys(in);
    out.set_u32("general.file_type", target->file_type);
    out.set_u32("general.quantization_version", 2);

    std::vector<std::unique_ptr<std::vector<unsigned char>>> converted;   // kept until written
    size_t bytes_in = 0, bytes_out = 0, n_converted = 0;
    for (const auto& t : in.tensors()) {
        try {
            const void* src = in.tensor_data(t.name);
            const int64_t row = t.shape[0];
            const bool convert = is_float(t.type) && t.shape.size() >= 2 && t.type != target->type && t.nbytes > 0 &&
                                 row % block_size(target->type) == 0;
            bytes_in += t.nbytes;
            if (!convert) {
                out.add_tensor(t.name, t.type, t.shape, src);
                bytes_out += t.nbytes;
                continue;
            }
            const int64_t n = static_cast<int64_t>(t.nbytes / type_size(t.type));
            const std::vector<float> values = quant::dequantize(t.type, src, n);
            converted.push_back(std::make_unique<std::vector<unsigned char>>(quant::quantize(target->type, values, row)));
            out.add_tensor(t.name, target->type, t.shape, converted.back()->data());
            bytes_out += converted.back()->size();
            ++n_converted;
        } catch (const std::exception& e) {
            // Whatever failed (out of memory included), say which tensor it was.
            const bool oom = dynamic_cast<const std::bad_alloc*>(&e) != nullptr;
            const char* why = oom ? "out of memory" : e.what();
            if (!std::strncmp(why, "lugh: ", 6)) why += 6;
            throw Error("lugh: quantize: tensor '" + t.name + "' (" + std::to_string(t.nbytes) + " bytes): " + why);
        }
    }
    out.write(out_path);
    std::printf("%s -> %s: %zu of %zu tensors converted to %s; tensor data %.2f MiB -> %.2f MiB\n", in_path.c_str(),
                out_path.c_str(), n_converted, in.tensors().size(), target->name, bytes_in / 1048576.0,
                bytes_out / 1048576.0);
    return 0;
}

}  // namespace

LUGH_COMMAND(quantize, "quantize", "convert a GGUF file's float matrices to another weight type", quantize);

}  // namespace lugh::tool
