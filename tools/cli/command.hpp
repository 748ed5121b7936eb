// The table of `lugh` subcommands.
//
// Each command lives in its own file and registers itself, so adding one is
// adding a file (tools/CMakeLists.txt globs them):
//
//     namespace { int run_hello(const std::vector<std::string>& args) { ... return 0; } }
//     LUGH_COMMAND(hello, "hello", "say hello", run_hello);
//
// A command returns the process exit status. It reports bad usage by throwing
// UsageError (exit 2) and everything else by throwing lugh::Error (exit 1);
// main() catches every exception, so no command can end the process with an
// uncaught one.
#pragma once

#include <string>
#include <vector>

namespace lugh::tool {

using CommandFn = int (*)(const std::vector<std::string>& args);

struct Command {
    const char* name;      // what follows `lugh` on the command line
    const char* summary;   // one line for `lugh --help`
    CommandFn run;
};

// Every registered command, sorted by name.
const std::vector<Command>& commands();
// The command called `name`, or nullptr.
const Command* find_command(const std::string& name);
// Called by LUGH_COMMAND during static initialisation; returns true.
bool register_command(const Command& command);

// The whole `lugh` program (main() only calls this): find the command named
// by argv[1] and run it. Every exception is caught, whichever command and
// wherever it comes from (out of memory included), and ends as one line on
// stderr with control characters escaped: exit 1 for failures, 2 for usage.
int run_command_line(int argc, char** argv);

}  // namespace lugh::tool

#define LUGH_COMMAND(id, name, summary, fn) \
    static const bool lugh_command_registered_##id = ::lugh::tool::register_command({name, summary, fn})
