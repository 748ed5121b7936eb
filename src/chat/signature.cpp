#include "chat/signature.hpp"

namespace lugh::chat {

Bound::Bound(const CallArgs& args, const std::string& what, std::initializer_list<const char*> names, size_t required)
    : what_(what), values_(names.size()), given_(names.size(), false) {
    const std::vector<const char*> list(names);
    if (args.positional.size() > list.size())
        type_error(what + "() takes at most " + std::to_string(list.size()) + " argument" +
                   (list.size() == 1 ? "" : "s") + " (" + std::to_string(args.positional.size()) + " given)");
    for (size_t i = 0; i < args.positional.size(); ++i) {
        values_[i] = args.positional[i];
        given_[i] = true;
    }
    for (const auto& [key, value] : args.keywords) {
        size_t i = 0;
        while (i < list.size() && key != list[i]) ++i;
        if (i == list.size()) type_error(what + "() got an unexpected keyword argument '" + key + "'");
        if (given_[i]) type_error(what + "() got multiple values for argument '" + key + "'");
        values_[i] = value;
        given_[i] = true;
    }
    for (size_t i = 0; i < required; ++i)
        if (!given_[i]) type_error(what + "() missing required argument '" + list[i] + "'");
}

void no_arguments(const CallArgs& args, const std::string& what) {
    if (!args.positional.empty() || !args.keywords.empty())
        type_error(what + "() takes no arguments");
}

}  // namespace lugh::chat
