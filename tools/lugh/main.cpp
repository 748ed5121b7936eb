// lugh: the command-line face of Lugh. `lugh --help` lists the commands;
// `lugh COMMAND --help` describes one. Each command is a file of its own
// that registers itself (tools/cli/command.hpp).
//
// Exit status: 0 success, 1 failure (a bad file, an engine error, out of
// memory), 2 bad usage. Whatever goes wrong ends as one line on stderr:
// run_command_line catches every exception (tests/cli/command_line_test.cpp
// makes each allocation of each command fail in turn to check it).
#include "command.hpp"

int main(int argc, char** argv) { return lugh::tool::run_command_line(argc, argv); }
