// Quantization against llama.cpp's files: every llama-small-TYPE.gguf in
// ../shared/models/synthetic was written by llama-quantize --pure from
// llama-small-f16.gguf with ggml's reference quantizer, so quantizing the F16
// file's tensors (widened to F32) must give exactly the bytes of each TYPE
// file's tensors. Skipped when the shared fixtures are absent.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/fp16.hpp"
#include "lugh/ggml/ggml.h"
#include "lugh/gguf.hpp"
#include "support/shared_fixtures.hpp"

namespace {

struct PureFile {
    const char* file;
    ggml_type type;
};

const PureFile kPureFiles[] = {
    {"q4_0", GGML_TYPE_Q4_0}, {"q4_1", GGML_TYPE_Q4_1}, {"q5_0", GGML_TYPE_Q5_0},     {"q5_1", GGML_TYPE_Q5_1},
    {"q8_0", GGML_TYPE_Q8_0}, {"q2_k", GGML_TYPE_Q2_K}, {"q3_k", GGML_TYPE_Q3_K},     {"q4_k", GGML_TYPE_Q4_K},
    {"q5_k", GGML_TYPE_Q5_K}, {"q6_k", GGML_TYPE_Q6_K}, {"iq4_nl", GGML_TYPE_IQ4_NL}, {"iq4_xs", GGML_TYPE_IQ4_XS},
};

std::vector<float> widened(const lugh::gguf::File& f16, const std::string& name) {
    const lugh::gguf::TensorInfo& info = f16.tensor(name);
    EXPECT_EQ(info.type, lugh::Type::F16) << name;
    const auto* h = static_cast<const uint16_t*>(f16.tensor_data(name));
    std::vector<float> x(info.nbytes / 2);
    for (size_t i = 0; i < x.size(); ++i) x[i] = lugh::core::fp16_to_fp32(h[i]);
    return x;
}

}  // namespace

TEST(ReferenceQuant, PureFilesMatchTensorByTensor) {
    LUGH_SHARED_OR_SKIP(models, "models/synthetic");
    const lugh::gguf::File f16(models + "/llama-small-f16.gguf");
    for (const PureFile& p : kPureFiles) {
        const lugh::gguf::File q(models + "/llama-small-" + p.file + ".gguf");
        int compared = 0;
        for (const lugh::gguf::TensorInfo& t : q.tensors()) {
            if (static_cast<ggml_type>(t.type) != p.type) continue;
            SCOPED_TRACE(std::string(p.file) + " " + t.name);
            const std::vector<float> x = widened(f16, t.name);
            const int64_t row = t.shape[0];
            const int64_t rows = static_cast<int64_t>(x.size()) / row;
            std::vector<unsigned char> got(t.nbytes, 0xEE);
            ASSERT_EQ(ggml_quantize_chunk(p.type, x.data(), got.data(), 0, rows, row, nullptr), t.nbytes);
            const auto* want = static_cast<const unsigned char*>(q.tensor_data(t.name));
            const size_t block = ggml_type_size(p.type);
            size_t bad = 0, first = 0;
            for (size_t b = 0; b < t.nbytes / block; ++b)
                if (std::memcmp(got.data() + b * block, want + b * block, block) != 0 && bad++ == 0) first = b;
            EXPECT_EQ(bad, 0u) << "of " << t.nbytes / block << " blocks differ, first: block " << first;
            ++compared;
        }
        EXPECT_GE(compared, 14) << p.file;   // every matrix of the model
    }
}
