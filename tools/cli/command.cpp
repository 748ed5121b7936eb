#include "command.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>

#include "args.hpp"
#include "lugh/error.hpp"
#include "printable.hpp"

namespace lugh::tool {

namespace {

// A function-local table: registrations run during static initialisation, in
// an order the linker chooses, so the table must exist before the first one.
std::vector<Command>& table() {
    static std::vector<Command> all;
    return all;
}

void usage(std::FILE* out) {
    std::fprintf(out, "usage: lugh COMMAND [options]   (lugh COMMAND --help for its options)\n\ncommands:\n");
    size_t width = 0;
    for (const auto& c : table()) width = std::max(width, std::strlen(c.name));
    for (const auto& c : table()) std::fprintf(out, "  %-*s  %s\n", static_cast<int>(width), c.name, c.summary);
}

// One line on stderr: "lugh NAME: " (when given), the message escaped. No allocation.
int report(const char* name, const char* message, const char* tail, int status) {
    if (name) std::fprintf(stderr, "lugh %s: ", name);
    print_printable(stderr, message);
    std::fprintf(stderr, "%s\n", tail);
    return status;
}

int run(int argc, char** argv, const Command** running) {
    if (argc < 2 || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const Command* command = find_command(argv[1]);
    if (!command) {
        std::fprintf(stderr, "lugh: unknown command '");
        print_printable(stderr, argv[1]);
        std::fprintf(stderr, "'\n");
        usage(stderr);
        return 2;
    }
    *running = command;
    return command->run(std::vector<std::string>(argv + 2, argv + argc));
}

}  // namespace

int run_command_line(int argc, char** argv) {
    // Everything, finding the command and copying its arguments too, runs
    // inside the try; the handlers allocate nothing, so out of memory cannot
    // escape them.
    const Command* command = nullptr;
    try {
        return run(argc, argv, &command);
    } catch (const UsageError& e) {
        static char tail[96];
        std::snprintf(tail, sizeof tail, " (lugh %s --help for usage)", command ? command->name : "");
        return report(command ? command->name : "", e.what(), tail, 2);
    } catch (const Error& e) {
        return report(nullptr, e.what(), "", 1);   // lugh::Error messages name themselves ("lugh: ...")
    } catch (const std::bad_alloc&) {
        return report(command ? command->name : "", "out of memory", "", 1);
    } catch (const std::exception& e) {
        return report(command ? command->name : "", e.what(), "", 1);
    } catch (...) {
        return report(command ? command->name : "", "failed with an unknown error", "", 1);
    }
}

bool register_command(const Command& command) {
    auto& all = table();
    auto at = std::lower_bound(all.begin(), all.end(), command,
                               [](const Command& a, const Command& b) { return std::strcmp(a.name, b.name) < 0; });
    all.insert(at, command);
    return true;
}

const std::vector<Command>& commands() { return table(); }

const Command* find_command(const std::string& name) {
    for (const auto& c : table())
        if (name == c.name) return &c;
    return nullptr;
}

}  // namespace lugh::tool
