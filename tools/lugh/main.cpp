// lugh: the command-line face of Lugh. `lugh --help` lists the commands;
// `lugh COMMAND --help` describes one. Each command is a file of its own
// that registers itself (command.hpp).
//
// Exit status: 0 success, 1 failure (a bad file, an engine error), 2 bad
// usage. Whatever goes wrong ends as one line on stderr: every exception is
// caught here.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>

#include "args.hpp"
#include "command.hpp"
#include "lugh/error.hpp"

namespace {

void usage(std::FILE* out) {
    std::fprintf(out, "usage: lugh COMMAND [options]   (lugh COMMAND --help for its options)\n\ncommands:\n");
    size_t width = 0;
    for (const auto& c : lugh::tool::commands()) width = std::strlen(c.name) > width ? std::strlen(c.name) : width;
    for (const auto& c : lugh::tool::commands())
        std::fprintf(out, "  %-*s  %s\n", static_cast<int>(width), c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string name = argv[1];
    const lugh::tool::Command* command = lugh::tool::find_command(name);
    if (!command) {
        std::fprintf(stderr, "lugh: unknown command '%s'\n", name.c_str());
        usage(stderr);
        return 2;
    }
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        return command->run(args);
    } catch (const lugh::tool::UsageError& e) {
        std::fprintf(stderr, "lugh %s: %s (lugh %s --help for usage)\n", command->name, e.what(), command->name);
        return 2;
    } catch (const lugh::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "lugh %s: out of memory\n", command->name);
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "lugh %s: %s\n", command->name, e.what());
        return 1;
    } catch (...) {
        std::fprintf(stderr, "lugh %s: failed with an unknown error\n", command->name);
        return 1;
    }
}
