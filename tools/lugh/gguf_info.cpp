// lugh gguf-info FILE
//
// Every string from the file (keys, values, tensor names) is printed through
// printable(): a hostile file cannot send escape sequences to the terminal.
#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "args.hpp"
#include "command.hpp"
#include "lugh/gguf.hpp"
#include "model_summary.hpp"
#include "printable.hpp"

namespace lugh::tool {

namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
    std::string s;
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? " x " : "") + std::to_string(shape[i]);
    return s;
}

std::string type_text(const gguf::File& f, const std::string& key) {
    const gguf::ValueType t = f.type(key);
    if (t != gguf::ValueType::Array) return gguf::value_type_name(t);
    return std::string("arr[") + gguf::value_type_name(f.array_type(key)) + "]";
}

int gguf_info(const std::vector<std::string>& args) {
    std::string path;
    ArgParser p("lugh gguf-info", "FILE", "Print a GGUF file's header, every key and a table of its tensors.");
    p.positional(&path, "FILE", "the GGUF file");
    if (!p.parse(args)) return 0;
    const gguf::File f(path);
    std::printf("file:        %s\n", printable(f.path()).c_str());
    std::printf("size:        %zu bytes\n", f.file_size());
    std::printf("version:     %u\n", f.version());
    std::printf("alignment:   %zu\n", f.alignment());
    std::printf("data offset: %zu\n", f.data_offset());
    print_model_summary(f);

    const auto keys = f.keys();
    std::printf("\n%zu keys:\n", keys.size());
    size_t width = 0;
    for (const auto& k : keys) width = std::max(width, printable(k).size());
    for (const auto& k : keys)
        std::printf("  %-*s  %-9s  %s\n", static_cast<int>(width), printable(k).c_str(), type_text(f, k).c_str(),
                    printable(f.value_string(k)).c_str());

    const auto& tensors = f.tensors();
    std::printf("\n%zu tensors:\n", tensors.size());
    size_t name_width = 4, total = 0;
    for (const auto& t : tensors) name_width = std::max(name_width, printable(t.name).size());
    std::printf("  %5s  %-*s  %-5s  %-22s  %12s  %12s\n", "#", static_cast<int>(name_width), "name", "type", "shape",
                "offset", "bytes");
    for (size_t i = 0; i < tensors.size(); ++i) {
        const auto& t = tensors[i];
        std::printf("  %5zu  %-*s  %-5s  %-22s  %12" PRIu64 "  %12zu\n", i, static_cast<int>(name_width),
                    printable(t.name).c_str(), type_name(t.type), shape_text(t.shape).c_str(), t.offset, t.nbytes);
        total += t.nbytes;
    }
    std::printf("\ntensor data: %zu bytes (%.2f MiB)\n", total, static_cast<double>(total) / (1 << 20));
    return 0;
}

}  // namespace

LUGH_COMMAND(gguf_info, "gguf-info", "print a GGUF file's keys and tensor table", gguf_info);

}  // namespace lugh::tool
