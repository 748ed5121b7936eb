// GGUF metadata values between Perl scalars and lugh::gguf.
//
// Reading: GgufValue collects one key's value with C++ calls only (so it can
// run inside guarded()), then to_sv() turns it into Perl scalars.
// Writing: the Perl value is checked and packed into plain buffers (freed by
// Perl's save stack) before any C++ call, so a bad value dies cleanly.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <lugh/gguf.hpp>

namespace lugh_perl {

using lugh::gguf::ValueType;

// The type called `name` ("u8", ..., "f64", "bool", "str"); false if none.
inline bool value_type_from_name(const char* name, ValueType* out) {
    for (uint32_t i = 0; i <= static_cast<uint32_t>(ValueType::F64); ++i) {
        const auto t = static_cast<ValueType>(i);
        if (t != ValueType::Array && std::strcmp(lugh::gguf::value_type_name(t), name) == 0) {
            *out = t;
            return true;
        }
    }
    return false;
}

inline bool is_integer_type(ValueType t) {
    switch (t) {
        case ValueType::U8: case ValueType::I8: case ValueType::U16: case ValueType::I16:
        case ValueType::U32: case ValueType::I32: case ValueType::U64: case ValueType::I64: return true;
        default: return false;
    }
}

// Bytes of one packed element of a fixed-size type.
inline size_t value_type_size(ValueType t) {
    switch (t) {
        case ValueType::U8: case ValueType::I8: case ValueType::Bool: return 1;
        case ValueType::U16: case ValueType::I16: return 2;
        case ValueType::U32: case ValueType::I32: case ValueType::F32: return 4;
        default: return 8;
    }
}

// One key's value, read with C++ calls only.
struct GgufValue {
    enum Kind { Int, UInt, Float, Bool, String } kind = Int;
    bool is_array = false;
    std::vector<int64_t> ints;
    std::vector<uint64_t> uints;
    std::vector<double> floats;
    std::vector<std::string> strings;   // also holds bools as "1"/""

    void read(const lugh::gguf::File& file, const std::string& key) {
        ValueType t = file.type(key);
        is_array = t == ValueType::Array;
        if (is_array) t = file.array_type(key);
        kind = t == ValueType::String ? String
             : t == ValueType::Bool   ? Bool
             : t == ValueType::U64    ? UInt
             : (t == ValueType::F32 || t == ValueType::F64) ? Float
                                                           : Int;
        if (!is_array) {
            switch (kind) {
                case Int: ints.push_back(file.get_int(key)); break;
                case UInt: uints.push_back(file.get_uint(key)); break;
                case Float: floats.push_back(file.get_float(key)); break;
                case Bool: strings.push_back(file.get_bool(key) ? "1" : ""); break;
                case String: strings.push_back(file.get_string(key)); break;
            }
            return;
        }
        switch (kind) {
            case Int: ints = file.get_int_array(key); break;
            case Float: floats = file.get_float_array(key); break;
            case String: strings = file.get_string_array(key); break;
            case UInt:
            case Bool: {
                // The C++ API has no getter for u64 (above INT64_MAX) or bool
                // arrays; its printed form lists every element exactly for both.
                const size_t n = file.array_size(key);
                const std::string text = file.value_string(key, n);   // "[a, b, c]"
                size_t pos = 1;
                for (size_t i = 0; i < n; ++i) {
                    size_t end = text.find_first_of(",]", pos);
                    const std::string item = text.substr(pos, end - pos);
                    if (kind == UInt) uints.push_back(std::stoull(item));
                    else strings.push_back(item == "true" ? "1" : "");
                    pos = end + 2;
                }
                break;
            }
        }
    }
};

// A GgufValue freed by Perl's save stack, so a die while reading it leaks nothing.
inline void delete_gguf_value(pTHX_ void* p) { delete static_cast<GgufValue*>(p); }
inline GgufValue& scoped_gguf_value(pTHX) {
    auto* value = new GgufValue();
    SAVEDESTRUCTOR_X(delete_gguf_value, value);
    return *value;
}

// A Perl string for text from a file: UTF-8 flagged when it is valid UTF-8, bytes otherwise.
inline SV* text_sv(pTHX_ const std::string& s) {
    SV* sv = newSVpvn(s.data(), s.size());
    if (is_utf8_string(reinterpret_cast<const U8*>(s.data()), s.size())) SvUTF8_on(sv);
    return sv;
}

inline SV* element_sv(pTHX_ const GgufValue& v, size_t i) {
    switch (v.kind) {
        case GgufValue::Int: return newSViv(static_cast<IV>(v.ints[i]));
        case GgufValue::UInt: return newSVuv(static_cast<UV>(v.uints[i]));
        case GgufValue::Float: return newSVnv(v.floats[i]);
        case GgufValue::Bool: return newSVsv(boolSV(!v.strings[i].empty()));
        case GgufValue::String: return text_sv(aTHX_ v.strings[i]);
    }
    return newSV(0);
}

// A new scalar: the value itself, or a reference to an array of the elements.
inline SV* to_sv(pTHX_ const GgufValue& v) {
    const size_t n = v.kind == GgufValue::Int     ? v.ints.size()
                   : v.kind == GgufValue::UInt    ? v.uints.size()
                   : v.kind == GgufValue::Float   ? v.floats.size()
                                                  : v.strings.size();
    if (!v.is_array) return element_sv(aTHX_ v, 0);
    AV* av = newAV();
    if (n) av_extend(av, static_cast<SSize_t>(n - 1));
    for (size_t i = 0; i < n; ++i) av_push(av, element_sv(aTHX_ v, i));
    return newRV_noinc(reinterpret_cast<SV*>(av));
}

// A tensor's description: a reference to a hash of name, type (its name),
// shape (ne[0] first), offset and nbytes.
inline SV* tensor_info_sv(pTHX_ const lugh::gguf::TensorInfo& info) {
    HV* hv = newHV();
    AV* shape = newAV();
    for (int64_t d : info.shape) av_push(shape, newSViv(static_cast<IV>(d)));
    hv_stores(hv, "name", text_sv(aTHX_ info.name));
    hv_stores(hv, "type", newSVpv(lugh::type_name(info.type), 0));
    hv_stores(hv, "shape", newRV_noinc(reinterpret_cast<SV*>(shape)));
    hv_stores(hv, "offset", newSVuv(static_cast<UV>(info.offset)));
    hv_stores(hv, "nbytes", newSVuv(static_cast<UV>(info.nbytes)));
    return newRV_noinc(reinterpret_cast<SV*>(hv));
}

// ---- writing ----

// The type a Perl scalar suggests when the caller gives none; nullptr if it suggests none.
inline const char* inferred_type(pTHX_ SV* v) {
#ifdef SvIsBOOL
    if (SvIsBOOL(v)) return "bool";
#endif
    if (SvPOK(v)) return "str";
    if (SvIOK(v)) {
        if (SvIsUV(v)) return SvUVX(v) > static_cast<UV>(std::numeric_limits<int64_t>::max()) ? "u64" : "i64";
        const IV x = SvIVX(v);
        return x >= INT32_MIN && x <= INT32_MAX ? "i32" : "i64";
    }
    if (SvNOK(v)) return "f64";
    return nullptr;
}

// Order of preference when array elements suggest different types.
inline int inferred_rank(const char* t) {
    if (!std::strcmp(t, "i32")) return 1;
    if (!std::strcmp(t, "i64")) return 2;
    if (!std::strcmp(t, "u64")) return 3;
    if (!std::strcmp(t, "f64")) return 4;
    return 0;
}

// The whole number a Perl scalar holds: exact when Perl holds an integer,
// else a whole, finite NV (strings are read as numbers). False for anything
// else (undef, "abc", 1.5, inf). The GGUF bindings' one integer reader.
inline bool whole_number(pTHX_ SV* v, __int128* out) {
    if (!SvOK(v) || !looks_like_number(v)) return false;
    if (!SvIOK(v)) (void)SvIV(v);   // may cache an exact integer value
    if (SvIOK(v)) {
        *out = SvIsUV(v) ? static_cast<__int128>(SvUVX(v)) : static_cast<__int128>(SvIVX(v));
        return true;
    }
    const NV nv = SvNV(v);
    if (!std::isfinite(nv) || nv != std::floor(nv) || nv < -9.3e18 || nv > 1.9e19) return false;
    *out = static_cast<__int128>(nv);
    return true;
}

// An integer argument of a GGUF binding, in [0, max]; dies naming `what`
// otherwise (never truncates 12.7 to 12 or 2**64 + 1 to 1).
// TODO(issue 15.10): use perl/xs/args.hpp, the converter of every binding,
// once it is on main; every integer argument of the GGUF bindings comes here.
inline UV gguf_uint_arg(pTHX_ SV* v, UV max, const char* what) {
    __int128 x = 0;
    if (!whole_number(aTHX_ v, &x) || x < 0 || x > static_cast<__int128>(max))
        croak("%s: '%" SVf "' is not a whole number from 0 to %" UVuf, what, SVfARG(v), max);
    return static_cast<UV>(x);
}

// Check `v` against type `t` and store it packed at `out`.
inline void pack_value(pTHX_ SV* v, ValueType t, void* out, const char* what, const char* key, long index) {
    char where[64] = "";
    if (index >= 0) std::snprintf(where, sizeof where, " element %ld", index);
    const char* tn = lugh::gguf::value_type_name(t);
    if (t == ValueType::Bool) {
        const uint8_t b = SvTRUE(v) ? 1 : 0;
        std::memcpy(out, &b, 1);
        return;
    }
    if (!SvOK(v) || !looks_like_number(v))
        croak("%s: key '%s'%s: '%" SVf "' is not a number (type %s)", what, key, where, SVfARG(v), tn);
    if (t == ValueType::F32) {
        // Range-checked like the integers: 1e300 must not become an infinity
        // unasked (an infinity or NaN given as such is kept).
        const double d = SvNV(v);
        if (std::isfinite(d) && std::fabs(d) > static_cast<double>(std::numeric_limits<float>::max()))
            croak("%s: key '%s'%s: %" NVgf " is out of the range of f32 (largest %g); use f64", what, key, where,
                  static_cast<NV>(d), static_cast<double>(std::numeric_limits<float>::max()));
        const float f = static_cast<float>(d);
        std::memcpy(out, &f, 4);
        return;
    }
    if (t == ValueType::F64) {
        const double d = SvNV(v);
        std::memcpy(out, &d, 8);
        return;
    }
    __int128 x;
    if (!whole_number(aTHX_ v, &x))
        croak("%s: key '%s'%s: %" NVgf " is not a whole number in the range of %s", what, key, where, SvNV(v), tn);
    __int128 lo = 0, hi = 0;
    switch (t) {
        case ValueType::U8: hi = UINT8_MAX; break;
        case ValueType::I8: lo = INT8_MIN; hi = INT8_MAX; break;
        case ValueType::U16: hi = UINT16_MAX; break;
        case ValueType::I16: lo = INT16_MIN; hi = INT16_MAX; break;
        case ValueType::U32: hi = UINT32_MAX; break;
        case ValueType::I32: lo = INT32_MIN; hi = INT32_MAX; break;
        case ValueType::U64: hi = UINT64_MAX; break;
        default: lo = INT64_MIN; hi = INT64_MAX; break;
    }
    if (x < lo || x > hi) croak("%s: key '%s'%s: '%" SVf "' does not fit in %s", what, key, where, SVfARG(v), tn);
    const size_t size = value_type_size(t);
    if (t == ValueType::U64) {
        const uint64_t u = static_cast<uint64_t>(x);
        std::memcpy(out, &u, 8);
    } else {
        const int64_t s = static_cast<int64_t>(x);   // little-endian: the low bytes are the narrow value
        std::memcpy(out, &s, size);
    }
}

}  // namespace lugh_perl
