// Dequantization against ggml's own floats: reference/dequant/ holds what
// upstream's to_float gives for two tensors of each llama.cpp-written file in
// ../shared/models; every value must match bit for bit (skipped when the
// shared fixtures are absent). Also checks that files holding every new type
// load into a context.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "lugh/ggml/ggml.h"
#include "lugh/gguf.hpp"
#include "lugh/lugh.hpp"
#include "quant/rows.hpp"
#include "support/shared_fixtures.hpp"

namespace {

struct FileType {
    const char* file;   // llama-small-<file>.gguf
    ggml_type type;     // the type of its two reference tensors
};

const FileType kFiles[] = {
    {"q4_0", GGML_TYPE_Q4_0},     {"q4_1", GGML_TYPE_Q4_1},     {"q5_0", GGML_TYPE_Q5_0},
    {"q5_1", GGML_TYPE_Q5_1},     {"q8_0", GGML_TYPE_Q8_0},     {"q2_k", GGML_TYPE_Q2_K},
    {"q3_k", GGML_TYPE_Q3_K},     {"q4_k", GGML_TYPE_Q4_K},     {"q5_k", GGML_TYPE_Q5_K},
    {"q6_k", GGML_TYPE_Q6_K},     {"iq4_nl", GGML_TYPE_IQ4_NL}, {"iq4_xs", GGML_TYPE_IQ4_XS},
    {"q4_k_m", GGML_TYPE_COUNT},  {"q5_k_m", GGML_TYPE_COUNT},  {"f16", GGML_TYPE_F16},
};

const char* const kTensors[] = {"blk.0.attn_k.weight", "blk.1.ffn_down.weight"};

std::vector<float> read_floats(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<float> v(bytes.size() / sizeof(float));
    std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
    return v;
}

}  // namespace

TEST(ReferenceDequant, EveryTypeMatchesGgmlBitForBit) {
    LUGH_SHARED_OR_SKIP(models, "models");
    for (const FileType& f : kFiles) {
        const std::string name = std::string("llama-small-") + f.file;
        lugh::gguf::File file(models + "/synthetic/" + name + ".gguf");
        for (const char* tensor : kTensors) {
            SCOPED_TRACE(name + " " + tensor);
            const lugh::gguf::TensorInfo& info = file.tensor(tensor);
            const auto type = static_cast<ggml_type>(info.type);
            if (f.type != GGML_TYPE_COUNT) EXPECT_EQ(type, f.type);
            const std::vector<float> want = read_floats(models + "/reference/dequant/" + name + "." + tensor + ".f32");
            int64_t n = 1;
            for (int64_t d : info.shape) n *= d;
            ASSERT_EQ(static_cast<size_t>(n), want.size());

            // The scalar reference row conversion, one row at a time as ggml's
            // to_float is called, and the C trait over the whole tensor.
            std::vector<float> got(want.size()), whole(want.size());
            const int64_t row = info.shape[0];
            const size_t row_bytes = ggml_row_size(type, row);
            const auto* src = static_cast<const unsigned char*>(file.tensor_data(tensor));
            const lugh::quant::ToFloatFn to_float = lugh::quant::to_float_fn(type);
            ASSERT_NE(to_float, nullptr);
            for (int64_t r = 0; r < n / row; ++r) to_float(src + r * row_bytes, got.data() + r * row, row);
            ggml_get_type_traits(type)->to_float(src, whole.data(), n);

            size_t mismatches = 0, first = want.size();
            for (size_t i = 0; i < want.size(); ++i)
                if (std::memcmp(&got[i], &want[i], sizeof(float)) != 0 && mismatches++ == 0) first = i;
            EXPECT_EQ(mismatches, 0u) << "first at " << first << ": " << got[first] << " vs " << want[first];
            EXPECT_EQ(std::memcmp(whole.data(), got.data(), got.size() * sizeof(float)), 0);
        }
    }
}

TEST(ReferenceDequant, FilesOfEveryTypeLoadIntoAContext) {
    LUGH_SHARED_OR_SKIP(models, "models");
    for (const FileType& f : kFiles) {
        const std::string path = models + "/synthetic/llama-small-" + f.file + ".gguf";
        SCOPED_TRACE(path);
        lugh::gguf::File file(path);
        for (lugh::gguf::Load mode : {lugh::gguf::Load::Copy, lugh::gguf::Load::Mmap}) {
            lugh::Context ctx = file.load(mode);
            const lugh::Tensor t = ctx.get_tensor("blk.1.ffn_down.weight");
            EXPECT_EQ(t.type(), file.tensor("blk.1.ffn_down.weight").type);
            EXPECT_EQ(t.nbytes(), file.tensor("blk.1.ffn_down.weight").nbytes);
            const std::vector<unsigned char> bytes = t.get_data();
            EXPECT_EQ(std::memcmp(bytes.data(), file.tensor_data("blk.1.ffn_down.weight"), bytes.size()), 0);
        }
    }
}
