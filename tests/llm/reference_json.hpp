// Reading llama.cpp's reference files in ../shared/models/reference: the
// few fields of MODEL.pN.json the tests compare with (read by lugh::json),
// and the MODEL.pN.logits.f32 rows.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "lugh/json.hpp"

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

inline std::vector<int32_t> int_array(const lugh::json::Value& v) {
    std::vector<int32_t> out;
    for (const lugh::json::Value& x : v.items()) out.push_back(static_cast<int32_t>(x.as_int()));
    return out;
}

// dir is ../shared/models; name "aidreams260K.p1".
inline Reference load_reference(const std::string& dir, const std::string& name) {
    const lugh::json::Value json = lugh::json::parse_file(dir + "/reference/" + name + ".json");
    Reference r;
    r.prompt = json.get("prompt").as_string();
    r.prompt_tokens = int_array(json.get("prompt_tokens"));
    r.generated = int_array(json.get("generated"));
    r.text = json.get("text").as_string();
    const std::string raw = read_file(dir + "/reference/" + name + ".logits.f32");
    r.logits.resize(raw.size() / sizeof(float));
    std::memcpy(r.logits.data(), raw.data(), r.logits.size() * sizeof(float));
    return r;
}

}  // namespace llmtest
