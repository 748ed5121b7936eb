// lugh::gguf::Writer: the C++ writer over Metadata and write_file.
#include <cstring>

#include "core/check.hpp"
#include "core/tensor_shape.hpp"
#include "gguf/metadata.hpp"
#include "gguf/write.hpp"
#include "lugh/ggml/ggml.h"
#include "lugh/gguf.hpp"

namespace lugh::gguf {

struct Writer::Impl {
    Metadata meta;
    std::vector<Tensor> handles;   // per tensor record: the handle to read at write time
    std::vector<bool> has_handle;  // false: raw bytes given to add_tensor

    template <typename T>
    void scalar(const std::string& key, gguf_type type, T v, const char* fn) {
        Value val;
        val.type = type;
        val.bytes.resize(sizeof v);
        std::memcpy(val.bytes.data(), &v, sizeof v);
        meta.set(key, std::move(val), fn);
    }
};

Writer::Writer() : impl_(new Impl) {}
Writer::~Writer() = default;
Writer::Writer(Writer&&) noexcept = default;
Writer& Writer::operator=(Writer&&) noexcept = default;

void Writer::set_u8(const std::string& k, uint8_t v) { impl_->scalar(k, GGUF_TYPE_UINT8, v, "Writer::set_u8"); }
void Writer::set_i8(const std::string& k, int8_t v) { impl_->scalar(k, GGUF_TYPE_INT8, v, "Writer::set_i8"); }
void Writer::set_u16(const std::string& k, uint16_t v) { impl_->scalar(k, GGUF_TYPE_UINT16, v, "Writer::set_u16"); }
void Writer::set_i16(const std::string& k, int16_t v) { impl_->scalar(k, GGUF_TYPE_INT16, v, "Writer::set_i16"); }
void Writer::set_u32(const std::string& k, uint32_t v) { impl_->scalar(k, GGUF_TYPE_UINT32, v, "Writer::set_u32"); }
void Writer::set_i32(const std::string& k, int32_t v) { impl_->scalar(k, GGUF_TYPE_INT32, v, "Writer::set_i32"); }
void Writer::set_f32(const std::string& k, float v) { impl_->scalar(k, GGUF_TYPE_FLOAT32, v, "Writer::set_f32"); }
void Writer::set_u64(const std::string& k, uint64_t v) { impl_->scalar(k, GGUF_TYPE_UINT64, v, "Writer::set_u64"); }
void Writer::set_i64(const std::string& k, int64_t v) { impl_->scalar(k, GGUF_TYPE_INT64, v, "Writer::set_i64"); }
void Writer::set_f64(const std::string& k, double v) { impl_->scalar(k, GGUF_TYPE_FLOAT64, v, "Writer::set_f64"); }
void Writer::set_bool(const std::string& k, bool v) {
    impl_->scalar<uint8_t>(k, GGUF_TYPE_BOOL, v ? 1 : 0, "Writer::set_bool");
}

void Writer::set_string(const std::string& key, const std::string& v) {
    Value val;
    val.type = GGUF_TYPE_STRING;
    val.strings.push_back(v);
    impl_->meta.set(key, std::move(val), "Writer::set_string");
}

void Writer::set_array(const std::string& key, ValueType elem_type, const void* data, size_t n) {
    const auto t = static_cast<gguf_type>(elem_type);
    const size_t es = value_type_size(t);
    if (es == 0) core::fail("lugh: Writer::set_array: element type %s is not fixed-size", value_type_name(elem_type));
    size_t bytes = 0;
    if (core::mul_overflows(n, es, &bytes)) core::fail("lugh: Writer::set_array: %zu elements overflow", n);
    if (n > 0 && !data) core::fail("lugh: Writer::set_array: data is null");
    Value val;
    val.type = GGUF_TYPE_ARRAY;
    val.elem_type = t;
    val.n = n;
    if (n > 0) val.bytes.assign(static_cast<const unsigned char*>(data), static_cast<const unsigned char*>(data) + bytes);
    impl_->meta.set(key, std::move(val), "Writer::set_array");
}

void Writer::set_string_array(const std::string& key, const std::vector<std::string>& v) {
    Value val;
    val.type = GGUF_TYPE_ARRAY;
    val.elem_type = GGUF_TYPE_STRING;
    val.n = v.size();
    val.strings = v;
    impl_->meta.set(key, std::move(val), "Writer::set_string_array");
}

void Writer::copy_keys(const File& file) {
    Metadata next = impl_->meta;   // all or nothing
    for (const auto& e : file.metadata().kv) next.set(e.key, e.value, "Writer::copy_keys");
    impl_->meta = std::move(next);
}

bool Writer::remove(const std::string& key) { return impl_->meta.remove(key.c_str()) >= 0; }

void Writer::set_alignment(uint32_t alignment) { set_u32(GGUF_KEY_GENERAL_ALIGNMENT, alignment); }

void Writer::add_tensor(const Tensor& tensor) {
    ggml_tensor* t = tensor.raw();
    if (!core::is_contiguous(t)) core::fail("lugh: Writer::add_tensor: tensor '%s' is not contiguous", t->name);
    impl_->meta.add_tensor(t->name, t->type, core::n_dims(t), t->ne, nullptr, "Writer::add_tensor");
    impl_->handles.push_back(tensor);
    impl_->has_handle.push_back(true);
}

void Writer::add_tensor(const std::string& name, Type type, const std::vector<int64_t>& shape, const void* data) {
    if (shape.empty() || shape.size() > GGML_MAX_DIMS)
        core::fail("lugh: Writer::add_tensor: tensor '%s' has %zu dimensions (1 to 4 allowed)", name.c_str(), shape.size());
    impl_->meta.add_tensor(name, static_cast<ggml_type>(type), static_cast<int>(shape.size()), shape.data(), data,
                           "Writer::add_tensor");
    impl_->handles.emplace_back();
    impl_->has_handle.push_back(false);
}

void Writer::write(const std::string& path, bool only_meta) const {
    Metadata meta = impl_->meta;
    for (size_t i = 0; i < meta.tensors.size(); ++i) {
        const Tensor& h = impl_->handles[i];
        if (only_meta || !impl_->has_handle[i]) continue;   // no data needed, or raw bytes already in the record
        ggml_tensor* t = h.raw();   // throws if its context is gone
        if (!t->data)
            core::fail("lugh: Writer::write: tensor '%s' has no data", t->name);
        meta.tensors[i].data = t->data;
    }
    write_file(meta, path, only_meta, "Writer::write");
}

}  // namespace lugh::gguf
