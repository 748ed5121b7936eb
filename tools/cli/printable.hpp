// Text from a file or from an error message, made safe to print on a
// terminal: a hostile GGUF file's strings must not move the cursor, change
// colours or ring the bell.
//
//     std::printf("%s\n", printable(file.get_string("general.name")).c_str());
//     print_printable(stderr, e.what());   // allocates nothing (for out-of-memory paths)
//
// Valid UTF-8 passes through; control characters become escapes: C0 controls
// and DEL as \xNN, the C1 controls U+0080..U+009F (which some terminals obey)
// as \u00NN, and bytes that are not UTF-8 as \xNN.
#pragma once

#include <cstdio>
#include <string>

namespace lugh::tool {

std::string printable(const std::string& text);
// Writes text (up to its first NUL) escaped as above, without allocating.
void print_printable(std::FILE* out, const char* text);

}  // namespace lugh::tool
