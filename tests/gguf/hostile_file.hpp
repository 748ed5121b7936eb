// A small valid GGUF file built byte by byte, remembering where each field
// sits so tests can corrupt exactly one of them. Shared by the hostile-file
// tests and the corpus writer.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace gguf_test {

class HandFile {
public:
    std::vector<unsigned char> bytes;
    std::map<std::string, size_t> at;   // field name -> byte position

    template <typename T>
    void put(const std::string& field, T v) {
        if (!field.empty()) at[field] = bytes.size();
        const auto* p = reinterpret_cast<const unsigned char*>(&v);
        bytes.insert(bytes.end(), p, p + sizeof v);
    }
    void put_str(const std::string& field, const std::string& s) {
        put<uint64_t>(field + ".len", s.size());
        at[field] = bytes.size();
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
    template <typename T>
    void patch(const std::string& field, T v) {
        std::memcpy(bytes.data() + at.at(field), &v, sizeof v);
    }
    void pad_to(size_t alignment) {
        while (bytes.size() % alignment) bytes.push_back(0);
    }

    // Two keys (a string and an i32 array), a string array, and two tensors:
    // "w" F32 [8, 2] at offset 0 and "q" Q8_0 [32] at offset 64.
    static HandFile valid() {
        HandFile f;
        f.bytes = {'G', 'G', 'U', 'F'};
        f.at["magic"] = 0;
        f.put<uint32_t>("version", 3);
        f.put<uint64_t>("n_tensors", 2);
        f.put<uint64_t>("n_kv", 3);
        f.put_str("k0", "general.name");
        f.put<uint32_t>("k0.type", 8);
        f.put_str("k0.val", "tiny");
        f.put_str("k1", "a.ints");
        f.put<uint32_t>("k1.type", 9);
        f.put<uint32_t>("k1.elem", 5);
        f.put<uint64_t>("k1.n", 3);
        for (int32_t v : {1, 2, 3}) f.put<int32_t>("", v);
        f.put_str("k2", "a.words");
        f.put<uint32_t>("k2.type", 9);
        f.put<uint32_t>("k2.elem", 8);
        f.put<uint64_t>("k2.n", 2);
        f.put_str("k2.s0", "x");
        f.put_str("k2.s1", "yz");
        f.put_str("t0.name", "w");
        f.put<uint32_t>("t0.n_dims", 2);
        f.put<uint64_t>("t0.ne0", 8);
        f.put<uint64_t>("t0.ne1", 2);
        f.put<uint32_t>("t0.type", 0);
        f.put<uint64_t>("t0.offset", 0);
        f.put_str("t1.name", "q");
        f.put<uint32_t>("t1.n_dims", 1);
        f.put<uint64_t>("t1.ne0", 32);
        f.put<uint32_t>("t1.type", 8);
        f.put<uint64_t>("t1.offset", 64);
        f.pad_to(32);
        f.at["data"] = f.bytes.size();
        for (int i = 0; i < 16; ++i) f.put<float>("", static_cast<float>(i));   // w: 64 bytes
        f.put<uint16_t>("", 0x3c00);                                           // q: d = 1
        for (int i = 0; i < 32; ++i) f.put<int8_t>("", static_cast<int8_t>(i - 16));
        return f;
    }
};

}  // namespace gguf_test
