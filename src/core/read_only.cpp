#include "core/read_only.hpp"

#include "core/check.hpp"
#include "core/tensor_label.hpp"

namespace lugh::core {

namespace {
bool flagged(const ggml_tensor* t) { return t->flags & LUGH_TENSOR_FLAG_READ_ONLY; }
}  // namespace

void mark_read_only(ggml_tensor* t) { t->flags |= LUGH_TENSOR_FLAG_READ_ONLY; }

bool is_read_only(const ggml_tensor* t) { return flagged(t) || (t->view_src && flagged(t->view_src)); }

void require_writable(const ggml_tensor* t, const char* caller) {
    if (!is_read_only(t)) return;
    const ggml_tensor* root = t->view_src && flagged(t->view_src) ? t->view_src : t;
    if (root == t)
        fail("lugh: %s: tensor %s is read-only: its data is memory-mapped from a file (load it by copy to change it)",
             caller, tensor_label(t).text);
    fail("lugh: %s: tensor %s views tensor %s, which is read-only: its data is memory-mapped from a file (load it by "
         "copy to change it)",
         caller, tensor_label(t).text, tensor_label(root).text);
}

}  // namespace lugh::core
