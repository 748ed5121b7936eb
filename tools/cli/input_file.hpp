// Reading a whole input file named on the command line (a template, a
// prompt), with an error that names the file.
//
//     std::string text = read_input_file(path);   // throws lugh::Error
#pragma once

#include <string>

namespace lugh::tool {

// The file's bytes; "-" reads standard input. Throws lugh::Error naming the file.
std::string read_input_file(const std::string& path);

}  // namespace lugh::tool
