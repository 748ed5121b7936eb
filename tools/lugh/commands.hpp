// The subcommands of the `lugh` tool. Each returns the process exit status;
// errors propagate as lugh::Error and main prints them.
#pragma once

#include <string>
#include <vector>

namespace lugh::tool {

// lugh gguf-info FILE: header, every key, and a table of the tensors.
int gguf_info(const std::vector<std::string>& args);
// lugh quantize IN OUT TYPE: convert the float matrices of a GGUF file.
int quantize(const std::vector<std::string>& args);

}  // namespace lugh::tool
