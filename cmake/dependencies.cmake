# Third-party packages, all from Debian (tools/install-deps.sh installs them).
find_package(Threads REQUIRED)
set(LUGH_EXTRA_LIBS "")

if(LUGH_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(LUGH_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# Google Highway: portable SIMD, compiled per target (src/cpu/simd/). Only its
# headers are used: Lugh selects targets itself (src/cpu/simd/targets.cpp), so
# neither liblugh.so nor liblugh.a needs libhwy at link or run time (Debian
# ships no static libhwy).
find_package(PkgConfig REQUIRED)
pkg_check_modules(HWY REQUIRED libhwy)
include_directories(SYSTEM ${HWY_INCLUDE_DIRS})

# OpenBLAS: only the benchmarks use it, as the sgemm reference they compare
# against. The library never links it; without it the reference is skipped.
if(LUGH_BUILD_BENCH)
  find_path(LUGH_CBLAS_INCLUDE_DIR NAMES cblas.h PATH_SUFFIXES openblas)
  find_library(LUGH_OPENBLAS_LIBRARY NAMES openblas)
  if(LUGH_CBLAS_INCLUDE_DIR AND LUGH_OPENBLAS_LIBRARY)
    add_library(lugh_openblas INTERFACE)
    target_include_directories(lugh_openblas INTERFACE ${LUGH_CBLAS_INCLUDE_DIR})
    target_link_libraries(lugh_openblas INTERFACE ${LUGH_OPENBLAS_LIBRARY})
    target_compile_definitions(lugh_openblas INTERFACE LUGH_HAVE_OPENBLAS=1)
    message(STATUS "lugh: OpenBLAS found for the sgemm reference benchmark: ${LUGH_OPENBLAS_LIBRARY}")
  else()
    message(STATUS "lugh: OpenBLAS not found; the sgemm reference benchmark is skipped")
  endif()
endif()

# PCRE2 (8-bit, with JIT): the regular expressions of byte-level BPE
# pre-tokenizers (src/tokenizer/). Linked into the library, so static users
# need -lpcre2-8 too (lugh.pc's Libs.private).
pkg_check_modules(PCRE2 REQUIRED libpcre2-8)
include_directories(SYSTEM ${PCRE2_INCLUDE_DIRS})
list(APPEND LUGH_EXTRA_LIBS ${PCRE2_LIBRARIES})
string(APPEND LUGH_PC_EXTRA_LIBS " -lpcre2-8")
