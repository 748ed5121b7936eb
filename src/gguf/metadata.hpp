// The contents of a GGUF file apart from the tensor bytes: key-value pairs and
// tensor infos, as the parser produces them and the writer consumes them.
// Shared by the C API (struct gguf_context wraps one) and lugh::gguf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "lugh/ggml/gguf.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "GGUF I/O assumes a little-endian host");

namespace lugh::gguf {

constexpr size_t kMaxAlignment = size_t(1) << 20;   // "sane": larger is refused

// Bytes of one element of a fixed-size value type; 0 for STRING, ARRAY and unknown numbers.
size_t value_type_size(gguf_type type);
// "u8", ..., "str", "arr"; nullptr for unknown numbers.
const char* value_type_name(gguf_type type);

struct Value {
    gguf_type type = GGUF_TYPE_UINT8;
    gguf_type elem_type = GGUF_TYPE_UINT8;   // ARRAY only
    uint64_t n = 1;                          // elements of an ARRAY
    std::vector<unsigned char> bytes;        // fixed-size scalar or array elements, little-endian
    std::vector<std::string> strings;        // STRING: one; ARRAY of STRING: n
};

struct KeyValue {
    std::string key;
    Value value;
};

struct TensorRecord {
    std::string name;
    ggml_type type = GGML_TYPE_F32;
    int n_dims = 1;
    int64_t ne[GGML_MAX_DIMS] = {1, 1, 1, 1};
    uint64_t offset = 0;           // within the data section
    size_t nbytes = 0;
    const void* data = nullptr;    // writer: where the bytes come from (nullptr: zeros)
};

// Keys and tensor names are indexed (hash maps), so finding one costs the
// same for any number of them and a file of n keys reads in O(n). Read kv and
// tensors directly; change them only through the methods, which keep the
// indexes and the layout right.
struct Metadata {
    uint32_t version = GGUF_VERSION;
    size_t alignment = GGUF_DEFAULT_ALIGNMENT;
    size_t data_offset = 0;        // parsed files: file offset of the data section (== meta_size())
    size_t data_size = 0;          // bytes the tensors span in the data section (to the last end)
    std::vector<KeyValue> kv;
    std::vector<TensorRecord> tensors;

    int64_t find_key(const std::string& key) const;      // -1 if absent
    int64_t find_key(const char* key) const;             // (nullptr: -1)
    int64_t find_tensor(const std::string& name) const;  // -1 if absent
    int64_t find_tensor(const char* name) const;

    // Set key (in place if present). Throws (naming caller) on an empty key,
    // a key with a NUL byte, or a general.alignment that is not a u32 power of
    // two up to kMaxAlignment; nothing changes then.
    void set(const std::string& key, Value value, const char* caller);
    int64_t remove(const char* key);
    // Append a tensor info (offset and size computed). Throws on a duplicate or bad name, type or shape.
    void add_tensor(const std::string& name, ggml_type type, int n_dims, const int64_t* ne, const void* data,
                    const char* caller);
    // Change tensor i's type (its size is checked first). Offsets are then
    // recomputed when next needed (update_layout), so changing every tensor stays linear.
    void set_tensor_type(size_t i, ggml_type type, const char* caller);
    // Recompute alignment, tensor offsets (packed in order) and data_size after a change.
    void layout(const char* caller);
    // layout() if a change since the last one left the offsets out of date.
    void update_layout(const char* caller);
    // Bytes before the data section: header, keys, infos, padding.
    size_t meta_size() const;

    // The bytes before the data section (data_offset of them). Offsets must be up to date.
    std::vector<unsigned char> serialize_meta() const;

    // For the parser: append a key or a tensor read from a file, as they are
    // (offsets as in the file). False, with nothing changed, when the key or
    // name is already present; the parser checks the rest.
    bool insert_parsed_key(KeyValue&& kv);
    bool insert_parsed_tensor(TensorRecord&& t);
    // For the parser: room for this many keys and tensors (counts it checked against the file size).
    void reserve(size_t n_keys, size_t n_tensors);
    // For the parser: set alignment from general.alignment (checked).
    void read_alignment(const char* caller);

private:
    enum class Offsets { Packed, AsInFile, Stale };
    Offsets offsets_ = Offsets::Packed;
    std::unordered_map<std::string, size_t> key_index_;
    std::unordered_map<std::string, size_t> tensor_index_;
};

// Byte size of a tensor of this type and shape; throws naming `caller` on an
// unknown type, a bad dimension count or size, a row that is not whole blocks,
// or overflow. `what` names the tensor in messages.
size_t tensor_nbytes(ggml_type type, int n_dims, const int64_t* ne, const char* what, const char* caller);

}  // namespace lugh::gguf
