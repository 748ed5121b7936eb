#include "gguf/metadata.hpp"

#include <cinttypes>
#include <cstring>

#include "core/check.hpp"
#include "core/tensor_new.hpp"
#include "core/type_traits.hpp"

namespace lugh::gguf {

size_t value_type_size(gguf_type type) {
    switch (type) {
        case GGUF_TYPE_UINT8: case GGUF_TYPE_INT8: case GGUF_TYPE_BOOL: return 1;
        case GGUF_TYPE_UINT16: case GGUF_TYPE_INT16: return 2;
        case GGUF_TYPE_UINT32: case GGUF_TYPE_INT32: case GGUF_TYPE_FLOAT32: return 4;
        case GGUF_TYPE_UINT64: case GGUF_TYPE_INT64: case GGUF_TYPE_FLOAT64: return 8;
        default: return 0;
    }
}

const char* value_type_name(gguf_type type) {
    switch (type) {
        case GGUF_TYPE_UINT8: return "u8";
        case GGUF_TYPE_INT8: return "i8";
        case GGUF_TYPE_UINT16: return "u16";
        case GGUF_TYPE_INT16: return "i16";
        case GGUF_TYPE_UINT32: return "u32";
        case GGUF_TYPE_INT32: return "i32";
        case GGUF_TYPE_FLOAT32: return "f32";
        case GGUF_TYPE_BOOL: return "bool";
        case GGUF_TYPE_STRING: return "str";
        case GGUF_TYPE_ARRAY: return "arr";
        case GGUF_TYPE_UINT64: return "u64";
        case GGUF_TYPE_INT64: return "i64";
        case GGUF_TYPE_FLOAT64: return "f64";
        default: return nullptr;
    }
}

size_t tensor_nbytes(ggml_type type, int n_dims, const int64_t* ne, const char* what, const char* caller) {
    const core::TypeInfo* ti = core::type_info(type);
    if (!ti) core::fail("lugh: %s: tensor '%s' has unknown type %d", caller, what, static_cast<int>(type));
    if (n_dims < 1 || n_dims > GGML_MAX_DIMS)
        core::fail("lugh: %s: tensor '%s' has %d dimensions (1 to %d allowed)", caller, what, n_dims, GGML_MAX_DIMS);
    int64_t shape[GGML_MAX_DIMS] = {1, 1, 1, 1};
    size_t elements = 1;
    for (int i = 0; i < n_dims; ++i) {
        if (ne[i] < 0) core::fail("lugh: %s: tensor '%s' has dimension %d of %" PRId64, caller, what, i, ne[i]);
        if (core::mul_overflows(elements, static_cast<size_t>(ne[i]), &elements) || elements > INT64_MAX)
            core::fail("lugh: %s: tensor '%s' has too many elements (overflow at dimension %d)", caller, what, i);
        shape[i] = ne[i];
    }
    if (ne[0] % ti->blck_size != 0)
        core::fail("lugh: %s: tensor '%s' of type %s has rows of %" PRId64 " elements, not a multiple of %" PRId64,
                   caller, what, ti->name, ne[0], ti->blck_size);
    // The tensor's strides must fit too, even when a later dimension is 0
    // ([2^62, 0] has no bytes but no context could hold it): the same rule as
    // creating it, so that what a file may hold can be loaded.
    size_t nb[GGML_MAX_DIMS], nbytes = 0;
    if (!core::contiguous_layout(*ti, shape, nb, &nbytes))
        core::fail("lugh: %s: tensor '%s' is too large: its size in bytes overflows", caller, what);
    return nbytes;
}

int64_t Metadata::find_key(const std::string& key) const {
    const auto it = key_index_.find(key);
    return it == key_index_.end() ? -1 : static_cast<int64_t>(it->second);
}

int64_t Metadata::find_key(const char* key) const { return key ? find_key(std::string(key)) : -1; }

int64_t Metadata::find_tensor(const std::string& name) const {
    const auto it = tensor_index_.find(name);
    return it == tensor_index_.end() ? -1 : static_cast<int64_t>(it->second);
}

int64_t Metadata::find_tensor(const char* name) const { return name ? find_tensor(std::string(name)) : -1; }

namespace {

size_t alignment_from(const Value& v, const char* caller) {
    if (v.type != GGUF_TYPE_UINT32)
        core::fail("lugh: %s: %s must be a u32, not %s", caller, GGUF_KEY_GENERAL_ALIGNMENT,
                   value_type_name(v.type) ? value_type_name(v.type) : "?");
    uint32_t a = 0;
    std::memcpy(&a, v.bytes.data(), 4);
    if (a == 0 || (a & (a - 1)) != 0 || a > kMaxAlignment)
        core::fail("lugh: %s: %s is %u; it must be a power of two from 1 to %zu", caller, GGUF_KEY_GENERAL_ALIGNMENT,
                   a, kMaxAlignment);
    return a;
}

void put(std::vector<unsigned char>& out, const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    out.insert(out.end(), b, b + n);
}
template <typename T>
void put_scalar(std::vector<unsigned char>& out, T v) { put(out, &v, sizeof v); }
void put_string(std::vector<unsigned char>& out, const std::string& s) {
    put_scalar<uint64_t>(out, s.size());
    put(out, s.data(), s.size());
}

}  // namespace

void Metadata::set(const std::string& key, Value value, const char* caller) {
    if (key.empty()) core::fail("lugh: %s: a key must not be empty", caller);
    // C callers, and readers that look keys up as C strings, could not tell "a" from "a\0b".
    if (key.find('\0') != std::string::npos)
        core::fail("lugh: %s: the key '%s\\0...' contains a NUL byte", caller, key.c_str());
    if (key == GGUF_KEY_GENERAL_ALIGNMENT) alignment_from(value, caller);   // check before changing anything
    const int64_t at = find_key(key);
    if (at >= 0) {
        kv[static_cast<size_t>(at)].value = std::move(value);
    } else {
        kv.push_back(KeyValue{key, std::move(value)});
        key_index_.emplace(key, kv.size() - 1);
    }
    if (key == GGUF_KEY_GENERAL_ALIGNMENT) layout(caller);
}

int64_t Metadata::remove(const char* key) {
    const int64_t at = find_key(key);
    if (at < 0) return -1;
    const bool was_alignment = kv[static_cast<size_t>(at)].key == GGUF_KEY_GENERAL_ALIGNMENT;
    key_index_.erase(kv[static_cast<size_t>(at)].key);
    kv.erase(kv.begin() + at);
    for (size_t i = static_cast<size_t>(at); i < kv.size(); ++i) key_index_[kv[i].key] = i;   // the later keys moved down
    if (was_alignment) layout("gguf_remove_key");
    return at;
}

void Metadata::add_tensor(const std::string& name, ggml_type type, int n_dims, const int64_t* ne, const void* data,
                          const char* caller) {
    // The parser refuses these names, so a writer must not produce them.
    if (name.empty() || name.size() >= GGML_MAX_NAME || name.find('\0') != std::string::npos)
        core::fail("lugh: %s: tensor name '%s' must have 1 to %d bytes and no NUL byte", caller, name.c_str(),
                   GGML_MAX_NAME - 1);
    if (find_tensor(name) >= 0) core::fail("lugh: %s: a tensor named '%s' was already added", caller, name.c_str());
    TensorRecord info;
    info.name = name;
    info.type = type;
    info.n_dims = n_dims;
    info.nbytes = tensor_nbytes(type, n_dims, ne, name.c_str(), caller);
    for (int i = 0; i < n_dims; ++i) info.ne[i] = ne[i];
    info.data = data;
    // Packed offsets grow by one tensor: placed at the end, without laying out the others again.
    size_t end = data_size;
    if (offsets_ == Offsets::Packed) {
        if (core::add_overflows(data_size, info.nbytes, &end) || core::add_overflows(end, alignment - 1, &end))
            core::fail("lugh: %s: the tensors' total size overflows", caller);
        info.offset = data_size;
    }
    tensors.push_back(std::move(info));
    tensor_index_.emplace(name, tensors.size() - 1);
    if (offsets_ == Offsets::Packed) data_size = end & ~(alignment - 1);
    else offsets_ = Offsets::Stale;
}

void Metadata::set_tensor_type(size_t i, ggml_type type, const char* caller) {
    TensorRecord& t = tensors.at(i);
    const size_t nbytes = tensor_nbytes(type, t.n_dims, t.ne, t.name.c_str(), caller);
    t.type = type;
    t.nbytes = nbytes;
    offsets_ = Offsets::Stale;
}

void Metadata::read_alignment(const char* caller) {
    const int64_t ak = find_key(GGUF_KEY_GENERAL_ALIGNMENT);
    alignment = ak >= 0 ? alignment_from(kv[static_cast<size_t>(ak)].value, caller) : GGUF_DEFAULT_ALIGNMENT;
}

void Metadata::layout(const char* caller) {
    read_alignment(caller);
    size_t at = 0;
    for (auto& t : tensors) {
        size_t end = 0;
        if (core::add_overflows(at, t.nbytes, &end) || core::add_overflows(end, alignment - 1, &end))
            core::fail("lugh: %s: the tensors' total size overflows", caller);
        t.offset = at;
        at = end & ~(alignment - 1);
    }
    data_size = at;
    offsets_ = Offsets::Packed;
}

void Metadata::update_layout(const char* caller) {
    if (offsets_ == Offsets::Stale) layout(caller);
}

void Metadata::reserve(size_t n_keys, size_t n_tensors) {
    kv.reserve(n_keys);
    key_index_.reserve(n_keys);
    tensors.reserve(n_tensors);
    tensor_index_.reserve(n_tensors);
}

bool Metadata::insert_parsed_key(KeyValue&& e) {
    if (!key_index_.emplace(e.key, kv.size()).second) return false;
    kv.push_back(std::move(e));
    return true;
}

bool Metadata::insert_parsed_tensor(TensorRecord&& t) {
    if (!tensor_index_.emplace(t.name, tensors.size()).second) return false;
    tensors.push_back(std::move(t));
    offsets_ = Offsets::AsInFile;
    return true;
}

size_t Metadata::meta_size() const {
    size_t n = 4 + 4 + 8 + 8;
    for (const auto& e : kv) {
        n += 8 + e.key.size() + 4;
        if (e.value.type == GGUF_TYPE_ARRAY) n += 4 + 8;
        for (const auto& s : e.value.strings) n += 8 + s.size();
        n += e.value.bytes.size();
    }
    for (const auto& t : tensors) n += 8 + t.name.size() + 4 + 8 * static_cast<size_t>(t.n_dims) + 4 + 8;
    return (n + alignment - 1) & ~(alignment - 1);
}

std::vector<unsigned char> Metadata::serialize_meta() const {
    if (offsets_ == Offsets::Stale) core::fail("lugh: gguf: internal error: tensor offsets are out of date");
    std::vector<unsigned char> out;
    put(out, GGUF_MAGIC, 4);
    put_scalar<uint32_t>(out, version);
    put_scalar<uint64_t>(out, tensors.size());
    put_scalar<uint64_t>(out, kv.size());
    for (const auto& e : kv) {
        put_string(out, e.key);
        put_scalar<uint32_t>(out, e.value.type);
        if (e.value.type == GGUF_TYPE_STRING) {
            put_string(out, e.value.strings.at(0));
        } else if (e.value.type == GGUF_TYPE_ARRAY) {
            put_scalar<uint32_t>(out, e.value.elem_type);
            put_scalar<uint64_t>(out, e.value.n);
            if (e.value.elem_type == GGUF_TYPE_STRING)
                for (const auto& s : e.value.strings) put_string(out, s);
            else
                put(out, e.value.bytes.data(), e.value.bytes.size());
        } else {
            put(out, e.value.bytes.data(), e.value.bytes.size());
        }
    }
    for (const auto& t : tensors) {
        put_string(out, t.name);
        put_scalar<uint32_t>(out, static_cast<uint32_t>(t.n_dims));
        for (int i = 0; i < t.n_dims; ++i) put_scalar<uint64_t>(out, static_cast<uint64_t>(t.ne[i]));
        put_scalar<uint32_t>(out, static_cast<uint32_t>(t.type));
        put_scalar<uint64_t>(out, t.offset);
    }
    out.resize((out.size() + alignment - 1) & ~(alignment - 1), 0);
    return out;
}

}  // namespace lugh::gguf
