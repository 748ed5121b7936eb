// Reading llama.cpp's reference files in ../shared/models/reference: the
// few fields of MODEL.pN.json the tests compare with (a minimal reader for
// these files, not a JSON parser), and the MODEL.pN.logits.f32 rows.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace llmtest {

struct Reference {
    std::string prompt;
    std::vector<int32_t> prompt_tokens;
    std::vector<int32_t> generated;
    std::string text;
    std::vector<float> logits;   // every step's row: step 0 = the prompt's last position
};

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The JSON string starting at s[at] (the opening quote), unescaped to UTF-8.
inline std::string json_string(const std::string& s, size_t at) {
    std::string out;
    for (size_t i = at + 1; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') return out;
        if (c != '\\') {
            out += c;
            continue;
        }
        const char e = s[++i];
        if (e == 'n') out += '\n';
        else if (e == 't') out += '\t';
        else if (e == 'r') out += '\r';
        else if (e == 'b') out += '\b';
        else if (e == 'f') out += '\f';
        else if (e != 'u') out += e;
        else {
            uint32_t cp = static_cast<uint32_t>(std::stoul(s.substr(i + 1, 4), nullptr, 16));
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && s.compare(i + 1, 2, "\\u") == 0) {
                const uint32_t lo = static_cast<uint32_t>(std::stoul(s.substr(i + 3, 4), nullptr, 16));
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
            if (cp < 0x80) out += static_cast<char>(cp);
            else if (cp < 0x800) out += {static_cast<char>(0xC0 | cp >> 6), static_cast<char>(0x80 | (cp & 0x3F))};
            else if (cp < 0x10000)
                out += {static_cast<char>(0xE0 | cp >> 12), static_cast<char>(0x80 | (cp >> 6 & 0x3F)),
                        static_cast<char>(0x80 | (cp & 0x3F))};
            else
                out += {static_cast<char>(0xF0 | cp >> 18), static_cast<char>(0x80 | (cp >> 12 & 0x3F)),
                        static_cast<char>(0x80 | (cp >> 6 & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
        }
    }
    throw std::runtime_error("unterminated JSON string");
}

// Where the value of the top-level "key" begins.
inline size_t json_value_at(const std::string& s, const std::string& key) {
    const size_t k = s.find("\"" + key + "\"");
    if (k == std::string::npos) throw std::runtime_error("no key " + key);
    size_t i = s.find(':', k) + 1;
    while (s[i] == ' ' || s[i] == '\n') ++i;
    return i;
}

inline std::vector<int32_t> json_int_array(const std::string& s, const std::string& key) {
    size_t i = json_value_at(s, key);
    const size_t end = s.find(']', i);
    std::vector<int32_t> out;
    std::istringstream in(s.substr(i + 1, end - i - 1));
    std::string item;
    while (std::getline(in, item, ',')) out.push_back(static_cast<int32_t>(std::stol(item)));
    return out;
}

// dir is ../shared/models; name "aidreams260K.p1".
inline Reference load_reference(const std::string& dir, const std::string& name) {
    const std::string json = read_file(dir + "/reference/" + name + ".json");
    Reference r;
    r.prompt = json_string(json, json_value_at(json, "prompt"));
    r.prompt_tokens = json_int_array(json, "prompt_tokens");
    r.generated = json_int_array(json, "generated");
    r.text = json_string(json, json_value_at(json, "text"));
    const std::string raw = read_file(dir + "/reference/" + name + ".logits.f32");
    r.logits.resize(raw.size() / sizeof(float));
    std::memcpy(r.logits.data(), raw.data(), r.logits.size() * sizeof(float));
    return r;
}

}  // namespace llmtest
