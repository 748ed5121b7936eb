// Python's text for a float: repr(x) (shortest digits that read back to the
// same double, "1e+16", "1e-05", "3.0", "inf", "nan"), shared by the chat
// template engine and the JSON writer so both print numbers as Python does.
#pragma once

#include <string>

namespace lugh {

std::string python_float_repr(double x);

}  // namespace lugh
