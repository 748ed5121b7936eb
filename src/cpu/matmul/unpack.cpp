#include "cpu/matmul/unpack.hpp"

#include "cpu/matmul/integer_form.hpp"
#include "cpu/simd/targets.hpp"

namespace lugh::cpu::matmul {

namespace {

template <ggml_type kType>
void unpack_scalar(const char* row, int64_t k, uint8_t* codes, float* scales, float* betas) {
    const IntegerForm& f = *integer_form(kType);
    const int group = f.scheme.group;
    float unused = 0.0f;
    for (int64_t g = 0; g < k / group; ++g)
        f.decode(row, g, codes + g * group, scales + g, f.scheme.has_min ? betas + g : &unused);
}

}  // namespace

UnpackRowFn unpack_row_scalar(ggml_type type) {
    switch (type) {
        case GGML_TYPE_Q8_0: return unpack_scalar<GGML_TYPE_Q8_0>;
        case GGML_TYPE_Q4_0: return unpack_scalar<GGML_TYPE_Q4_0>;
        case GGML_TYPE_Q4_1: return unpack_scalar<GGML_TYPE_Q4_1>;
        case GGML_TYPE_Q5_0: return unpack_scalar<GGML_TYPE_Q5_0>;
        case GGML_TYPE_Q5_1: return unpack_scalar<GGML_TYPE_Q5_1>;
        case GGML_TYPE_IQ4_NL: return unpack_scalar<GGML_TYPE_IQ4_NL>;
        case GGML_TYPE_Q2_K: return unpack_scalar<GGML_TYPE_Q2_K>;
        case GGML_TYPE_Q3_K: return unpack_scalar<GGML_TYPE_Q3_K>;
        case GGML_TYPE_Q4_K: return unpack_scalar<GGML_TYPE_Q4_K>;
        case GGML_TYPE_Q5_K: return unpack_scalar<GGML_TYPE_Q5_K>;
        case GGML_TYPE_Q6_K: return unpack_scalar<GGML_TYPE_Q6_K>;
        case GGML_TYPE_IQ4_XS: return unpack_scalar<GGML_TYPE_IQ4_XS>;
        default: return nullptr;
    }
}

UnpackRowFn unpack_row(ggml_type type) {
#if defined(__x86_64__)
    if (simd::kernel_level() >= simd::KernelLevel::avx2)
        if (UnpackRowFn f = unpack_row_avx2(type)) return f;
#endif
    return unpack_row_scalar(type);
}

}  // namespace lugh::cpu::matmul
