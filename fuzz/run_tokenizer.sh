#!/bin/sh
# Build the tokenizer fuzz targets with clang (libFuzzer + ASan + UBSan) and
# run each for the given number of seconds (default 60): tokenizer_fuzz
# (arbitrary text) and vocab_fuzz (arbitrary vocabulary files, seeded from
# fuzz/corpus/vocab). Exits non-zero on a build failure or a finding; the
# reproducer is left in fuzz/build/artifacts/.
set -eu
seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
build="$here/build"
cc="${CXX_FUZZ:-$(command -v clang++-14 || command -v clang++)}"
cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target tokenizer_fuzz vocab_fuzz >/dev/null
mkdir -p "$build/corpus_text" "$build/corpus_vocab" "$build/artifacts"
"$build/tokenizer_fuzz" "$build/corpus_text" \
    -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=1024 \
    -artifact_prefix="$build/artifacts/" -print_final_stats=1
"$build/vocab_fuzz" "$build/corpus_vocab" "$here/corpus/vocab" \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=1024 -malloc_limit_mb=256 \
    -artifact_prefix="$build/artifacts/" -print_final_stats=1
