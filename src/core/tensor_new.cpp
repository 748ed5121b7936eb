#include "core/tensor_new.hpp"

#include <cinttypes>
#include <cstdio>

#include "core/check.hpp"
#include "core/tensor_label.hpp"
#include "core/context.hpp"
#include "core/tensor_shape.hpp"
#include "core/type_traits.hpp"

namespace lugh::core {

const char* shape_str(const int64_t* ne, int n_dims, char* buf, size_t size) {
    size_t at = 0;
    at += std::snprintf(buf + at, size - at, "[");
    for (int i = 0; i < n_dims && at < size; ++i)
        at += std::snprintf(buf + at, size - at, i ? ", %" PRId64 : "%" PRId64, ne[i]);
    if (at < size) std::snprintf(buf + at, size - at, "]");
    return buf;
}

// Contiguous strides for ne; false if the byte size would overflow size_t.
bool contiguous_layout(const TypeInfo& ti, const int64_t ne[4], size_t nb[4], size_t* nbytes) {
    nb[0] = ti.type_size;
    if (mul_overflows(ti.type_size, static_cast<size_t>(ne[0] / ti.blck_size), &nb[1])) return false;
    for (int i = 2; i < 4; ++i)
        if (mul_overflows(nb[i - 1], static_cast<size_t>(ne[i - 1]), &nb[i])) return false;
    if (mul_overflows(nb[3], static_cast<size_t>(ne[3]), nbytes)) return false;
    // Keep sizes within ptrdiff_t so pointer arithmetic on them is defined.
    return *nbytes <= static_cast<size_t>(PTRDIFF_MAX);
}

ggml_tensor* new_tensor(ggml_context* ctx, ggml_type type, int n_dims, const int64_t* ne_in,
                        ggml_tensor* view_src, size_t view_offs, const char* caller, const size_t* view_nb) {
    require_live(ctx, caller);
    const TypeInfo* ti = type_info(type);
    if (!ti) fail("lugh: %s: unknown tensor type %d", caller, static_cast<int>(type));
    if (n_dims < 1 || n_dims > GGML_MAX_DIMS)
        fail("lugh: %s: n_dims is %d, but a tensor has 1 to %d dimensions", caller, n_dims, GGML_MAX_DIMS);
    if (!ne_in) fail("lugh: %s: the dimensions array is NULL", caller);

    int64_t ne[4] = {1, 1, 1, 1};
    for (int i = 0; i < n_dims; ++i) {
        if (ne_in[i] < 0)
            fail("lugh: %s: dimension %d is %" PRId64 "; dimensions must be >= 0", caller, i, ne_in[i]);
        ne[i] = ne_in[i];
    }
    char shape[128];
    // A view with strides of its own is laid out by them (a transposed view of
    // block data has rows that are not whole blocks); anything else is packed.
    const bool strided_view = view_src && view_nb;
    if (!strided_view && ne[0] % ti->blck_size != 0)
        fail("lugh: %s: a %s row needs a multiple of %" PRId64 " elements, got ne[0] = %" PRId64, caller,
             ti->name, ti->blck_size, ne[0]);
    size_t nb[4], nbytes = 0;
    if (!strided_view && !contiguous_layout(*ti, ne, nb, &nbytes))
        fail("lugh: %s: a %s tensor of shape %s is too large: its size in bytes overflows", caller, ti->name,
             shape_str(ne, n_dims, shape, sizeof shape));

    if (view_src) {
        // The source's own sources must still be there before anything reads it.
        require_reads_current(view_src, caller);
        // A view of a view points at the tensor that owns the memory.
        if (view_src->view_src) {
            view_offs += view_src->view_offs;
            view_src = view_src->view_src;
        }
        // With its own strides a view spans what they reach (a broadcast
        // view with a zero stride spans less than its element count).
        size_t span = nbytes;
        if (view_nb) {
            ggml_tensor probe{};
            probe.type = type;
            for (int i = 0; i < 4; ++i) {
                probe.ne[i] = ne[i];
                probe.nb[i] = view_nb[i];
            }
            span = core::nbytes(&probe);
        }
        size_t end = 0;
        if (add_overflows(view_offs, span, &end) || end > core::nbytes(view_src))
            fail("lugh: %s: view of %zu bytes at offset %zu reaches past its source %s of %zu bytes", caller,
                 span, view_offs, tensor_label(view_src).text, core::nbytes(view_src));
    }

    const bool alloc_data = view_src == nullptr && !ctx->no_alloc;
    Arena& arena = ctx->arena;
    if (!arena.fits(alloc_data ? nbytes : 0, true)) {
        const size_t data_cost = alloc_data ? arena.object_cost(nbytes) : 0;
        fail("lugh: %s: context #%u is out of memory: a %s tensor of shape %s needs %zu bytes "
             "(%zu metadata + %zu data), but only %zu of its %zu bytes are free",
             caller, ctx->slot, ti->name, shape_str(ne, n_dims, shape, sizeof shape),
             data_cost == SIZE_MAX ? SIZE_MAX : sizeof(ggml_tensor) + data_cost, sizeof(ggml_tensor),
             data_cost, arena.free_bytes(), arena.size());
    }

    ggml_tensor* t = arena.push_record();
    t->lugh_owner = static_cast<int32_t>(ctx->slot + 1);
    t->type = type;
    for (int i = 0; i < 4; ++i) {
        t->ne[i] = ne[i];
        t->nb[i] = strided_view ? view_nb[i] : nb[i];
    }
    if (alloc_data) {
        t->data = arena.push_object(nbytes);
    } else if (view_src) {
        t->view_src = view_src;
        t->view_offs = view_offs;
        t->buffer = view_src->buffer;
        t->data = view_src->data ? static_cast<char*>(view_src->data) + view_offs : nullptr;
        t->flags = view_src->flags & LUGH_TENSOR_FLAG_READ_ONLY;   // a view of read-only data is read-only
        note_read(ctx, t, view_src);
    }
    return t;
}

void check_view_bounds(const ggml_tensor* view, const char* caller) {
    const ggml_tensor* src = view->view_src;
    if (!src) return;
    size_t end = 0;
    const size_t span = core::nbytes(view);
    if (add_overflows(view->view_offs, span, &end) || end > core::nbytes(src))
        fail("lugh: %s: view of %zu bytes at offset %zu reaches past its source %s of %zu bytes", caller, span,
             view->view_offs, tensor_label(src).text, core::nbytes(src));
}

void* new_object(ggml_context* ctx, size_t nbytes, const char* caller) {
    require_live(ctx, caller);
    void* p = ctx->arena.push_object(nbytes);
    if (!p) {
        const size_t cost = ctx->arena.object_cost(nbytes);
        fail("lugh: %s: context #%u is out of memory: %zu bytes needed, but only %zu of its %zu bytes are free",
             caller, ctx->slot, cost == SIZE_MAX ? nbytes : cost, ctx->arena.free_bytes(), ctx->arena.size());
    }
    return p;
}

}  // namespace lugh::core
