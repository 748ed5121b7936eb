// Tokenizer benchmarks, against llama.cpp's tokenizer in the same run.
//
// TokenizerEncode/VOCAB: 1 MB of mixed text (prose, code, seven scripts,
// emoji, numbers; made here from a fixed seed) encoded with a ../shared
// vocabulary, then the same text through llama.cpp (node-llama-cpp, via
// bench/llamacpp/tokenize.mjs). Counters: MBps and llamacpp_MBps (bytes per
// CPU second, median of 5, so other processes on a shared machine count
// less), ratio_vs_llamacpp, and ids_match (1 when both give the same ids).
//
// TokenizerLoad/VOCAB: reading a vocabulary file into a Tokenizer (GGUF
// parse included). Counters: load_ms (median wall), load_cpu_ms, mem_MB (the
// tables the Tokenizer keeps), peak_MB (peak resident growth while loading)
// and llamacpp_load_ms (node-llama-cpp loading the same file vocabulary-only).
// synth-spm-256k and synth-bpe-256k are written here: 256,000 tokens (the
// second with 256,000 merges too).
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "lugh/gguf.hpp"
#include "lugh/tokenizer.hpp"

namespace {

using lugh::bench::settle;
using lugh::bench::thread_cpu_seconds;

// --- the text ---------------------------------------------------------------

const char* const kEnglish[] = {
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not",
    "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were",
    "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would",
    "who", "so", "no", "tokenizer", "vocabulary", "merges", "language", "model", "inference", "memory", "context",
    "Lugh", "tensor", "benchmark", "quickly", "although", "nevertheless", "Wednesday", "extraordinary", "don't",
    "it's", "we'll", "they're", "I've", "London", "September", "algorithm", "throughput", "well-known"};
const char* const kCode[] = {
    "for (int i = 0; i < n; ++i) {\n    sum += a[i] * b[i];\n}\n",
    "def encode(self, text: str) -> list[int]:\n    return [self.vocab[w] for w in text.split()]\n",
    "if (ptr == NULL) { fprintf(stderr, \"error: %s\\n\", msg); return -1; }\n",
    "const auto it = std::find_if(v.begin(), v.end(), [&](const Item& x) { return x.id == 42; });\n",
    "SELECT name, COUNT(*) FROM users WHERE age >= 18 GROUP BY name ORDER BY 2 DESC;\n",
    "    let mut map: HashMap<String, usize> = HashMap::new();\n",
    "<div class=\"row\"><span id=\"x-12\">&nbsp;</span></div>\n",
    "\t\tx = (y << 3) | (z & 0xFF);  // pack\n"};
const char* const kScripts[] = {
    "Привет, как дела? Сегодня хорошая погода, и мы идём гулять в парк. ",
    "Η γλώσσα είναι το σημαντικότερο εργαλείο επικοινωνίας. ",
    "我们今天去公园散步，天气非常好。机器学习模型需要大量的数据。",
    "東京は日本の首都です。ひらがなとカタカナと漢字を使います。",
    "اللغة العربية من أكثر اللغات انتشارا في العالم. ",
    "हिन्दी भारत की सबसे अधिक बोली जाने वाली भाषा है। ",
    "안녕하세요. 오늘은 날씨가 좋습니다. "};
const char* const kEmoji[] = {"🦙", "🚀", "😀", "👍🏽", "❤️", "🇫🇷", "👨‍👩‍👧", "✅", "🔥", "🤖"};

// Deterministic: the same megabyte in every run and on every machine.
const std::string& mixed_text() {
    static const std::string text = [] {
        std::mt19937 rng(20240607);
        std::string s;
        const auto pick = [&](const auto& list) { return list[rng() % std::size(list)]; };
        while (s.size() < (1u << 20)) {
            const unsigned kind = rng() % 100;
            if (kind < 45) {   // a sentence of prose
                std::string sentence = pick(kEnglish);
                sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
                for (unsigned w = 0, n = 5 + rng() % 15; w < n; ++w) sentence += std::string(" ") + pick(kEnglish);
                s += sentence + (rng() % 4 ? ". " : ".\n\n");
            } else if (kind < 65) {
                s += pick(kCode);
            } else if (kind < 90) {
                s += pick(kScripts);
            } else if (kind < 95) {
                s += std::string(pick(kEmoji)) + " ";
            } else {
                s += std::to_string(rng() % 100000) + (rng() % 2 ? ", " : " 3.14159 ") + "(" + std::to_string(rng() % 1000) + ") ";
            }
        }
        return s;
    }();
    return text;
}

// --- files and the llama.cpp reference ---------------------------------------

std::string shared_vocab(const std::string& name) {
    const char* env = std::getenv("LUGH_SHARED_DIR");
    const std::string dir = env && *env ? env : std::string(LUGH_SOURCE_DIR) + "/../shared";
    const std::string path = dir + "/vocab/ggml-vocab-" + name + ".gguf";
    struct stat st;
    return stat(path.c_str(), &st) == 0 ? path : std::string();
}

std::string temp_path(const std::string& stem) {
    return "/tmp/lugh_tokbench_" + stem + "_" + std::to_string(getpid());
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::vector<double> json_numbers(const std::string& json, const std::string& key) {
    std::vector<double> out;
    const size_t at = json.find("\"" + key + "\":");
    if (at == std::string::npos) return out;
    size_t p = at + key.size() + 3;
    const bool list = json[p] == '[';
    if (list) ++p;
    while (p < json.size()) {
        char* end = nullptr;
        out.push_back(std::strtod(json.c_str() + p, &end));
        p = static_cast<size_t>(end - json.c_str());
        if (!list || json[p] != ',') break;
        ++p;
    }
    return out;
}

struct Reference {
    bool ok = false;
    std::string why;
    double load_ms = 0, cpu_s = 0, wall_s = 0;
    std::vector<int32_t> ids;
};

// llama.cpp on the same vocabulary and text (bench/llamacpp/tokenize.mjs).
Reference run_llamacpp(const std::string& vocab, const std::string& text, int repeats) {
    Reference r;
    const std::string text_file = temp_path("text"), ids_file = temp_path("ids");
    std::ofstream(text_file, std::ios::binary) << text;
    const std::string cmd = "node " + std::string(LUGH_SOURCE_DIR) + "/bench/llamacpp/tokenize.mjs '" + vocab + "' " +
                            text_file + " " + ids_file + " " + std::to_string(repeats) + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    if (p) {
        char buf[4096];
        for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
        const int status = pclose(p);
        r.ok = status == 0;
    }
    std::remove(text_file.c_str());
    if (!r.ok) {
        r.why = out.empty() ? "node did not run" : out.substr(0, out.find('\n'));
        std::remove(ids_file.c_str());
        return r;
    }
    r.load_ms = json_numbers(out, "load_ms").at(0);
    r.cpu_s = median(json_numbers(out, "cpu_s"));
    r.wall_s = median(json_numbers(out, "wall_s"));
    std::ifstream in(ids_file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    r.ids.resize(bytes.size() / 4);
    std::memcpy(r.ids.data(), bytes.data(), r.ids.size() * 4);
    std::remove(ids_file.c_str());
    return r;
}

// --- encoding -----------------------------------------------------------------

void TokenizerEncode(benchmark::State& state, const char* name) {
    const std::string path = shared_vocab(name);
    if (path.empty()) {
        state.SkipWithError("../shared/vocab not found (set LUGH_SHARED_DIR)");
        return;
    }
    const lugh::Tokenizer tok(path);
    const std::string& text = mixed_text();
    std::vector<lugh::TokenId> ids;
    for (auto _ : state) {
        ids = tok.encode(text, false, false);
        benchmark::DoNotOptimize(ids.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));

    // The figures: medians of 5 runs each, Lugh then llama.cpp, after a pause each.
    constexpr int kRepeats = 5;
    std::vector<double> cpu, wall;
    settle();
    for (int r = 0; r < kRepeats; ++r) {
        const double c0 = thread_cpu_seconds();
        const auto w0 = std::chrono::steady_clock::now();
        ids = tok.encode(text, false, false);
        wall.push_back(lugh::bench::seconds_since(w0));
        cpu.push_back(thread_cpu_seconds() - c0);
    }
    const double mb = static_cast<double>(text.size()) / 1e6;
    state.counters["MBps"] = mb / median(cpu);
    state.counters["MBps_wall"] = mb / median(wall);
    state.counters["tokens"] = static_cast<double>(ids.size());
    settle();
    const Reference ref = run_llamacpp(path, text, kRepeats);
    if (!ref.ok) {
        state.SetLabel("no llama.cpp reference: " + ref.why);
        return;
    }
    state.counters["llamacpp_MBps"] = mb / ref.cpu_s;
    state.counters["ratio_vs_llamacpp"] = ref.cpu_s / median(cpu);
    state.counters["ratio_wall"] = ref.wall_s / median(wall);
    state.counters["ids_match"] = ref.ids == ids ? 1 : 0;
}

BENCHMARK_CAPTURE(TokenizerEncode, llama_spm, "llama-spm")->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(TokenizerEncode, llama_bpe, "llama-bpe")->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(TokenizerEncode, qwen2, "qwen2")->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(TokenizerEncode, gpt_2, "gpt-2")->Unit(benchmark::kMillisecond)->Iterations(3);

// --- loading ------------------------------------------------------------------

// A vocabulary of n tokens of random text (and n merges when bpe), written once.
std::string synthetic_vocab(bool bpe, size_t n) {
    const std::string path = temp_path(bpe ? "bpe256k.gguf" : "spm256k.gguf");
    struct stat st;
    if (stat(path.c_str(), &st) == 0) return path;
    std::mt19937 rng(bpe ? 2 : 1);
    std::vector<std::string> tokens, merges;
    std::vector<float> scores;
    std::map<std::string, int> seen;
    const auto word = [&] {
        std::string w = rng() % 3 ? "\xC4\xA0" : "";   // 'Ġ' (or '▁' below): a word start
        for (unsigned k = 0, len = 2 + rng() % 8; k < len; ++k) w += static_cast<char>('a' + rng() % 26);
        return w;
    };
    while (tokens.size() < n) {
        std::string w = word();
        if (!bpe && w.rfind("\xC4\xA0", 0) == 0) w = "\xE2\x96\x81" + w.substr(2);
        if (!seen.emplace(w, 1).second) continue;
        tokens.push_back(w);
        scores.push_back(-static_cast<float>(tokens.size()));
        if (bpe) merges.push_back(w.substr(0, w.size() / 2) + " " + w.substr(w.size() / 2));
    }
    lugh::gguf::Writer wr;
    wr.set_string("tokenizer.ggml.model", bpe ? "gpt2" : "llama");
    if (bpe) wr.set_string("tokenizer.ggml.pre", "qwen2");
    wr.set_string_array("tokenizer.ggml.tokens", tokens);
    if (bpe) wr.set_string_array("tokenizer.ggml.merges", merges);
    else wr.set_array("tokenizer.ggml.scores", lugh::gguf::ValueType::F32, scores.data(), scores.size());
    wr.write(path);
    return path;
}

long status_kb(const char* field) {
    std::ifstream f("/proc/self/status");
    for (std::string line; std::getline(f, line);)
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
    return 0;
}

// Peak resident growth while loading, measured in a fresh child process
// whose free heap pages went back to the system first.
double peak_load_mb(const std::string& path) {
    int fd[2];
    if (pipe(fd) != 0) return 0;
    const pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        malloc_trim(0);   // give back the free heap pages the parent left, so a load must touch new ones
        const long before = status_kb("VmRSS:");
        { std::ofstream("/proc/self/clear_refs") << "5"; }   // reset the high-water mark
        double mb = 0;
        try {
            const lugh::Tokenizer tok(path);
            mb = (status_kb("VmHWM:") - before) / 1024.0;
        } catch (...) {
        }
        if (write(fd[1], &mb, sizeof mb) != sizeof mb) _exit(1);
        _exit(0);
    }
    close(fd[1]);
    double mb = 0;
    if (pid < 0 || read(fd[0], &mb, sizeof mb) != sizeof mb) mb = 0;
    close(fd[0]);
    if (pid > 0) waitpid(pid, nullptr, 0);
    return mb;
}

void TokenizerLoad(benchmark::State& state, const char* name) {
    const std::string synth = name == std::string("synth-spm-256k") ? synthetic_vocab(false, 256000)
                              : name == std::string("synth-bpe-256k") ? synthetic_vocab(true, 256000) : "";
    const std::string path = synth.empty() ? shared_vocab(name) : synth;
    if (path.empty()) {
        state.SkipWithError("../shared/vocab not found (set LUGH_SHARED_DIR)");
        return;
    }
    { const lugh::Tokenizer warm(path); }   // the file in the page cache, as in any later load
    std::vector<double> wall, cpu;
    size_t mem = 0;
    for (auto _ : state) {
        const double c0 = lugh::bench::process_cpu_seconds();
        const auto w0 = std::chrono::steady_clock::now();
        const lugh::Tokenizer tok(path);
        wall.push_back(lugh::bench::seconds_since(w0));
        cpu.push_back(lugh::bench::process_cpu_seconds() - c0);
        mem = tok.memory_bytes();
    }
    state.counters["peak_MB"] = peak_load_mb(path);
    state.counters["load_ms"] = median(wall) * 1e3;
    state.counters["load_cpu_ms"] = median(cpu) * 1e3;
    state.counters["mem_MB"] = static_cast<double>(mem) / 1048576.0;
    if (synth.empty()) {
        const Reference ref = run_llamacpp(path, "x", 1);
        if (ref.ok) state.counters["llamacpp_load_ms"] = ref.load_ms;
    }
}

BENCHMARK_CAPTURE(TokenizerLoad, llama_spm, "llama-spm")->Unit(benchmark::kMillisecond)->Iterations(7);
BENCHMARK_CAPTURE(TokenizerLoad, llama_bpe, "llama-bpe")->Unit(benchmark::kMillisecond)->Iterations(7);
BENCHMARK_CAPTURE(TokenizerLoad, qwen2, "qwen2")->Unit(benchmark::kMillisecond)->Iterations(7);
BENCHMARK_CAPTURE(TokenizerLoad, synth_spm_256k, "synth-spm-256k")->Unit(benchmark::kMillisecond)->Iterations(7);
BENCHMARK_CAPTURE(TokenizerLoad, synth_bpe_256k, "synth-bpe-256k")->Unit(benchmark::kMillisecond)->Iterations(7);

}  // namespace
