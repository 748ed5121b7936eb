// ChatTemplate::from_model: the template and the bos/eos token text a GGUF
// model carries (kept apart so the engine builds without the GGUF reader).
#include "lugh/chat.hpp"
#include "lugh/gguf.hpp"

namespace lugh::chat {

ChatTemplate ChatTemplate::from_model(const gguf::File& file) {
    const char* key = "tokenizer.chat_template";
    ChatTemplate t = (file.has_key(key) && file.type(key) == gguf::ValueType::String)
                         ? from_text(file.get_string(key), "model")
                         : from_format(format_for_architecture(file.has_key("general.architecture")
                                                                   ? file.get_string("general.architecture")
                                                                   : std::string()));
    const char* tokens_key = "tokenizer.ggml.tokens";
    if (file.has_key(tokens_key) && file.type(tokens_key) == gguf::ValueType::Array &&
        file.array_type(tokens_key) == gguf::ValueType::String) {
        const std::vector<std::string> tokens = file.get_string_array(tokens_key);
        auto token_text = [&](const char* id_key, std::string* out) {
            if (!file.has_key(id_key)) return;
            const int64_t id = file.get_int(id_key);
            if (id >= 0 && static_cast<size_t>(id) < tokens.size()) *out = tokens[static_cast<size_t>(id)];
        };
        token_text("tokenizer.ggml.bos_token_id", &t.options().bos_token);
        token_text("tokenizer.ggml.eos_token_id", &t.options().eos_token);
    }
    return t;
}

}  // namespace lugh::chat
