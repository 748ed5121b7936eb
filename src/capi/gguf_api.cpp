// The GGUF C API (gguf.h): shims onto src/gguf. File refusals return NULL
// with one line on stderr; misuse of the other calls aborts via guarded().
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>

#include "capi/guard.hpp"
#include "capi/log.hpp"
#include "core/check.hpp"
#include "core/context.hpp"
#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"
#include "gguf/load.hpp"
#include "gguf/mapped_file.hpp"
#include "gguf/metadata.hpp"
#include "gguf/file_range.hpp"
#include "gguf/parse.hpp"
#include "gguf/write.hpp"
#include "lugh/ggml/gguf.h"

struct gguf_context {
    lugh::gguf::Metadata meta;
};

using lugh::capi::guarded;
namespace core = lugh::core;
namespace gg = lugh::gguf;

namespace {

gguf_context* open_file(const char* fname, ggml_context** out_ctx, gg::Load mode, const char* caller) {
    ggml_context* made = nullptr;
    try {
        if (!fname) core::fail("lugh: %s: the file name is NULL", caller);
        const auto file = gg::MappedFile::open(fname);
        std::unique_ptr<gguf_context> g(new gguf_context{gg::parse(file->data(), file->size(), fname)});
        if (out_ctx) {
            // Before sizing the arena, in every mode: a file cannot make us allocate
            // data it does not hold, nor give tensors a mapping loader could not fill.
            gg::require_data_present(g->meta, file->size(), fname);
            const size_t bytes = gg::context_bytes(g->meta, mode, caller);
            made = core::create_context(bytes, nullptr, mode != gg::Load::Copy);
            gg::load_tensors(made, g->meta, file->data(), file->size(), mode, file, fname, caller);
            *out_ctx = made;
        }
        return g.release();
    } catch (const std::exception& e) {
        if (made) core::free_context(made);
        lugh::capi::log_text(GGML_LOG_LEVEL_ERROR, e.what());
        return nullptr;
    }
}

const gguf_context& ctx_of(const gguf_context* ctx, const char* fn) {
    if (!ctx) core::fail("lugh: %s: the gguf context is NULL", fn);
    return *ctx;
}

const gg::Metadata& meta_of(const gguf_context* ctx, const char* fn) { return ctx_of(ctx, fn).meta; }

// Offsets changed by gguf_set_tensor_type are recomputed when first read.
// Every gguf_context is made non-const (gguf_init_*), so this is well defined.
void fresh_layout(const gguf_context* ctx, const char* fn) {
    const_cast<gguf_context*>(&ctx_of(ctx, fn))->meta.update_layout(fn);
}

const gg::KeyValue& kv_at(const gguf_context* ctx, int64_t key_id, const char* fn) {
    const auto& m = meta_of(ctx, fn);
    if (key_id < 0 || static_cast<uint64_t>(key_id) >= m.kv.size())
        core::fail("lugh: %s: key id %" PRId64 " is out of range (the file has %zu keys)", fn, key_id, m.kv.size());
    return m.kv[static_cast<size_t>(key_id)];
}

const gg::TensorRecord& tensor_at(const gguf_context* ctx, int64_t id, const char* fn) {
    const auto& m = meta_of(ctx, fn);
    if (id < 0 || static_cast<uint64_t>(id) >= m.tensors.size())
        core::fail("lugh: %s: tensor id %" PRId64 " is out of range (the file has %zu tensors)", fn, id, m.tensors.size());
    return m.tensors[static_cast<size_t>(id)];
}

const char* type_str(gguf_type t) {
    const char* n = gg::value_type_name(t);
    return n ? n : "?";
}

void require_type(const gg::KeyValue& e, gguf_type want, const char* fn) {
    if (e.value.type != want)
        core::fail("lugh: %s: key '%s' holds a %s, not a %s", fn, e.key.c_str(), type_str(e.value.type), type_str(want));
}

template <typename T>
T scalar(const gguf_context* ctx, int64_t key_id, gguf_type want, const char* fn) {
    return guarded([&] {
        const auto& e = kv_at(ctx, key_id, fn);
        require_type(e, want, fn);
        T v;
        std::memcpy(&v, e.value.bytes.data(), sizeof v);
        return v;
    });
}

const gg::KeyValue& array_at(const gguf_context* ctx, int64_t key_id, const char* fn) {
    const auto& e = kv_at(ctx, key_id, fn);
    require_type(e, GGUF_TYPE_ARRAY, fn);
    return e;
}

void set_value(gguf_context* ctx, const char* key, gg::Value v, const char* fn) {
    guarded([&] {
        if (!ctx) core::fail("lugh: %s: the gguf context is NULL", fn);
        if (!key) core::fail("lugh: %s: the key is NULL", fn);
        ctx->meta.set(key, std::move(v), fn);
    });
}

template <typename T>
void set_scalar(gguf_context* ctx, const char* key, gguf_type type, T val, const char* fn) {
    gg::Value v;
    v.type = type;
    v.bytes.resize(sizeof val);
    std::memcpy(v.bytes.data(), &val, sizeof val);
    set_value(ctx, key, std::move(v), fn);
}

}  // namespace

extern "C" {

gguf_context* gguf_init_from_file(const char* fname, gguf_init_params params) {
    const auto mode = params.no_alloc ? gg::Load::MetadataOnly : gg::Load::Copy;
    return open_file(fname, params.ctx, mode, "gguf_init_from_file");
}

gguf_context* lugh_gguf_init_from_file_mmap(const char* fname, ggml_context** ctx) {
    if (!ctx) {
        lugh::capi::log_text(GGML_LOG_LEVEL_ERROR,
                             "lugh: lugh_gguf_init_from_file_mmap: ctx is NULL (it receives the weight context)");
        return nullptr;
    }
    return open_file(fname, ctx, gg::Load::Mmap, "lugh_gguf_init_from_file_mmap");
}

gguf_context* gguf_init_empty(void) { return new gguf_context(); }

void gguf_free(gguf_context* ctx) { delete ctx; }

const char* gguf_type_name(enum gguf_type type) {
    // Any int is answered (NULL outside the table); it is read as an integer.
    const int n = lugh::capi::enum_number(type);
    return n >= 0 && n < GGUF_TYPE_COUNT ? gg::value_type_name(static_cast<gguf_type>(n)) : nullptr;
}

uint32_t gguf_get_version(const gguf_context* ctx) {
    return guarded([&] { return meta_of(ctx, "gguf_get_version").version; });
}
size_t gguf_get_alignment(const gguf_context* ctx) {
    return guarded([&] { return meta_of(ctx, "gguf_get_alignment").alignment; });
}
size_t gguf_get_data_offset(const gguf_context* ctx) {
    return guarded([&] { return meta_of(ctx, "gguf_get_data_offset").meta_size(); });
}

int64_t gguf_get_n_kv(const gguf_context* ctx) {
    return guarded([&] { return static_cast<int64_t>(meta_of(ctx, "gguf_get_n_kv").kv.size()); });
}
int64_t gguf_find_key(const gguf_context* ctx, const char* key) {
    return guarded([&] { return meta_of(ctx, "gguf_find_key").find_key(key); });
}
const char* gguf_get_key(const gguf_context* ctx, int64_t key_id) {
    return guarded([&] { return kv_at(ctx, key_id, "gguf_get_key").key.c_str(); });
}
enum gguf_type gguf_get_kv_type(const gguf_context* ctx, int64_t key_id) {
    return guarded([&] { return kv_at(ctx, key_id, "gguf_get_kv_type").value.type; });
}
enum gguf_type gguf_get_arr_type(const gguf_context* ctx, int64_t key_id) {
    return guarded([&] { return array_at(ctx, key_id, "gguf_get_arr_type").value.elem_type; });
}

uint8_t gguf_get_val_u8(const gguf_context* c, int64_t k) { return scalar<uint8_t>(c, k, GGUF_TYPE_UINT8, "gguf_get_val_u8"); }
int8_t gguf_get_val_i8(const gguf_context* c, int64_t k) { return scalar<int8_t>(c, k, GGUF_TYPE_INT8, "gguf_get_val_i8"); }
uint16_t gguf_get_val_u16(const gguf_context* c, int64_t k) { return scalar<uint16_t>(c, k, GGUF_TYPE_UINT16, "gguf_get_val_u16"); }
int16_t gguf_get_val_i16(const gguf_context* c, int64_t k) { return scalar<int16_t>(c, k, GGUF_TYPE_INT16, "gguf_get_val_i16"); }
uint32_t gguf_get_val_u32(const gguf_context* c, int64_t k) { return scalar<uint32_t>(c, k, GGUF_TYPE_UINT32, "gguf_get_val_u32"); }
int32_t gguf_get_val_i32(const gguf_context* c, int64_t k) { return scalar<int32_t>(c, k, GGUF_TYPE_INT32, "gguf_get_val_i32"); }
float gguf_get_val_f32(const gguf_context* c, int64_t k) { return scalar<float>(c, k, GGUF_TYPE_FLOAT32, "gguf_get_val_f32"); }
uint64_t gguf_get_val_u64(const gguf_context* c, int64_t k) { return scalar<uint64_t>(c, k, GGUF_TYPE_UINT64, "gguf_get_val_u64"); }
int64_t gguf_get_val_i64(const gguf_context* c, int64_t k) { return scalar<int64_t>(c, k, GGUF_TYPE_INT64, "gguf_get_val_i64"); }
double gguf_get_val_f64(const gguf_context* c, int64_t k) { return scalar<double>(c, k, GGUF_TYPE_FLOAT64, "gguf_get_val_f64"); }
bool gguf_get_val_bool(const gguf_context* c, int64_t k) { return scalar<uint8_t>(c, k, GGUF_TYPE_BOOL, "gguf_get_val_bool") != 0; }

const char* gguf_get_val_str(const gguf_context* ctx, int64_t key_id) {
    return guarded([&] {
        const auto& e = kv_at(ctx, key_id, "gguf_get_val_str");
        require_type(e, GGUF_TYPE_STRING, "gguf_get_val_str");
        return e.value.strings[0].c_str();
    });
}

const void* gguf_get_val_data(const gguf_context* ctx, int64_t key_id) {
    return guarded([&] {
        const auto& e = kv_at(ctx, key_id, "gguf_get_val_data");
        if (e.value.type == GGUF_TYPE_STRING || e.value.type == GGUF_TYPE_ARRAY)
            core::fail("lugh: gguf_get_val_data: key '%s' holds a %s, not a fixed-size value", e.key.c_str(),
                       type_str(e.value.type));
        return static_cast<const void*>(e.value.bytes.data());
    });
}

size_t gguf_get_arr_n(const gguf_context* ctx, int64_t key_id) {
    return guarded([&] { return static_cast<size_t>(array_at(ctx, key_id, "gguf_get_arr_n").value.n); });
}

const void* gguf_get_arr_data(const gguf_context* ctx, int64_t key_id) {
    return guarded([&] {
        const auto& e = array_at(ctx, key_id, "gguf_get_arr_data");
        if (e.value.elem_type == GGUF_TYPE_STRING)
            core::fail("lugh: gguf_get_arr_data: key '%s' is an array of strings; use gguf_get_arr_str", e.key.c_str());
        return static_cast<const void*>(e.value.bytes.data());
    });
}

const char* gguf_get_arr_str(const gguf_context* ctx, int64_t key_id, size_t i) {
    return guarded([&] {
        const auto& e = array_at(ctx, key_id, "gguf_get_arr_str");
        if (e.value.elem_type != GGUF_TYPE_STRING)
            core::fail("lugh: gguf_get_arr_str: key '%s' is an array of %s, not of strings", e.key.c_str(),
                       type_str(e.value.elem_type));
        if (i >= e.value.strings.size())
            core::fail("lugh: gguf_get_arr_str: index %zu is past the %zu strings of '%s'", i, e.value.strings.size(),
                       e.key.c_str());
        return e.value.strings[i].c_str();
    });
}

int64_t gguf_get_n_tensors(const gguf_context* ctx) {
    return guarded([&] { return static_cast<int64_t>(meta_of(ctx, "gguf_get_n_tensors").tensors.size()); });
}
int64_t gguf_find_tensor(const gguf_context* ctx, const char* name) {
    return guarded([&] { return meta_of(ctx, "gguf_find_tensor").find_tensor(name); });
}
size_t gguf_get_tensor_offset(const gguf_context* ctx, int64_t id) {
    return guarded([&] {
        fresh_layout(ctx, "gguf_get_tensor_offset");
        return static_cast<size_t>(tensor_at(ctx, id, "gguf_get_tensor_offset").offset);
    });
}
const char* gguf_get_tensor_name(const gguf_context* ctx, int64_t id) {
    return guarded([&] { return tensor_at(ctx, id, "gguf_get_tensor_name").name.c_str(); });
}
enum ggml_type gguf_get_tensor_type(const gguf_context* ctx, int64_t id) {
    return guarded([&] { return tensor_at(ctx, id, "gguf_get_tensor_type").type; });
}
size_t gguf_get_tensor_size(const gguf_context* ctx, int64_t id) {
    return guarded([&] { return tensor_at(ctx, id, "gguf_get_tensor_size").nbytes; });
}

int64_t gguf_remove_key(gguf_context* ctx, const char* key) {
    return guarded([&] {
        if (!ctx) core::fail("lugh: gguf_remove_key: the gguf context is NULL");
        return ctx->meta.remove(key);
    });
}

void gguf_set_val_u8(gguf_context* c, const char* k, uint8_t v) { set_scalar(c, k, GGUF_TYPE_UINT8, v, "gguf_set_val_u8"); }
void gguf_set_val_i8(gguf_context* c, const char* k, int8_t v) { set_scalar(c, k, GGUF_TYPE_INT8, v, "gguf_set_val_i8"); }
void gguf_set_val_u16(gguf_context* c, const char* k, uint16_t v) { set_scalar(c, k, GGUF_TYPE_UINT16, v, "gguf_set_val_u16"); }
void gguf_set_val_i16(gguf_context* c, const char* k, int16_t v) { set_scalar(c, k, GGUF_TYPE_INT16, v, "gguf_set_val_i16"); }
void gguf_set_val_u32(gguf_context* c, const char* k, uint32_t v) { set_scalar(c, k, GGUF_TYPE_UINT32, v, "gguf_set_val_u32"); }
void gguf_set_val_i32(gguf_context* c, const char* k, int32_t v) { set_scalar(c, k, GGUF_TYPE_INT32, v, "gguf_set_val_i32"); }
void gguf_set_val_f32(gguf_context* c, const char* k, float v) { set_scalar(c, k, GGUF_TYPE_FLOAT32, v, "gguf_set_val_f32"); }
void gguf_set_val_u64(gguf_context* c, const char* k, uint64_t v) { set_scalar(c, k, GGUF_TYPE_UINT64, v, "gguf_set_val_u64"); }
void gguf_set_val_i64(gguf_context* c, const char* k, int64_t v) { set_scalar(c, k, GGUF_TYPE_INT64, v, "gguf_set_val_i64"); }
void gguf_set_val_f64(gguf_context* c, const char* k, double v) { set_scalar(c, k, GGUF_TYPE_FLOAT64, v, "gguf_set_val_f64"); }
void gguf_set_val_bool(gguf_context* c, const char* k, bool v) {
    set_scalar<uint8_t>(c, k, GGUF_TYPE_BOOL, v ? 1 : 0, "gguf_set_val_bool");
}

void gguf_set_val_str(gguf_context* ctx, const char* key, const char* val) {
    guarded([&] { if (!val) core::fail("lugh: gguf_set_val_str: the value of '%s' is NULL", key ? key : "(null)"); });
    gg::Value v;
    v.type = GGUF_TYPE_STRING;
    v.strings.emplace_back(val);
    set_value(ctx, key, std::move(v), "gguf_set_val_str");
}

void gguf_set_arr_data(gguf_context* ctx, const char* key, enum gguf_type type_arg, const void* data, size_t n) {
    const int number = lugh::capi::enum_number(type_arg);
    gg::Value v;
    guarded([&] {
        const auto type = lugh::capi::checked_enum<gguf_type>(number, GGUF_TYPE_COUNT, "gguf_set_arr_data", "element type");
        const size_t es = gg::value_type_size(type);
        if (es == 0)
            core::fail("lugh: gguf_set_arr_data: element type %d is not a fixed-size type (use gguf_set_arr_str for strings)",
                       number);
        size_t bytes = 0;
        if (core::mul_overflows(n, es, &bytes)) core::fail("lugh: gguf_set_arr_data: %zu elements overflow", n);
        if (n > 0 && !data) core::fail("lugh: gguf_set_arr_data: data is NULL");
        v.type = GGUF_TYPE_ARRAY;
        v.elem_type = type;
        v.n = n;
        if (n > 0) v.bytes.assign(static_cast<const unsigned char*>(data), static_cast<const unsigned char*>(data) + bytes);
    });
    set_value(ctx, key, std::move(v), "gguf_set_arr_data");
}

void gguf_set_arr_str(gguf_context* ctx, const char* key, const char** data, size_t n) {
    gg::Value v;
    guarded([&] {
        if (n > 0 && !data) core::fail("lugh: gguf_set_arr_str: data is NULL");
        v.type = GGUF_TYPE_ARRAY;
        v.elem_type = GGUF_TYPE_STRING;
        v.n = n;
        for (size_t i = 0; i < n; ++i) {
            if (!data[i]) core::fail("lugh: gguf_set_arr_str: string %zu is NULL", i);
            v.strings.emplace_back(data[i]);
        }
    });
    set_value(ctx, key, std::move(v), "gguf_set_arr_str");
}

void gguf_set_kv(gguf_context* ctx, const gguf_context* src) {
    guarded([&] {
        if (!ctx) core::fail("lugh: gguf_set_kv: the gguf context is NULL");
        for (const auto& e : meta_of(src, "gguf_set_kv").kv) ctx->meta.set(e.key, e.value, "gguf_set_kv");
    });
}

void gguf_add_tensor(gguf_context* ctx, const ggml_tensor* tensor) {
    guarded([&] {
        if (!ctx) core::fail("lugh: gguf_add_tensor: the gguf context is NULL");
        if (!tensor) core::fail("lugh: gguf_add_tensor: the tensor is NULL");
        if (!core::is_contiguous(tensor))
            core::fail("lugh: gguf_add_tensor: tensor '%s' is not contiguous", tensor->name);
        ctx->meta.add_tensor(tensor->name, tensor->type, GGML_MAX_DIMS, tensor->ne, tensor->data, "gguf_add_tensor");
        // Store the tensor's own dimension count (trailing 1s dropped), as files usually do.
        auto& info = ctx->meta.tensors.back();
        info.n_dims = core::n_dims(tensor);
    });
}

void gguf_set_tensor_type(gguf_context* ctx, const char* name, enum ggml_type type_arg) {
    const int number = lugh::capi::enum_number(type_arg);
    guarded([&] {
        if (!ctx) core::fail("lugh: gguf_set_tensor_type: the gguf context is NULL");
        if (!core::type_info(number)) core::fail("lugh: gguf_set_tensor_type: unknown tensor type %d", number);
        const auto type = static_cast<ggml_type>(number);
        const int64_t id = ctx->meta.find_tensor(name);
        if (id < 0) core::fail("lugh: gguf_set_tensor_type: no tensor named '%s'", name ? name : "(null)");
        ctx->meta.set_tensor_type(static_cast<size_t>(id), type, "gguf_set_tensor_type");
    });
}

void gguf_set_tensor_data(gguf_context* ctx, const char* name, const void* data) {
    guarded([&] {
        if (!ctx) core::fail("lugh: gguf_set_tensor_data: the gguf context is NULL");
        const int64_t id = ctx->meta.find_tensor(name);
        if (id < 0) core::fail("lugh: gguf_set_tensor_data: no tensor named '%s'", name ? name : "(null)");
        ctx->meta.tensors[static_cast<size_t>(id)].data = data;
    });
}

size_t gguf_get_meta_size(const gguf_context* ctx) {
    return guarded([&] { return meta_of(ctx, "gguf_get_meta_size").meta_size(); });
}

void gguf_get_meta_data(const gguf_context* ctx, void* data) {
    guarded([&] {
        fresh_layout(ctx, "gguf_get_meta_data");
        const auto bytes = meta_of(ctx, "gguf_get_meta_data").serialize_meta();
        lugh::capi::need(data, "gguf_get_meta_data", "data");
        std::memcpy(data, bytes.data(), bytes.size());
    });
}

bool gguf_write_to_file(const gguf_context* ctx, const char* fname, bool only_meta) {
    const gg::Metadata& meta = guarded([&]() -> const gg::Metadata& { return meta_of(ctx, "gguf_write_to_file"); });
    try {
        if (!fname) core::fail("lugh: gguf_write_to_file: the file name is NULL");
        gg::write_file(meta, fname, only_meta, "gguf_write_to_file");
        return true;
    } catch (const std::exception& e) {
        lugh::capi::log_text(GGML_LOG_LEVEL_ERROR, e.what());
        return false;
    }
}

}  // extern "C"
