// The built-in chat formats, each written as a template so that one engine
// renders everything, and the guess of a format from a model's architecture.
//
// Layouts follow the models' own templates where one exists (chatml: Qwen;
// llama3: Llama 3 Instruct; gemma: Gemma 2 with a system turn folded into the
// first user turn instead of refused; phi3: Phi-3.5; mistral: Mistral
// Instruct with the system text before the first user text; llama2: Llama 2
// Chat with <<SYS>>), and the common community layouts for zephyr, alpaca
// and vicuna.
#include <algorithm>
#include <map>

#include "lugh/chat.hpp"

namespace lugh::chat {

namespace {

const std::map<std::string, std::string>& formats() {
    static const std::map<std::string, std::string> table = {
        {"chatml",
         "{% for message in messages %}"
         "{{ '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}"
         "{% endfor %}"
         "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"},
        {"llama2",
         "{% if messages and messages[0].role == 'system' %}"
         "{% set system = messages[0].content %}{% set turns = messages[1:] %}"
         "{% else %}{% set system = '' %}{% set turns = messages %}{% endif %}"
         "{% for message in turns %}"
         "{% set content = message.content %}"
         "{% if loop.first and system %}"
         "{% set content = '<<SYS>>\\n' + system + '\\n<</SYS>>\\n\\n' + content %}"
         "{% endif %}"
         "{% if message.role == 'user' %}{{ bos_token + '[INST] ' + content | trim + ' [/INST]' }}"
         "{% elif message.role == 'assistant' %}{{ ' ' + content | trim + ' ' + eos_token }}"
         "{% endif %}"
         "{% endfor %}"},
        {"llama3",
         "{{ bos_token }}"
         "{% for message in messages %}"
         "{{ '<|start_header_id|>' + message.role + '<|end_header_id|>\\n\\n' + message.content | trim + "
         "'<|eot_id|>' }}"
         "{% endfor %}"
         "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}"},
        {"mistral",
         "{% set ns = namespace(system='') %}"
         "{{ bos_token }}"
         "{% for message in messages %}"
         "{% if message.role == 'system' %}{% set ns.system = message.content + '\\n\\n' %}"
         "{% elif message.role == 'user' %}{{ '[INST] ' + ns.system + message.content + ' [/INST]' }}"
         "{% set ns.system = '' %}"
         "{% elif message.role == 'assistant' %}{{ message.content + eos_token }}"
         "{% endif %}"
         "{% endfor %}"},
        {"gemma",
         "{% set ns = namespace(system='') %}"
         "{{ bos_token }}"
         "{% for message in messages %}"
         "{% if message.role == 'system' %}{% set ns.system = message.content | trim + '\\n\\n' %}"
         "{% else %}"
         "{% set role = 'model' if message.role == 'assistant' else message.role %}"
         "{{ '<start_of_turn>' + role + '\\n' + ns.system + message.content | trim + '<end_of_turn>\\n' }}"
         "{% set ns.system = '' %}"
         "{% endif %}"
         "{% endfor %}"
         "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}"},
        {"phi3",
         "{% for message in messages %}"
         "{% if message.role in ['system', 'user', 'assistant'] and message.content %}"
         "{{ '<|' + message.role + '|>\\n' + message.content + '<|end|>\\n' }}"
         "{% endif %}"
         "{% endfor %}"
         "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% else %}{{ eos_token }}{% endif %}"},
        {"zephyr",
         "{% for message in messages %}"
         "{{ '<|' + message.role + '|>\\n' + message.content + eos_token + '\\n' }}"
         "{% endfor %}"
         "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}"},
        {"alpaca",
         "{% for message in messages %}"
         "{% if message.role == 'system' %}{{ message.content + '\\n\\n' }}"
         "{% elif message.role == 'user' %}{{ '### Instruction:\\n' + message.content + '\\n\\n' }}"
         "{% elif message.role == 'assistant' %}{{ '### Response:\\n' + message.content + '\\n\\n' }}"
         "{% endif %}"
         "{% endfor %}"
         "{% if add_generation_prompt %}{{ '### Response:\\n' }}{% endif %}"},
        {"vicuna",
         "{% for message in messages %}"
         "{% if message.role == 'system' %}{{ message.content + '\\n\\n' }}"
         "{% elif message.role == 'user' %}{{ 'USER: ' + message.content + '\\n' }}"
         "{% elif message.role == 'assistant' %}{{ 'ASSISTANT: ' + message.content + eos_token + '\\n' }}"
         "{% endif %}"
         "{% endfor %}"
         "{% if add_generation_prompt %}{{ 'ASSISTANT:' }}{% endif %}"},
        {"raw", "{% for message in messages %}{{ message.content }}{% endfor %}"},
    };
    return table;
}

}  // namespace

std::vector<std::string> format_names() {
    return {"chatml", "llama2", "llama3", "mistral", "gemma", "phi3", "zephyr", "alpaca", "vicuna", "raw"};
}

const std::string& format_template(const std::string& format) {
    const auto it = formats().find(format);
    if (it == formats().end()) {
        std::string known;
        for (const auto& n : format_names()) known += (known.empty() ? "" : ", ") + n;
        throw Error("chat: unknown format '" + format + "' (known: " + known + ")");
    }
    return it->second;
}

std::string format_for_architecture(const std::string& architecture) {
    // Models of these architectures that ship without a template most often
    // use these layouts; anything else gets ChatML, the most common one.
    static const std::pair<const char*, const char*> table[] = {
        {"llama", "llama2"},  {"mistral", "mistral"}, {"mixtral", "mistral"}, {"gemma", "gemma"},
        {"gemma2", "gemma"},  {"gemma3", "gemma"},    {"phi3", "phi3"},       {"phi2", "phi3"},
        {"qwen", "chatml"},   {"qwen2", "chatml"},    {"qwen3", "chatml"},    {"qwen2moe", "chatml"},
        {"qwen3moe", "chatml"}, {"stablelm", "zephyr"},
    };
    for (const auto& [arch, format] : table)
        if (architecture == arch) return format;
    return "chatml";
}

}  // namespace lugh::chat
