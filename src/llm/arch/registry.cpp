// The architectures this build knows, by general.architecture.
#include "llm/arch.hpp"

namespace lugh::llm {

extern const Architecture kLlama;   // arch/llama.cpp
extern const Architecture kQwen2;   // arch/qwen2.cpp

namespace {
const Architecture* const kArchitectures[] = {&kLlama, &kQwen2};
}

const Architecture* find_architecture(const std::string& name) {
    for (const Architecture* a : kArchitectures)
        if (name == a->name) return a;
    return nullptr;
}

std::vector<std::string> architecture_names() {
    std::vector<std::string> names;
    for (const Architecture* a : kArchitectures) names.push_back(a->name);
    return names;
}

}  // namespace lugh::llm
