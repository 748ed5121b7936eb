#include "lugh/types.hpp"

#include "core/check.hpp"
#include "core/type_traits.hpp"

namespace lugh {

namespace {
const core::TypeInfo& info(Type type) {
    const core::TypeInfo* ti = core::type_info(static_cast<int>(type));
    if (!ti) core::fail("lugh: unknown tensor type %d", static_cast<int>(type));
    return *ti;
}
}  // namespace

const char* type_name(Type type) { return info(type).name; }
size_t type_size(Type type) { return info(type).type_size; }
int64_t block_size(Type type) { return info(type).blck_size; }
bool is_quantized(Type type) { return info(type).quantized; }

size_t row_size(Type type, int64_t n) {
    const core::TypeInfo& ti = info(type);
    if (n < 0 || n % ti.blck_size != 0)
        core::fail("lugh: row_size: %lld elements of %s (blocks of %lld)", static_cast<long long>(n), ti.name,
                   static_cast<long long>(ti.blck_size));
    size_t bytes = 0;
    if (core::mul_overflows(static_cast<size_t>(n / ti.blck_size), ti.type_size, &bytes))
        core::fail("lugh: row_size: %lld elements of %s overflow size_t", static_cast<long long>(n), ti.name);
    return bytes;
}

}  // namespace lugh
