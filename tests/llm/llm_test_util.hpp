// Small synthetic models for the engine's own tests (no ../shared needed):
// written once per test process into a temporary folder, removed at exit.
#pragma once

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <lugh/model.hpp>
#include <lugh/session.hpp>

#include "lugh/synth.hpp"

namespace llmtest {

class SynthFiles {
public:
    static SynthFiles& instance() {
        static SynthFiles files;
        return files;
    }
    // The path of a "tiny"-shaped model of arch and weight type (tied: no output.weight).
    std::string path(const std::string& arch, lugh::Type type, bool tied = false) {
        const std::string key = arch + "-" + lugh::type_name(type) + (tied ? "-tied" : "");
        auto it = paths_.find(key);
        if (it != paths_.end()) return it->second;
        lugh::SynthSpec spec = lugh::synth_preset("tiny", arch);
        spec.type = type;
        spec.tied_output = tied;
        spec.seed = 7;
        const std::string p = dir_ + "/" + key + ".gguf";
        lugh::write_synth_model(spec, p);
        return paths_[key] = p;
    }
    const std::string& dir() const { return dir_; }
    ~SynthFiles() {
        for (const auto& [key, p] : paths_) std::remove(p.c_str());
        for (const auto& p : extra_) std::remove(p.c_str());
        rmdir(dir_.c_str());
    }
    // A file the test writes itself (removed at exit).
    std::string scratch(const std::string& name) {
        extra_.push_back(dir_ + "/" + name);
        return extra_.back();
    }

private:
    SynthFiles() {
        const char* tmp = std::getenv("TMPDIR");
        std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/lugh-llm-test-XXXXXX";
        if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
        dir_ = templ;
    }
    std::string dir_;
    std::map<std::string, std::string> paths_;
    std::vector<std::string> extra_;
};

inline std::string tiny_model(const std::string& arch = "llama", lugh::Type type = lugh::Type::F32, bool tied = false) {
    return SynthFiles::instance().path(arch, type, tied);
}

inline std::string read_bytes(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw std::runtime_error("cannot read " + path);
    std::string out;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    std::fclose(f);
    return out;
}

// A fixed pseudo-random token sequence within the vocabulary.
inline std::vector<int32_t> some_tokens(size_t n, int64_t n_vocab, uint32_t seed = 1) {
    std::vector<int32_t> out;
    uint32_t x = seed * 2654435761u + 12345u;
    for (size_t i = 0; i < n; ++i) {
        x = x * 1664525u + 1013904223u;
        out.push_back(static_cast<int32_t>((x >> 8) % static_cast<uint32_t>(n_vocab)));
    }
    return out;
}

// Largest |got - want| over the row, relative to the row's largest |want|.
template <typename Want>
double relative_error(const float* got, const Want& want) {
    double worst = 0, scale = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        worst = std::max(worst, std::fabs(static_cast<double>(got[i]) - static_cast<double>(want[i])));
        scale = std::max(scale, std::fabs(static_cast<double>(want[i])));
    }
    return worst / scale;
}

}  // namespace llmtest
