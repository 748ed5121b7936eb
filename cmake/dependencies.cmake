# Third-party packages, all from Debian (tools/install-deps.sh installs them).
find_package(Threads REQUIRED)
set(LUGH_EXTRA_LIBS "")

if(LUGH_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(LUGH_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
