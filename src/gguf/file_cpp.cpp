// lugh::gguf::File: the C++ reader over the mapping, parser and loader.
#include <cinttypes>
#include <cstring>

#include "core/check.hpp"
#include "gguf/load.hpp"
#include "gguf/mapped_file.hpp"
#include "gguf/metadata.hpp"
#include "gguf/file_range.hpp"
#include "gguf/parse.hpp"
#include "lugh/gguf.hpp"

namespace lugh::gguf {

const char* value_type_name(ValueType type) {
    const char* n = value_type_name(static_cast<gguf_type>(type));
    return n ? n : "?";
}

struct File::Impl {
    std::shared_ptr<const MappedFile> file;
    Metadata meta;
    std::vector<TensorInfo> infos;

    const KeyValue& kv(const std::string& key) const {
        const int64_t i = meta.find_key(key);
        if (i < 0) core::fail("lugh: gguf: %s: no key '%s'", file->path().c_str(), key.c_str());
        return meta.kv[static_cast<size_t>(i)];
    }
    [[noreturn]] void mismatch(const KeyValue& e, const char* want) const {
        core::fail("lugh: gguf: %s: key '%s' holds a %s, not %s", file->path().c_str(), e.key.c_str(),
                   value_type_name(static_cast<ValueType>(e.value.type)), want);
    }
    size_t tensor_index(const std::string& name) const {
        const int64_t i = meta.find_tensor(name);
        if (i < 0) core::fail("lugh: gguf: %s: no tensor named '%s'", file->path().c_str(), name.c_str());
        return static_cast<size_t>(i);
    }
    const KeyValue& array(const std::string& key) const {
        const KeyValue& e = kv(key);
        if (e.value.type != GGUF_TYPE_ARRAY) mismatch(e, "an array");
        return e;
    }
};

namespace {

template <typename T>
T read_at(const std::vector<unsigned char>& b, size_t i) {
    T v;
    std::memcpy(&v, b.data() + i * sizeof v, sizeof v);
    return v;
}

bool is_integer(gguf_type t) {
    return t == GGUF_TYPE_UINT8 || t == GGUF_TYPE_INT8 || t == GGUF_TYPE_UINT16 || t == GGUF_TYPE_INT16 ||
           t == GGUF_TYPE_UINT32 || t == GGUF_TYPE_INT32 || t == GGUF_TYPE_UINT64 || t == GGUF_TYPE_INT64;
}

// Element i of integer values as (negative?, magnitude) without overflow.
int64_t int_at(gguf_type t, const std::vector<unsigned char>& b, size_t i, bool* too_big) {
    *too_big = false;
    switch (t) {
        case GGUF_TYPE_UINT8: return read_at<uint8_t>(b, i);
        case GGUF_TYPE_INT8: return read_at<int8_t>(b, i);
        case GGUF_TYPE_UINT16: return read_at<uint16_t>(b, i);
        case GGUF_TYPE_INT16: return read_at<int16_t>(b, i);
        case GGUF_TYPE_UINT32: return read_at<uint32_t>(b, i);
        case GGUF_TYPE_INT32: return read_at<int32_t>(b, i);
        case GGUF_TYPE_INT64: return read_at<int64_t>(b, i);
        default: {
            const uint64_t u = read_at<uint64_t>(b, i);
            *too_big = u > static_cast<uint64_t>(INT64_MAX);
            return static_cast<int64_t>(u);
        }
    }
}

double float_at(gguf_type t, const std::vector<unsigned char>& b, size_t i) {
    return t == GGUF_TYPE_FLOAT32 ? static_cast<double>(read_at<float>(b, i)) : read_at<double>(b, i);
}

}  // namespace

File::File(const std::string& path) : impl_(new Impl) {
    impl_->file = MappedFile::open(path);
    impl_->meta = parse(impl_->file->data(), impl_->file->size(), path);
    for (const auto& t : impl_->meta.tensors)
        impl_->infos.push_back(TensorInfo{t.name, static_cast<Type>(static_cast<int>(t.type)),
                                          std::vector<int64_t>(t.ne, t.ne + t.n_dims), t.offset, t.nbytes});
}

File::~File() = default;
File::File(File&&) noexcept = default;
File& File::operator=(File&&) noexcept = default;

const std::string& File::path() const { return impl_->file->path(); }
uint32_t File::version() const { return impl_->meta.version; }
size_t File::alignment() const { return impl_->meta.alignment; }
size_t File::data_offset() const { return impl_->meta.data_offset; }
size_t File::file_size() const { return impl_->file->size(); }

std::vector<std::string> File::keys() const {
    std::vector<std::string> out;
    for (const auto& e : impl_->meta.kv) out.push_back(e.key);
    return out;
}
bool File::has_key(const std::string& key) const { return impl_->meta.find_key(key) >= 0; }
ValueType File::type(const std::string& key) const { return static_cast<ValueType>(impl_->kv(key).value.type); }
ValueType File::array_type(const std::string& key) const {
    return static_cast<ValueType>(impl_->array(key).value.elem_type);
}
size_t File::array_size(const std::string& key) const { return static_cast<size_t>(impl_->array(key).value.n); }

std::string File::get_string(const std::string& key) const {
    const KeyValue& e = impl_->kv(key);
    if (e.value.type != GGUF_TYPE_STRING) impl_->mismatch(e, "a string");
    return e.value.strings[0];
}

int64_t File::get_int(const std::string& key) const {
    const KeyValue& e = impl_->kv(key);
    if (!is_integer(e.value.type)) impl_->mismatch(e, "an integer");
    bool too_big = false;
    const int64_t v = int_at(e.value.type, e.value.bytes, 0, &too_big);
    if (too_big) core::fail("lugh: gguf: %s: key '%s' does not fit in int64", path().c_str(), key.c_str());
    return v;
}

uint64_t File::get_uint(const std::string& key) const {
    const KeyValue& e = impl_->kv(key);
    if (e.value.type == GGUF_TYPE_UINT64) return read_at<uint64_t>(e.value.bytes, 0);
    const int64_t v = get_int(key);
    if (v < 0) core::fail("lugh: gguf: %s: key '%s' is negative (%" PRId64 ")", path().c_str(), key.c_str(), v);
    return static_cast<uint64_t>(v);
}

double File::get_float(const std::string& key) const {
    const KeyValue& e = impl_->kv(key);
    if (e.value.type != GGUF_TYPE_FLOAT32 && e.value.type != GGUF_TYPE_FLOAT64) impl_->mismatch(e, "a float");
    return float_at(e.value.type, e.value.bytes, 0);
}

bool File::get_bool(const std::string& key) const {
    const KeyValue& e = impl_->kv(key);
    if (e.value.type != GGUF_TYPE_BOOL) impl_->mismatch(e, "a bool");
    return e.value.bytes[0] != 0;
}

std::vector<int64_t> File::get_int_array(const std::string& key) const {
    const KeyValue& e = impl_->array(key);
    if (!is_integer(e.value.elem_type)) impl_->mismatch(e, "an integer array");
    std::vector<int64_t> out(static_cast<size_t>(e.value.n));
    for (size_t i = 0; i < out.size(); ++i) {
        bool too_big = false;
        out[i] = int_at(e.value.elem_type, e.value.bytes, i, &too_big);
        if (too_big) core::fail("lugh: gguf: %s: element %zu of '%s' does not fit in int64", path().c_str(), i, key.c_str());
    }
    return out;
}

std::vector<double> File::get_float_array(const std::string& key) const {
    const KeyValue& e = impl_->array(key);
    if (e.value.elem_type != GGUF_TYPE_FLOAT32 && e.value.elem_type != GGUF_TYPE_FLOAT64)
        impl_->mismatch(e, "a float array");
    std::vector<double> out(static_cast<size_t>(e.value.n));
    for (size_t i = 0; i < out.size(); ++i) out[i] = float_at(e.value.elem_type, e.value.bytes, i);
    return out;
}

std::vector<std::string> File::get_string_array(const std::string& key) const { return string_array(key); }

const std::vector<std::string>& File::string_array(const std::string& key) const {
    const KeyValue& e = impl_->array(key);
    if (e.value.elem_type != GGUF_TYPE_STRING) impl_->mismatch(e, "a string array");
    return e.value.strings;
}

std::string File::value_string(const std::string& key, size_t max_items) const {
    const KeyValue& e = impl_->kv(key);
    const Value& v = e.value;
    auto one = [&](gguf_type t, size_t i) -> std::string {
        if (t == GGUF_TYPE_STRING) return "\"" + v.strings[i] + "\"";
        if (t == GGUF_TYPE_BOOL) return v.bytes[i] ? "true" : "false";
        if (t == GGUF_TYPE_FLOAT32 || t == GGUF_TYPE_FLOAT64) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%g", float_at(t, v.bytes, i));
            return buf;
        }
        bool too_big = false;
        const int64_t x = int_at(t, v.bytes, i, &too_big);
        return too_big ? std::to_string(static_cast<uint64_t>(x)) : std::to_string(x);
    };
    if (v.type != GGUF_TYPE_ARRAY) return one(v.type, 0);
    std::string s = "[";
    for (size_t i = 0; i < v.n && i < max_items; ++i) s += (i ? ", " : "") + one(v.elem_type, i);
    if (v.n > max_items) s += ", ... (" + std::to_string(v.n) + " items)";
    return s + "]";
}

const Metadata& File::metadata() const { return impl_->meta; }

const std::vector<TensorInfo>& File::tensors() const { return impl_->infos; }
bool File::has_tensor(const std::string& name) const { return impl_->meta.find_tensor(name) >= 0; }

const TensorInfo& File::tensor(const std::string& name) const { return impl_->infos[impl_->tensor_index(name)]; }

const void* File::tensor_data(const std::string& name) const {
    const TensorRecord& t = impl_->meta.tensors[impl_->tensor_index(name)];
    return impl_->file->data() + tensor_bytes_in_file(impl_->meta, t, file_size(), path()).begin;
}

size_t File::context_size(Load mode) const {
    // A file cannot make us size an arena for data it does not hold (nor
    // give a metadata-only context tensors a loader could not fill).
    require_data_present(impl_->meta, file_size(), path());
    return context_bytes(impl_->meta, mode, "lugh::gguf::File::context_size");
}

std::vector<Tensor> File::load_into(Context& ctx, Load mode) const {
    ggml_context* c = ctx.raw();
    const auto made = load_tensors(c, impl_->meta, impl_->file->data(), impl_->file->size(), mode,
                                   impl_->file, path(), "lugh::gguf::File::load_into");
    std::vector<Tensor> out;
    out.reserve(made.size());
    for (ggml_tensor* t : made) out.push_back(Tensor::wrap(c, t));
    return out;
}

Context File::load(Load mode) const {
    ContextParams p;
    p.mem_size = context_size(mode);
    p.no_alloc = mode != Load::Copy;
    Context ctx(p);
    load_into(ctx, mode);
    return ctx;
}

}  // namespace lugh::gguf
