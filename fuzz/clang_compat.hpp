// Included before every library source in the fuzz build (fuzz/CMakeLists.txt).
// clang 14 does not know some CPU feature names GCC does ("avxvnni", "f16c",
// "amx-int8"), so the library's run-time dispatch is compiled as "no feature
// present": the fuzz binaries select the scalar kernels, which is all a parser
// needs (the kernels are the unit tests' business, under GCC's sanitizers).
#pragma once

#define __builtin_cpu_init() ((void)0)
#define __builtin_cpu_supports(feature) lugh_fuzz_cpu_supports(feature)

static inline int lugh_fuzz_cpu_supports(const char*) { return 0; }
