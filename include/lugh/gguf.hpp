// Reading and writing GGUF model files from C++.
//
//     lugh::gguf::File file("model.gguf");                 // parses; throws lugh::Error if refused
//     std::string arch = file.get_string("general.architecture");
//     for (const auto& t : file.tensors()) std::cout << t.name << "\n";
//     lugh::Context weights = file.load(lugh::gguf::Load::Mmap);   // tensors point into the file
//     lugh::Tensor wq = weights.get_tensor("blk.0.attn_q.weight");
//
//     lugh::gguf::Writer w;
//     w.set_string("general.name", "tiny");
//     w.add_tensor(wq);                                    // data read when written
//     w.write("copy.gguf");
//
// Files are hostile input: see gguf.h for what is checked. A File keeps the
// file mapped read-only until it and every context mmap-loaded from it are gone.
// Keys and tensor names are indexed: lookups cost the same in any file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lugh/context.hpp"
#include "lugh/error.hpp"
#include "lugh/tensor.hpp"
#include "lugh/types.hpp"

namespace lugh::gguf {

struct Metadata;   // internal: the parsed keys and tensor records

// Value types, numbered as in the file (and as gguf.h's enum gguf_type).
enum class ValueType : uint32_t {
    U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, Bool = 7,
    String = 8, Array = 9, U64 = 10, I64 = 11, F64 = 12,
};
const char* value_type_name(ValueType type);   // "u8", ..., "str", "arr"

// How tensor data reaches a context.
enum class Load {
    Copy,           // copied into the arena
    Mmap,           // points into a read-only shared mapping of the file (no copy)
    MetadataOnly,   // shapes and names only
};

struct TensorInfo {
    std::string name;
    Type type;
    std::vector<int64_t> shape;   // ne[0] first
    uint64_t offset;              // within the data section
    size_t nbytes;
};

class File {
public:
    // Map and parse the file. Throws lugh::Error if it cannot be read or is refused.
    explicit File(const std::string& path);
    ~File();
    File(File&&) noexcept;
    File& operator=(File&&) noexcept;

    const std::string& path() const;
    uint32_t version() const;
    size_t alignment() const;
    size_t data_offset() const;       // file offset of the data section
    size_t file_size() const;

    // Keys in file order, and typed access (throws on a missing key or a type mismatch).
    std::vector<std::string> keys() const;
    bool has_key(const std::string& key) const;
    ValueType type(const std::string& key) const;
    ValueType array_type(const std::string& key) const;   // arrays only
    size_t array_size(const std::string& key) const;      // arrays only
    std::string get_string(const std::string& key) const;
    int64_t get_int(const std::string& key) const;        // any integer type (a u64 above INT64_MAX throws)
    uint64_t get_uint(const std::string& key) const;      // any non-negative integer
    double get_float(const std::string& key) const;       // f32 or f64
    bool get_bool(const std::string& key) const;
    std::vector<int64_t> get_int_array(const std::string& key) const;
    std::vector<double> get_float_array(const std::string& key) const;
    std::vector<std::string> get_string_array(const std::string& key) const;
    // The same without a copy (valid while this File lives): 150K-token vocabularies read in place.
    const std::vector<std::string>& string_array(const std::string& key) const;
    std::string value_string(const std::string& key, size_t max_items = 8) const;   // for printing

    const std::vector<TensorInfo>& tensors() const;
    bool has_tensor(const std::string& name) const;
    const TensorInfo& tensor(const std::string& name) const;   // throws if absent
    // A tensor's bytes inside the mapping (throws if the file does not hold all of them).
    const void* tensor_data(const std::string& name) const;

    // Arena bytes a fresh Context needs to hold every tensor in this mode.
    size_t context_size(Load mode) const;
    // Create every tensor in ctx (checked first; ctx unchanged on error). In
    // every mode, MetadataOnly too, the file must hold every tensor's bytes.
    // Copy needs a context that allocates data; Mmap ties the mapping to ctx.
    std::vector<Tensor> load_into(Context& ctx, Load mode = Load::Copy) const;
    // A new context of exactly context_size(mode) holding every tensor.
    Context load(Load mode = Load::Copy) const;

private:
    friend class Writer;
    const Metadata& metadata() const;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

class Writer {
public:
    Writer();
    ~Writer();
    Writer(Writer&&) noexcept;
    Writer& operator=(Writer&&) noexcept;

    // Set a key (replacing its value, in place, if present).
    void set_u8(const std::string& key, uint8_t v);
    void set_i8(const std::string& key, int8_t v);
    void set_u16(const std::string& key, uint16_t v);
    void set_i16(const std::string& key, int16_t v);
    void set_u32(const std::string& key, uint32_t v);
    void set_i32(const std::string& key, int32_t v);
    void set_f32(const std::string& key, float v);
    void set_u64(const std::string& key, uint64_t v);
    void set_i64(const std::string& key, int64_t v);
    void set_f64(const std::string& key, double v);
    void set_bool(const std::string& key, bool v);
    void set_string(const std::string& key, const std::string& v);
    // n packed elements of a fixed-size type.
    void set_array(const std::string& key, ValueType elem_type, const void* data, size_t n);
    void set_string_array(const std::string& key, const std::vector<std::string>& v);
    // Copy every key of a file (e.g. before re-quantizing it).
    void copy_keys(const File& file);
    bool remove(const std::string& key);
    // general.alignment (a power of two up to 1 MiB).
    void set_alignment(uint32_t alignment);

    // A tensor (name, type, shape now; data read from the handle at write time).
    void add_tensor(const Tensor& tensor);
    // A tensor from raw bytes (nbytes must match type and shape; must stay valid until write).
    void add_tensor(const std::string& name, Type type, const std::vector<int64_t>& shape, const void* data);

    // Write the file (only_meta: up to the data section). Throws lugh::Error on failure,
    // leaving path as it was: the file is written beside it and renamed into place
    // when whole (a device is written in place, never removed). Keys and tensor
    // names with a NUL byte are refused when set or added.
    void write(const std::string& path, bool only_meta = false) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lugh::gguf
