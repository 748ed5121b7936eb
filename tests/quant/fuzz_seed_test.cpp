// fuzz/seeds/weight_types.gguf: a small file with one tensor of every block
// type, the seed that makes the GGUF fuzz target decode each layout. The
// committed file must stay in step with the type table (regenerate it with
// lugh_quant_tests --gtest_also_run_disabled_tests --gtest_filter='*WriteFuzzSeed').
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lugh/gguf.hpp"
#include "lugh/quant.hpp"
#include "quant_test_util.hpp"

namespace {

const lugh::Type kBlockTypes[] = {lugh::Type::Q4_0, lugh::Type::Q4_1, lugh::Type::Q5_0, lugh::Type::Q5_1,
                                  lugh::Type::Q8_0, lugh::Type::Q2_K, lugh::Type::Q3_K, lugh::Type::Q4_K,
                                  lugh::Type::Q5_K, lugh::Type::Q6_K, lugh::Type::Q8_K, lugh::Type::IQ4_NL,
                                  lugh::Type::IQ4_XS};

std::string seed_path() { return std::string(LUGH_SOURCE_DIR) + "/fuzz/seeds/weight_types.gguf"; }

}  // namespace

TEST(FuzzSeed, DISABLED_WriteFuzzSeed) {
    lugh::gguf::Writer w;
    w.set_string("general.architecture", "llama");
    std::vector<std::vector<unsigned char>> data;
    for (lugh::Type t : kBlockTypes) {
        const int64_t n = lugh::block_size(t);   // one block: the file must stay under the fuzzer's 4 KiB
        data.push_back(lugh::quant::quantize(t, quanttest::randn(static_cast<size_t>(n), 7), n));
        w.add_tensor(std::string("w.") + lugh::type_name(t), t, {n, 1}, data.back().data());
    }
    w.write(seed_path());
}

TEST(FuzzSeed, HoldsOneTensorOfEveryBlockType) {
    const lugh::gguf::File f(seed_path());
    EXPECT_LE(f.file_size(), 4096u);   // fuzz/run.sh's -max_len
    for (lugh::Type t : kBlockTypes) {
        const std::string name = std::string("w.") + lugh::type_name(t);
        ASSERT_TRUE(f.has_tensor(name)) << name << ": regenerate the seed (see the top of this file)";
        EXPECT_EQ(f.tensor(name).type, t);
    }
}
