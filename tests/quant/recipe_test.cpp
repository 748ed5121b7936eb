// llama-quantize's choice of types per tensor (lugh/quant_recipe.hpp): the
// mixtures' rules on made-up models of every size that matters, and (with
// ../shared) the choices of llama.cpp's own q4_k_m / q5_k_m files.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "lugh/gguf.hpp"
#include "lugh/quant_recipe.hpp"
#include "support/shared_fixtures.hpp"

namespace {

using lugh::Type;
using lugh::gguf::TensorInfo;
namespace q = lugh::quant;

// The tensors of a llama-architecture model with n_layer layers, all F16,
// listed in the order a converter writes them (not llama_order).
std::vector<TensorInfo> llama_tensors(int n_layer, bool with_output = true, int64_t embd = 4096) {
    std::vector<TensorInfo> ts;
    auto add = [&](const std::string& name, std::vector<int64_t> shape) {
        ts.push_back(TensorInfo{name, Type::F16, std::move(shape), 0, 0});
    };
    add("token_embd.weight", {embd, 32000});
    for (int l = 0; l < n_layer; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        add(b + "attn_norm.weight", {embd});
        add(b + "attn_q.weight", {embd, embd});
        add(b + "attn_k.weight", {embd, 1024});
        add(b + "attn_v.weight", {embd, 1024});
        add(b + "attn_output.weight", {embd, embd});
        add(b + "ffn_norm.weight", {embd});
        add(b + "ffn_gate.weight", {embd, 14336});
        add(b + "ffn_up.weight", {embd, 14336});
        add(b + "ffn_down.weight", {14336, embd});
    }
    add("output_norm.weight", {embd});
    if (with_output) add("output.weight", {embd, 32000});
    return ts;
}

std::map<std::string, Type> planned(const char* recipe, const q::ModelInfo& m, const std::vector<TensorInfo>& ts) {
    const q::Recipe* r = q::find_recipe(recipe);
    EXPECT_NE(r, nullptr) << recipe;
    const std::vector<Type> types = q::plan(*r, m, ts);
    std::map<std::string, Type> out;
    for (size_t i = 0; i < ts.size(); ++i) out[ts[i].name] = types[i];
    return out;
}

q::ModelInfo llama_model(int n_layer) { return q::ModelInfo{"llama", n_layer, 0, 32, 8}; }

// use_more_bits for 32 layers: the first and last four, and 6, 9, ..., 27.
bool more_bits_of_32(int l) { return l < 4 || l >= 28 || (l - 4) % 3 == 2; }

}  // namespace

TEST(Recipe, NamesFileTypesAndCase) {
    const q::Recipe* r = q::find_recipe("Q4_K_M");
    ASSERT_NE(r, nullptr);
    EXPECT_STREQ(r->name, "q4_k_m");
    EXPECT_EQ(r->base, Type::Q4_K);
    EXPECT_EQ(r->file_type, 15u);
    EXPECT_TRUE(r->mixed);
    EXPECT_EQ(q::find_recipe("q6_k")->file_type, 18u);
    EXPECT_EQ(q::find_recipe("q4_k")->file_type, 15u);   // what llama-quantize --pure writes
    EXPECT_FALSE(q::find_recipe("q4_k")->mixed);
    EXPECT_EQ(q::find_recipe("iq4_xs")->file_type, 30u);
    EXPECT_EQ(q::find_recipe("q4_k_s"), nullptr);
    EXPECT_EQ(q::find_recipe(""), nullptr);
}

TEST(Recipe, LlamaOrderPutsLayersInNumericOrder) {
    std::vector<TensorInfo> ts;
    for (const char* n : {"blk.10.a.weight", "output.weight", "blk.2.b.weight", "blk.2.a.weight", "token_embd.weight",
                          "blk.9.a.weight", "blkx.weight"})
        ts.push_back(TensorInfo{n, Type::F16, {32, 32}, 0, 0});
    std::vector<std::string> got;
    for (size_t i : q::llama_order(ts)) got.push_back(ts[i].name);
    const std::vector<std::string> want = {"blkx.weight",     "output.weight",  "token_embd.weight", "blk.2.a.weight",
                                           "blk.2.b.weight",  "blk.9.a.weight", "blk.10.a.weight"};
    EXPECT_EQ(got, want);
}

TEST(Recipe, ConvertsMatricesNamedWeightButNotNormsOrRouters) {
    auto t = [](const std::string& name, std::vector<int64_t> shape) { return TensorInfo{name, Type::F16, shape, 0, 0}; };
    EXPECT_TRUE(q::converts(t("blk.0.attn_q.weight", {64, 64})));
    EXPECT_FALSE(q::converts(t("blk.0.attn_norm.weight", {64})));
    EXPECT_FALSE(q::converts(t("blk.0.attn_q.weight", {64, 1, 1})));   // a vector with trailing ones
    EXPECT_FALSE(q::converts(t("blk.0.attn_q.bias", {64, 64})));
    EXPECT_FALSE(q::converts(t("blk.0.ffn_gate_inp.weight", {64, 8})));
    EXPECT_FALSE(q::converts(t("blk.0.attn_q_norm.weight", {64, 64})));
    EXPECT_FALSE(q::converts(t("position_embd.weight", {64, 64})));
    EXPECT_FALSE(q::converts(t("blk.0.ssm_conv1d.weight", {4, 64})));
    EXPECT_TRUE(q::converts(t("blk.0.ffn_up_exps.weight", {64, 128, 8})));
}

TEST(Recipe, Q4_K_MGivesMoreBitsToOutputAndSomeAttnVAndFfnDown) {
    const auto ts = llama_tensors(32);
    const auto types = planned("q4_k_m", llama_model(32), ts);
    EXPECT_EQ(types.at("output.weight"), Type::Q6_K);
    EXPECT_EQ(types.at("token_embd.weight"), Type::Q4_K);   // not tied: output.weight exists
    EXPECT_EQ(types.at("output_norm.weight"), Type::F16);
    for (int l = 0; l < 32; ++l) {
        SCOPED_TRACE(l);
        const std::string b = "blk." + std::to_string(l) + ".";
        const Type more = more_bits_of_32(l) ? Type::Q6_K : Type::Q4_K;
        EXPECT_EQ(types.at(b + "attn_v.weight"), more);
        EXPECT_EQ(types.at(b + "ffn_down.weight"), more);
        for (const char* n : {"attn_q.weight", "attn_k.weight", "attn_output.weight", "ffn_gate.weight", "ffn_up.weight"})
            EXPECT_EQ(types.at(b + n), Type::Q4_K) << n;
        EXPECT_EQ(types.at(b + "attn_norm.weight"), Type::F16);
    }
}

TEST(Recipe, Q5_K_MAndQ6_K) {
    const auto ts = llama_tensors(32);
    const auto q5 = planned("q5_k_m", llama_model(32), ts);
    const auto q6 = planned("q6_k", llama_model(32), ts);
    for (int l = 0; l < 32; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        EXPECT_EQ(q5.at(b + "attn_v.weight"), more_bits_of_32(l) ? Type::Q6_K : Type::Q5_K) << l;
        EXPECT_EQ(q5.at(b + "ffn_down.weight"), more_bits_of_32(l) ? Type::Q6_K : Type::Q5_K) << l;
        EXPECT_EQ(q5.at(b + "attn_q.weight"), Type::Q5_K);
        EXPECT_EQ(q6.at(b + "attn_v.weight"), Type::Q6_K);
        EXPECT_EQ(q6.at(b + "ffn_down.weight"), Type::Q6_K);
    }
    EXPECT_EQ(q5.at("output.weight"), Type::Q6_K);
    EXPECT_EQ(q6.at("output.weight"), Type::Q6_K);
    EXPECT_EQ(q6.at("token_embd.weight"), Type::Q6_K);
}

TEST(Recipe, TiedEmbeddingsTakeTheOutputsType) {
    const auto types = planned("q4_k_m", llama_model(22), llama_tensors(22, /*with_output=*/false));
    EXPECT_EQ(types.at("token_embd.weight"), Type::Q6_K);
}

TEST(Recipe, CountersFollowLlamaOrderNotFileOrder) {
    // 22 layers (TinyLlama): more bits for layers 0, 1, 19, 20, 21 and 4, 7, 10, 13, 16.
    const auto types = planned("q4_k_m", llama_model(22), llama_tensors(22, true, 2048));
    for (int l = 0; l < 22; ++l) {
        const bool more = l < 2 || l >= 19 || (l - 2) % 3 == 2;
        EXPECT_EQ(types.at("blk." + std::to_string(l) + ".attn_v.weight"), more ? Type::Q6_K : Type::Q4_K) << l;
    }
}

TEST(Recipe, RowsThatAreNotWholeSuperBlocksFallBack) {
    std::vector<TensorInfo> ts = {
        {"blk.0.attn_q.weight", Type::F16, {2080, 64}, 0, 0},   // 65 blocks of 32, not of 256
        {"blk.0.attn_k.weight", Type::F16, {100, 64}, 0, 0},    // not even blocks of 32
        {"output.weight", Type::F32, {2080, 512}, 0, 0},
    };
    const q::ModelInfo m = llama_model(1);
    EXPECT_EQ(planned("q4_k_m", m, ts).at("blk.0.attn_q.weight"), Type::Q5_0);
    EXPECT_EQ(planned("q4_k_m", m, ts).at("blk.0.attn_k.weight"), Type::F16);
    EXPECT_EQ(planned("q4_k_m", m, ts).at("output.weight"), Type::Q8_0);   // the output rule, before the fallback
    EXPECT_EQ(planned("q5_k", m, ts).at("blk.0.attn_q.weight"), Type::Q5_1);
    EXPECT_EQ(planned("q6_k", m, ts).at("blk.0.attn_q.weight"), Type::Q8_0);
    EXPECT_EQ(planned("q2_k", m, ts).at("blk.0.attn_q.weight"), Type::Q4_0);
    EXPECT_EQ(planned("iq4_xs", m, ts).at("blk.0.attn_q.weight"), Type::IQ4_NL);
    EXPECT_EQ(planned("q8_0", m, ts).at("blk.0.attn_k.weight"), Type::F16);     // no fallback: left as it is
    EXPECT_EQ(planned("f16", m, ts).at("output.weight"), Type::F16);
}

TEST(Recipe, EightExpertsAndSeventyBillion) {
    std::vector<TensorInfo> ts = llama_tensors(4);
    q::ModelInfo moe = llama_model(4);
    moe.n_expert = 8;
    auto types = planned("q4_k_m", moe, ts);
    EXPECT_EQ(types.at("blk.1.attn_v.weight"), Type::Q8_0);
    EXPECT_EQ(types.at("blk.1.attn_k.weight"), Type::Q8_0);
    EXPECT_EQ(types.at("blk.1.attn_output.weight"), Type::Q5_K);
    q::ModelInfo big = llama_model(80);   // n_head 32 != n_head_kv 8: the 70B shape
    types = planned("q4_k_m", big, llama_tensors(80));
    EXPECT_EQ(types.at("blk.40.attn_v.weight"), Type::Q5_K);   // Q4_K raised for 70B
    EXPECT_EQ(types.at("blk.41.attn_v.weight"), Type::Q5_K);
    EXPECT_EQ(types.at("blk.42.attn_v.weight"), Type::Q6_K);   // (42 − 80/8) % 3 == 2
}

TEST(Recipe, ReproducesLlamaCppMixturesOnTheSharedFiles) {
    LUGH_SHARED_OR_SKIP(dir, "models/synthetic");
    const lugh::gguf::File f16(dir + "/llama-small-f16.gguf");
    for (const char* mix : {"q4_k_m", "q5_k_m", "q4_k", "q6_k", "iq4_xs", "q2_k"}) {
        SCOPED_TRACE(mix);
        const lugh::gguf::File ref(dir + "/llama-small-" + std::string(mix) + ".gguf");
        const auto& ts = f16.tensors();
        const std::vector<Type> types = q::plan(*q::find_recipe(mix), q::model_info(f16), ts);
        std::vector<std::string> order;
        for (size_t i : q::llama_order(ts)) {
            order.push_back(ts[i].name);
            EXPECT_EQ(types[i], ref.tensor(ts[i].name).type) << ts[i].name;
        }
        std::vector<std::string> ref_order;
        for (const auto& t : ref.tensors()) ref_order.push_back(t.name);
        EXPECT_EQ(order, ref_order);
        EXPECT_EQ(ref.get_int("general.file_type"), q::find_recipe(mix)->file_type);
    }
}
