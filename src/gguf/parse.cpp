#include "gguf/parse.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstring>

#include "core/check.hpp"

namespace lugh::gguf {

namespace {

// Reads little-endian values from [p, p+size); every read is bounds-checked.
class Cursor {
public:
    Cursor(const unsigned char* p, size_t size, const std::string& source) : p_(p), size_(size), source_(source) {}

    size_t pos() const { return pos_; }
    size_t remaining() const { return size_ - pos_; }

    [[noreturn]] void fail(const char* what) const {
        core::fail("lugh: gguf: %s: at byte %zu: %s", source_.c_str(), pos_, what);
    }

    const unsigned char* take(size_t n, const char* what) {
        if (n > remaining()) {
            char msg[256];
            std::snprintf(msg, sizeof msg, "%s needs %zu bytes but only %zu remain", what, n, remaining());
            fail(msg);
        }
        const unsigned char* at = p_ + pos_;
        pos_ += n;
        return at;
    }

    template <typename T>
    T read(const char* what) {
        T v;
        std::memcpy(&v, take(sizeof v, what), sizeof v);
        return v;
    }

    std::string read_string(const char* what) {
        const uint64_t len = read<uint64_t>(what);
        if (len > remaining()) {
            char msg[256];
            std::snprintf(msg, sizeof msg, "%s claims %" PRIu64 " bytes but only %zu remain", what, len, remaining());
            fail(msg);
        }
        const unsigned char* s = take(static_cast<size_t>(len), what);
        return std::string(reinterpret_cast<const char*>(s), static_cast<size_t>(len));
    }

    // A count of items each at least min_item bytes long: refuse counts the rest of the file cannot hold.
    uint64_t read_count(size_t min_item, const char* what) {
        const uint64_t n = read<uint64_t>(what);
        if (n > remaining() / min_item) {
            char msg[256];
            std::snprintf(msg, sizeof msg, "%s is %" PRIu64 ", more than the %zu remaining bytes can hold", what, n,
                          remaining());
            fail(msg);
        }
        return n;
    }

    const std::string& source() const { return source_; }

private:
    const unsigned char* p_;
    size_t size_;
    size_t pos_ = 0;
    const std::string& source_;
};

// Smallest encodings, used to bound counts: a key-value pair (8-byte key
// length, 1-byte key, 4-byte type, 1-byte value) and a tensor info (8-byte
// name length, 1-byte name, n_dims, one dimension, type, offset).
constexpr size_t kMinKeyValue = 8 + 1 + 4 + 1;
constexpr size_t kMinTensorInfo = 8 + 1 + 4 + 8 + 4 + 8;

gguf_type read_value_type(Cursor& c, const char* what) {
    const uint32_t t = c.read<uint32_t>(what);
    if (t >= GGUF_TYPE_COUNT) {
        char msg[128];
        std::snprintf(msg, sizeof msg, "unknown value type %u", t);
        c.fail(msg);
    }
    return static_cast<gguf_type>(t);
}

Value read_value(Cursor& c, gguf_type type) {
    Value v;
    v.type = type;
    if (type == GGUF_TYPE_STRING) {
        v.strings.push_back(c.read_string("a string value"));
    } else if (type == GGUF_TYPE_ARRAY) {
        v.elem_type = read_value_type(c, "an array's element type");
        if (v.elem_type == GGUF_TYPE_ARRAY) c.fail("nested arrays are not supported");
        if (v.elem_type == GGUF_TYPE_STRING) {
            v.n = c.read_count(8, "a string array's length");
            v.strings.reserve(static_cast<size_t>(v.n));
            for (uint64_t i = 0; i < v.n; ++i) v.strings.push_back(c.read_string("an array string"));
        } else {
            const size_t es = value_type_size(v.elem_type);
            v.n = c.read_count(es, "an array's length");
            const unsigned char* p = c.take(static_cast<size_t>(v.n) * es, "array elements");
            v.bytes.assign(p, p + static_cast<size_t>(v.n) * es);
        }
    } else {
        const size_t es = value_type_size(type);
        const unsigned char* p = c.take(es, "a value");
        v.bytes.assign(p, p + es);
    }
    if (type == GGUF_TYPE_BOOL || (type == GGUF_TYPE_ARRAY && v.elem_type == GGUF_TYPE_BOOL))
        for (unsigned char b : v.bytes)
            if (b > 1) c.fail("a bool value is neither 0 nor 1");
    return v;
}

TensorRecord read_tensor_info(Cursor& c, const Metadata& meta) {
    TensorRecord t;
    t.name = c.read_string("a tensor name");
    if (t.name.empty() || t.name.size() >= GGML_MAX_NAME || t.name.find('\0') != std::string::npos) {
        char msg[160];
        std::snprintf(msg, sizeof msg, "a tensor name of %zu bytes (1 to %d, no NUL bytes, allowed)", t.name.size(),
                      GGML_MAX_NAME - 1);
        c.fail(msg);
    }
    const uint32_t n_dims = c.read<uint32_t>("n_dims");
    if (n_dims < 1 || n_dims > GGML_MAX_DIMS) {
        char msg[160];
        std::snprintf(msg, sizeof msg, "tensor '%s' has n_dims %u (1 to %d allowed)", t.name.c_str(), n_dims,
                      GGML_MAX_DIMS);
        c.fail(msg);
    }
    t.n_dims = static_cast<int>(n_dims);
    for (uint32_t i = 0; i < n_dims; ++i) {
        const uint64_t ne = c.read<uint64_t>("a dimension");
        if (ne > static_cast<uint64_t>(INT64_MAX)) c.fail("a dimension does not fit in int64");
        t.ne[i] = static_cast<int64_t>(ne);
    }
    // Checked as a number first: an out-of-range value must never be held in the enum.
    const uint32_t type = c.read<uint32_t>("a tensor type");
    if (type >= GGML_TYPE_COUNT) {
        char msg[160];
        std::snprintf(msg, sizeof msg, "tensor '%s' has unknown type %u", t.name.c_str(), type);
        c.fail(msg);
    }
    t.type = static_cast<ggml_type>(type);
    t.offset = c.read<uint64_t>("a tensor offset");
    try {
        t.nbytes = tensor_nbytes(t.type, t.n_dims, t.ne, t.name.c_str(), "gguf");
    } catch (const Error& e) {
        c.fail(e.what() + std::strlen("lugh: gguf: "));
    }
    if (t.offset % meta.alignment != 0) {
        char msg[200];
        std::snprintf(msg, sizeof msg, "tensor '%s' has offset %" PRIu64 ", not a multiple of the alignment %zu",
                      t.name.c_str(), t.offset, meta.alignment);
        c.fail(msg);
    }
    uint64_t end = 0;
    if (__builtin_add_overflow(t.offset, static_cast<uint64_t>(t.nbytes), &end)) c.fail("a tensor's end overflows");
    return t;
}

// Sorted by offset, each non-empty tensor must end before the next begins.
void require_disjoint(const Metadata& meta, const std::string& source) {
    std::vector<const TensorRecord*> order;
    for (const auto& t : meta.tensors)
        if (t.nbytes > 0) order.push_back(&t);
    std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < order.size(); ++i)
        if (order[i - 1]->offset + order[i - 1]->nbytes > order[i]->offset)
            core::fail("lugh: gguf: %s: tensors '%s' (bytes %" PRIu64 "..%" PRIu64 ") and '%s' (from %" PRIu64 ") overlap",
                       source.c_str(), order[i - 1]->name.c_str(), order[i - 1]->offset,
                       order[i - 1]->offset + order[i - 1]->nbytes, order[i]->name.c_str(), order[i]->offset);
}

}  // namespace

Metadata parse(const unsigned char* bytes, size_t size, const std::string& source) {
    Cursor c(bytes, size, source);
    Metadata meta;
    if (size < 4 || std::memcmp(bytes, GGUF_MAGIC, 4) != 0) c.fail("not a GGUF file (no \"GGUF\" magic)");
    c.take(4, "magic");
    meta.version = c.read<uint32_t>("the version");
    if (meta.version != 2 && meta.version != 3) {
        char msg[160];
        std::snprintf(msg, sizeof msg, "version %u is not supported (2 and 3 are; a big-endian file reads as %u)",
                      meta.version, __builtin_bswap32(meta.version));
        c.fail(msg);
    }
    // Both counts are bounded by the bytes after the header.
    const uint64_t n_tensors_raw = c.read<uint64_t>("the tensor count");
    const uint64_t n_kv = c.read_count(kMinKeyValue, "the key-value count");
    if (n_tensors_raw > c.remaining() / kMinTensorInfo) {
        char msg[160];
        std::snprintf(msg, sizeof msg, "the tensor count %" PRIu64 " is more than the file can hold", n_tensors_raw);
        c.fail(msg);
    }

    meta.reserve(static_cast<size_t>(n_kv), static_cast<size_t>(n_tensors_raw));
    for (uint64_t i = 0; i < n_kv; ++i) {
        KeyValue e;
        e.key = c.read_string("a key");
        if (e.key.empty()) c.fail("an empty key");
        // Readers look keys up as C strings too: "a" and "a\0b" would be one key.
        if (e.key.find('\0') != std::string::npos) {
            const std::string msg = "the key '" + e.key.substr(0, e.key.find('\0')) + "\\0...' contains a NUL byte";
            c.fail(msg.c_str());
        }
        if (meta.find_key(e.key) >= 0) {
            const std::string msg = "duplicate key '" + e.key + "'";
            c.fail(msg.c_str());
        }
        const gguf_type type = read_value_type(c, "a value type");
        e.value = read_value(c, type);
        meta.insert_parsed_key(std::move(e));
    }
    try {
        meta.read_alignment("gguf");   // validates general.alignment
    } catch (const Error& e) {
        c.fail(e.what() + std::strlen("lugh: gguf: "));
    }

    meta.data_size = 0;
    for (uint64_t i = 0; i < n_tensors_raw; ++i) {
        TensorRecord t = read_tensor_info(c, meta);
        const size_t end = static_cast<size_t>(t.offset + t.nbytes);   // no overflow: read_tensor_info checked
        if (meta.find_tensor(t.name) >= 0) {
            const std::string msg = "duplicate tensor name '" + t.name + "'";
            c.fail(msg.c_str());
        }
        meta.insert_parsed_tensor(std::move(t));
        meta.data_size = std::max(meta.data_size, end);
    }
    require_disjoint(meta, source);
    // The data section starts at the next multiple of the alignment (it may be
    // absent: a file written with only_meta ends here).
    size_t data_offset = 0;
    if (core::add_overflows(c.pos(), meta.alignment - 1, &data_offset)) c.fail("the data offset overflows");
    meta.data_offset = data_offset & ~(meta.alignment - 1);
    for (const auto& t : meta.tensors) {
        FileRange r{};
        if (!tensor_file_range(meta, t, &r)) {
            const std::string msg = "tensor '" + t.name + "' lies beyond any file (data offset " +
                                    std::to_string(meta.data_offset) + " + its offset " + std::to_string(t.offset) +
                                    " overflows)";
            c.fail(msg.c_str());
        }
    }
    return meta;
}

}  // namespace lugh::gguf
