// lugh: command-line tools for Lugh's weight files.
//
//   lugh gguf-info FILE            print a GGUF file's metadata and tensor table
//   lugh quantize IN OUT TYPE      write OUT with IN's float matrices as TYPE
//                                  (q8_0, q4_0, f16, bf16 or f32)
#include <cstdio>
#include <cstring>

#include "commands.hpp"
#include "lugh/error.hpp"

namespace {

void usage(std::FILE* out) {
    std::fprintf(out,
                 "usage: lugh gguf-info FILE\n"
                 "       lugh quantize IN OUT TYPE   (TYPE: q8_0, q4_0, f16, bf16, f32)\n");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        if (command == "gguf-info") return lugh::tool::gguf_info(args);
        if (command == "quantize") return lugh::tool::quantize(args);
        std::fprintf(stderr, "lugh: unknown command '%s'\n", command.c_str());
        usage(stderr);
        return 2;
    } catch (const lugh::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
