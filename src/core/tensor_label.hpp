// How error messages name a tensor: 'weight' (quoted) when it has a name,
// (unnamed) when it does not, so a message never shows a bare ''.
//
//     fail("lugh: %s: tensor %s has no data", caller, tensor_label(t).text);
#pragma once

#include <cstdio>

#include "lugh/ggml/ggml.h"

namespace lugh::core {

struct TensorLabel {
    char text[GGML_MAX_NAME + 2];   // the name, its quotes and the NUL
};

// The label lives in the returned object: use it within the same expression.
inline TensorLabel tensor_label(const ggml_tensor* t) {
    TensorLabel label;
    if (!t) std::snprintf(label.text, sizeof label.text, "(null)");
    else if (t->name[0] == '\0') std::snprintf(label.text, sizeof label.text, "(unnamed)");
    else std::snprintf(label.text, sizeof label.text, "'%.*s'", GGML_MAX_NAME - 1, t->name);
    return label;
}

}  // namespace lugh::core
