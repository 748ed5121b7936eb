#!/bin/sh
# Build every fuzz target with clang (libFuzzer + ASan + UBSan) in fuzz/build/
# and run them one after another:
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS (default 60) is the fuzzing time of the whole run, SHARED equally by
# the targets run (all of them, or the ones named): CI's `run.sh 60` costs one
# minute of fuzzing plus the build, however many targets there are. To fuzz
# one target for a minute: fuzz/run.sh 60 fuzz_cli_args.
#
# The targets and their seed directories are declared in fuzz/CMakeLists.txt
# (one lugh_fuzz_target line each), which writes fuzz/build/targets.txt.
# Inputs found accumulate in fuzz/build/corpus/TARGET. Exits non-zero if the
# build fails or any target finds a crash, leak, sanitizer error or an
# allocation above 16 MiB; reproducers go to fuzz/build/artifacts/.
set -eu
seconds="${1:-60}"
[ $# -gt 0 ] && shift
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="$here/build"
cc="${CXX_FUZZ:-$(command -v clang++-14 || command -v clang++)}"
cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 >/dev/null

tab="$(printf '\t')"
if [ $# -gt 0 ]; then
    targets="$*"
else
    targets="$(cut -f1 "$build/targets.txt" | tr '\n' ' ')"
fi
count=$(echo $targets | wc -w)
each=$(( seconds / count ))
[ "$each" -ge 1 ] || each=1
echo "fuzz: $count target(s), $each s each: $targets"

failed=""
for name in $targets; do
    line="$(grep "^$name$tab" "$build/targets.txt" || true)"
    if [ -z "$line" ]; then
        echo "fuzz: unknown target '$name' (see fuzz/CMakeLists.txt)" >&2
        exit 2
    fi
    seeds=""
    for dir in $(echo "$line" | cut -f2); do
        [ -d "$root/$dir" ] && seeds="$seeds $root/$dir"
    done
    options="$(echo "$line" | cut -f3)"
    mkdir -p "$build/corpus/$name" "$build/artifacts"
    echo "==> $name ($each s; seeds:${seeds:- none})"
    # Defaults first: a target's own options (later) take precedence.
    # shellcheck disable=SC2086
    if ! "$build/$name" "$build/corpus/$name" $seeds \
        -max_total_time="$each" -max_len=4096 -rss_limit_mb=1024 -malloc_limit_mb=16 -close_fd_mask=1 \
        $options -artifact_prefix="$build/artifacts/$name-" -print_final_stats=1; then
        failed="$failed $name"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: FAILED:$failed" >&2
    exit 1
fi
echo "fuzz: every target ran clean"
