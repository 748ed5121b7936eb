// `lugh quantize` as a user runs it: with ../shared, the files it writes from
// llama-small-f16.gguf hold exactly llama.cpp's tensors (names, order, types,
// bytes) for every type and mixture; without it, a made-up model shows which
// tensors convert, that the bytes are lugh::quant's and do not depend on the
// thread count, and how bad input and bad usage end.
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lugh/gguf.hpp"
#include "lugh/quant.hpp"
#include "support/shared_fixtures.hpp"

namespace {

using lugh::Type;

struct CliResult {
    int status;          // exit status
    std::string output;  // stdout and stderr
};

// `lugh quantize ARGS`.
CliResult lugh_quantize(const std::string& args) {
    CliResult r{-1, ""};
    FILE* p = popen((std::string(LUGH_CLI_PATH) + " quantize " + args + " 2>&1").c_str(), "r");
    if (!p) return r;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.output.append(buf, n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

std::string temp_dir() {
    char dir[] = "/tmp/lugh-quantize-XXXXXX";
    const char* made = mkdtemp(dir);
    EXPECT_NE(made, nullptr);
    return made ? made : "";
}

// Every tensor of `got` equals the same-named tensor of `want`, in the same order.
void expect_same_tensors(const lugh::gguf::File& got, const lugh::gguf::File& want) {
    ASSERT_EQ(got.tensors().size(), want.tensors().size());
    for (size_t i = 0; i < want.tensors().size(); ++i) {
        const auto& g = got.tensors()[i];
        const auto& w = want.tensors()[i];
        SCOPED_TRACE(w.name);
        ASSERT_EQ(g.name, w.name);
        ASSERT_EQ(g.type, w.type);
        ASSERT_EQ(g.shape, w.shape);
        ASSERT_EQ(g.nbytes, w.nbytes);
        EXPECT_EQ(std::memcmp(got.tensor_data(g.name), want.tensor_data(w.name), w.nbytes), 0);
    }
}

// A small llama-shaped model with F32 weights, plus tensors that must stay
// as they are: a norm vector, an integer tensor, a Q8_0 tensor, an empty one.
std::string write_model(const std::string& dir, bool with_nan = false) {
    lugh::gguf::Writer w;
    w.set_string("general.architecture", "llama");
    w.set_u32("llama.block_count", 2);
    static std::vector<std::vector<float>> keep;   // data must outlive write()
    keep.clear();
    auto add = [&](const std::string& name, std::vector<int64_t> shape, unsigned seed) {
        size_t n = 1;
        for (int64_t d : shape) n *= static_cast<size_t>(d);
        keep.emplace_back(n);
        for (size_t i = 0; i < n; ++i) keep.back()[i] = std::sin(0.37f * static_cast<float>(i + seed)) * 0.05f;
        w.add_tensor(name, Type::F32, shape, keep.back().data());
    };
    add("token_embd.weight", {256, 16}, 1);
    for (int l = 0; l < 2; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        add(b + "attn_norm.weight", {256}, 2);
        add(b + "attn_v.weight", {256, 64}, 3);
        add(b + "ffn_down.weight", {96, 256}, 4);   // rows of 96: K-quants fall back to 32-element types
    }
    add("output.weight", {256, 16}, 5);
    if (with_nan) keep[2][300] = NAN;   // blk.0.attn_v.weight, row 1, element 44
    static const int32_t ids[4] = {1, 2, 3, 4};
    w.add_tensor("token_ids", Type::I32, {4}, ids);
    static std::vector<unsigned char> q8;
    q8 = lugh::quant::quantize(Type::Q8_0, std::vector<float>(64, 0.5f), 64);
    w.add_tensor("blk.0.extra.weight", Type::Q8_0, {64, 1}, q8.data());
    w.add_tensor("empty.weight", Type::F32, {0, 5}, nullptr);
    const std::string path = dir + (with_nan ? "/nan.gguf" : "/model.gguf");
    w.write(path);
    return path;
}

}  // namespace

TEST(QuantizeCli, EveryTypeAndMixtureMatchesLlamaCppsFiles) {
    LUGH_SHARED_OR_SKIP(models, "models/synthetic");
    const std::string dir = temp_dir();
    for (const char* type : {"q4_k_m", "q5_k_m", "q6_k", "q4_0", "q4_1", "q5_0", "q5_1", "q8_0", "q2_k", "q3_k",
                             "q4_k", "q5_k", "iq4_nl", "iq4_xs"}) {
        SCOPED_TRACE(type);
        const std::string out = dir + "/" + type + ".gguf";
        const CliResult r = lugh_quantize(models + "/llama-small-f16.gguf " + out + " " + type);
        ASSERT_EQ(r.status, 0) << r.output;
        const lugh::gguf::File got(out), want(models + "/llama-small-" + type + ".gguf");
        expect_same_tensors(got, want);
        EXPECT_EQ(got.get_int("general.file_type"), want.get_int("general.file_type"));
        EXPECT_EQ(got.get_int("general.quantization_version"), 2);
        std::remove(out.c_str());
    }
}

TEST(QuantizeCli, ConvertsMatricesKeepsTheRestAndNamesWhatItDid) {
    const std::string dir = temp_dir();
    const std::string in = write_model(dir);
    const CliResult r = lugh_quantize(in + " " + dir + "/out.gguf Q4_K_M --threads 1");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("(q4_k_m): 6 of 11 tensors converted (q4_K 2, q5_0 1, q6_K 2, q8_0 1)"), std::string::npos)
        << r.output;
    const lugh::gguf::File src(in), got(dir + "/out.gguf");
    EXPECT_EQ(got.get_int("general.file_type"), 15);
    // The output matrix gets Q6_K; of 2 layers, layer 1 gets more bits
    // (attn_v and ffn_down Q6_K); rows of 96 are not whole blocks of 256, so
    // ffn_down falls back (Q4_K to Q5_0, Q6_K to Q8_0); vectors, integer,
    // already quantized and empty tensors stay.
    const struct {
        const char* name;
        Type type;
    } want[] = {{"output.weight", Type::Q6_K},         {"token_embd.weight", Type::Q4_K},
                {"blk.0.attn_v.weight", Type::Q4_K},   {"blk.1.attn_v.weight", Type::Q6_K},
                {"blk.0.ffn_down.weight", Type::Q5_0}, {"blk.1.ffn_down.weight", Type::Q8_0},
                {"blk.0.attn_norm.weight", Type::F32}, {"token_ids", Type::I32},
                {"blk.0.extra.weight", Type::Q8_0},    {"empty.weight", Type::F32}};
    for (const auto& w : want) EXPECT_EQ(got.tensor(w.name).type, w.type) << w.name;
    // llama-quantize's order: tensors outside the layers by name, then each layer's by name.
    std::vector<std::string> order;
    for (const auto& t : got.tensors()) order.push_back(t.name);
    EXPECT_EQ(order.front(), "empty.weight");
    EXPECT_EQ(order[4], "blk.0.attn_norm.weight");
    EXPECT_EQ(order.back(), "blk.1.ffn_down.weight");
    for (const auto& t : got.tensors()) {
        const auto& s = src.tensor(t.name);
        if (t.type == s.type) {   // kept: the same bytes
            if (t.nbytes) EXPECT_EQ(std::memcmp(got.tensor_data(t.name), src.tensor_data(t.name), t.nbytes), 0) << t.name;
            continue;
        }
        // Converted: exactly what lugh::quant writes for the F32 data.
        const int64_t n = static_cast<int64_t>(s.nbytes / 4);
        const auto* x = static_cast<const float*>(src.tensor_data(t.name));
        const auto bytes = lugh::quant::quantize(t.type, std::vector<float>(x, x + n), s.shape[0]);
        ASSERT_EQ(bytes.size(), t.nbytes) << t.name;
        EXPECT_EQ(std::memcmp(got.tensor_data(t.name), bytes.data(), bytes.size()), 0) << t.name;
    }
    // The same file whatever the thread count.
    ASSERT_EQ(lugh_quantize(in + " " + dir + "/out3.gguf q4_k_m -t 3").status, 0);
    expect_same_tensors(lugh::gguf::File(dir + "/out3.gguf"), got);
}

TEST(QuantizeCli, NonFiniteWeightsAreRefusedNamingTheTensor) {
    const std::string dir = temp_dir();
    const std::string in = write_model(dir, /*with_nan=*/true);
    const CliResult r = lugh_quantize(in + " " + dir + "/out.gguf q4_0");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("tensor 'blk.0.attn_v.weight': row 1, element 44 is NaN; q4_0 cannot store NaN or infinity"),
              std::string::npos)
        << r.output;
    EXPECT_NE(access((dir + "/out.gguf").c_str(), F_OK), 0);   // nothing written
    // A float type stores NaN as it is.
    EXPECT_EQ(lugh_quantize(in + " " + dir + "/out.gguf f16").status, 0);
}

TEST(QuantizeCli, BadUsageExitsWithTwo) {
    const std::string dir = temp_dir();
    const std::string in = write_model(dir);
    CliResult r = lugh_quantize(in + " " + dir + "/out.gguf q4_k_s");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("unknown type 'q4_k_s'"), std::string::npos) << r.output;
    r = lugh_quantize(in + " " + dir + "/out.gguf q8_k");   // an activation type: no weights file uses it
    EXPECT_EQ(r.status, 2);
    r = lugh_quantize(in + " " + dir + "/out.gguf q4_0 --threads 0");
    EXPECT_EQ(r.status, 2);
    r = lugh_quantize(in + " " + in + " q4_0");
    EXPECT_EQ(r.status, 1);
}
