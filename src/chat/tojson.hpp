// The tojson filter as Hugging Face defines it: Python's
// json.dumps(x, ensure_ascii=False, indent=None, separators=None,
// sort_keys=False), byte for byte (", " and ": " separators, ",\n" with an
// indent, float repr, NaN/Infinity, keys converted to strings, no HTML
// escaping).
#pragma once

#include <string>

#include "chat/value.hpp"

namespace lugh::chat {

class Evaluator;
struct CallArgs;

std::string to_json(Evaluator& ev, const Value& v, const CallArgs& args);

}  // namespace lugh::chat
