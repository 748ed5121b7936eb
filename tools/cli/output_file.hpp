// Writing a command's output file so that a failure never destroys anything.
//
//     refuse_same_file(in_path, out_path);   // `lugh quantize a.gguf a.gguf` is an error
//     OutputFile out(out_path);              // a temporary file beside out_path
//     out.write(bytes, n);                   // buffered: it or commit() throws (disk full)
//     out.commit();                          // renamed into place, whole
//
// These are the library's own (src/core/output_file.hpp, which describes the
// guarantees): the files the library writes (GGUF) and the files commands
// write share one implementation.
#pragma once

#include "core/output_file.hpp"

namespace lugh::tool {

using core::OutputFile;
using core::refuse_same_file;

}  // namespace lugh::tool
