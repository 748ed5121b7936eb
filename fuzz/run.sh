#!/bin/sh
# Build the GGUF fuzz target with clang (libFuzzer + ASan + UBSan) in its own
# build directory and run it for the given number of seconds (default 60).
# Exits non-zero if the build fails or the fuzzer finds a crash, leak or
# sanitizer error; the reproducer is left in fuzz/build/artifacts/.
set -eu
seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
build="$here/build"
cc="${CXX_FUZZ:-$(command -v clang++-14 || command -v clang++)}"
cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 >/dev/null
mkdir -p "$build/corpus" "$build/artifacts"
# Seeds: tests/gguf/corpus (valid and crafted files) and fuzz/seeds (a tensor
# of every weight type); found inputs accumulate in fuzz/build/corpus.
"$build/gguf_fuzz" "$build/corpus" "$here/../tests/gguf/corpus" "$here/seeds" \
    -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=1024 -malloc_limit_mb=16 \
    -artifact_prefix="$build/artifacts/" -print_final_stats=1
