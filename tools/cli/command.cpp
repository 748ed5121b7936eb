#include "command.hpp"

#include <algorithm>
#include <cstring>

namespace lugh::tool {

namespace {

// A function-local table: registrations run during static initialisation, in
// an order the linker chooses, so the table must exist before the first one.
std::vector<Command>& table() {
    static std::vector<Command> all;
    return all;
}

}  // namespace

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
