#!/usr/bin/env bash
# Makes sure the Debian packages Lugh needs are installed.
#
# `make` runs this every time, so the common case (everything present) is one
# dpkg-query call and no output. When something is missing: as root, install
# it with apt-get; otherwise say exactly what to run and fail.
set -euo pipefail

# The one list of the project's system dependencies.
PACKAGES=(
    build-essential     # gcc/g++ 12, make
    cmake
    pkg-config
    libgtest-dev        # unit tests (GoogleTest)
    libgmock-dev
    libbenchmark-dev    # bench/ (Google Benchmark)
    libhwy-dev          # portable SIMD with run-time dispatch (Google Highway)
    libpcre2-dev        # regular expressions of BPE pre-tokenizers (PCRE2 with JIT)
    libopenblas-dev     # reference for matrix-multiplication benchmarks
    perl                # the Perl face, prove, tools/bench-summary.pl
    libperl-dev
    clang               # fuzzing (fuzz/run.sh)
    libclang-rt-14-dev
    llvm
)

if [[ "${1:-}" == "--list" ]]; then
    printf '%s\n' "${PACKAGES[@]}"
    exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-deps: not a Debian system (no dpkg-query); make sure the equivalents of these are installed:" >&2
    echo "  ${PACKAGES[*]}" >&2
    exit 0
fi

# One query for every package; a package dpkg has never heard of prints
# nothing on stdout (its complaint on stderr is expected, so it is dropped).
# The second letter of the status abbreviation is the current state: i = installed.
installed=" $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${PACKAGES[@]}" 2>/dev/null |
              awk 'substr($1, 2, 1) == "i" { printf "%s ", $2 }' || true) "
missing=()
for p in "${PACKAGES[@]}"; do
    [[ "$installed" == *" $p "* ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    {
        echo "install-deps: missing Debian packages: ${missing[*]}"
        echo "install-deps: install them with:"
        echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
        echo "install-deps: (or run 'make' as root and it will do that for you)"
    } >&2
    exit 1
fi

echo "install-deps: installing missing Debian packages: ${missing[*]}"
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
