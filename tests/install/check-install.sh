#!/usr/bin/env bash
# Installs a Lugh build into a temporary prefix and uses it the way a user
# would, with nothing from the source or build tree:
#   - the headers land in include/lugh/ (C API in include/lugh/ggml/, so a
#     system ggml.h is never shadowed) and each one compiles on its own;
#   - C and C++ programs build with `pkg-config --cflags --libs lugh` alone,
#     and statically with `pkg-config --static`;
#   - the README's C++ and C examples build that way and print what the
#     README says they print;
#   - a CMake project finds the package with find_package(lugh) and links
#     lugh::lugh and lugh::lugh_static.
#
# usage: check-install.sh BUILD_DIR SOURCE_DIR VERSION
# Environment: CC, CXX (compilers), LUGH_SANITIZE (the build's sanitizers;
# the test programs must be built with them too).
set -euo pipefail

build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
version=$3
here="$source/tests/install"
CC=${CC:-cc}
CXX=${CXX:-c++}
san_flags=()
if [[ -n "${LUGH_SANITIZE:-}" ]]; then
    san_flags=("-fsanitize=$LUGH_SANITIZE")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lugh-install-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

step() { echo "-- $*"; }
fail() {
    echo "check-install: FAIL: $*" >&2
    exit 1
}
# Runs a program and compares its output with the expected text.
run_and_compare() {
    local program=$1 expected=$2
    local actual
    actual=$("$program") || fail "$program exited with status $?"
    if [[ "$actual" != "$expected" ]]; then
        diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") >&2 || true
        fail "$(basename "$program") printed something else than expected (diff above: < expected, > actual)"
    fi
}

step "cmake --install $build --prefix $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || {
    cat "$work/install.log" >&2
    fail "cmake --install failed"
}

step "header layout"
[[ -f "$prefix/include/lugh/lugh.hpp" ]] || fail "include/lugh/lugh.hpp is not installed"
[[ -f "$prefix/include/lugh/ggml/ggml.h" ]] || fail "include/lugh/ggml/ggml.h is not installed"
[[ -f "$prefix/include/lugh/ggml/ggml-cpu.h" ]] || fail "include/lugh/ggml/ggml-cpu.h is not installed"
# Only the lugh/ folder at the top of include/: a ggml.h there would shadow a system ggml.
top=$(cd "$prefix/include" && ls -A)
[[ "$top" == "lugh" ]] || fail "include/ holds more than lugh/: $top"

pc=$(find "$prefix" -name lugh.pc)
[[ -n "$pc" && $(wc -l <<<"$pc") -eq 1 ]] || fail "expected exactly one lugh.pc under $prefix, found: $pc"
config=$(find "$prefix" -name lugh-config.cmake)
[[ -n "$config" ]] || fail "lugh-config.cmake is not installed"

export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc")
cflags=$(pkg-config --cflags lugh)
libs=$(pkg-config --libs lugh)
libdir=$(pkg-config --variable=libdir lugh)
step "pkg-config: $cflags $libs"
[[ "$(pkg-config --modversion lugh)" == "$version" ]] || fail "pkg-config reports version $(pkg-config --modversion lugh), not $version"
for tree in "$source" "$build"; do
    [[ "$cflags $libs" != *"$tree"* ]] || fail "pkg-config flags point into $tree"
done
[[ -f "$libdir/liblugh.so" ]] || fail "pkg-config's libdir $libdir has no liblugh.so"
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

step "every installed header compiles on its own"
for h in "$prefix"/include/lugh/ggml/*.h; do
    name=$(basename "$h")
    if [[ $name != ggml-cpp.h ]]; then   # upstream's C++-only header
        # shellcheck disable=SC2086
        echo "#include \"$name\"" | "$CC" -x c -std=c11 -Wall -Wextra -Werror -fsyntax-only $cflags - ||
            fail "$name does not compile as C"
    fi
    # shellcheck disable=SC2086
    echo "#include \"$name\"" | "$CXX" -x c++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only $cflags - ||
        fail "$name does not compile as C++"
done
for h in "$prefix"/include/lugh/*.hpp; do
    name=$(basename "$h")
    # shellcheck disable=SC2086
    echo "#include <lugh/$name>" | "$CXX" -x c++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only $cflags - ||
        fail "lugh/$name does not compile on its own"
done

step "C and C++ programs built with pkg-config only"
# shellcheck disable=SC2086
"$CC" "${san_flags[@]}" "$here/consumer/use_ggml.c" -o "$work/use_ggml" $cflags $libs ||
    fail "use_ggml.c does not build with pkg-config's flags"
# shellcheck disable=SC2086
"$CXX" "${san_flags[@]}" "$here/consumer/use_lugh.cxx" -o "$work/use_lugh" $cflags $libs ||
    fail "use_lugh.cxx does not build with pkg-config's flags"
expected=$(cat "$here/consumer/expected.txt")
run_and_compare "$work/use_ggml" "$(grep '^use_ggml:' <<<"$expected")"
run_and_compare "$work/use_lugh" "$(grep '^use_lugh:' <<<"$expected")"

step "a matrix product as ggml's simple-ctx and simple-backend examples compute it"
for prog in matmul_ctx matmul_sched; do
    # shellcheck disable=SC2086
    "$CXX" "${san_flags[@]}" -std=c++17 "$here/consumer/$prog.cpp" -o "$work/$prog" $cflags $libs -pthread ||
        fail "$prog.cpp does not build with pkg-config's flags"
    run_and_compare "$work/$prog" "$(grep '^matmul:' <<<"$expected")"
done

step "static link with pkg-config --static only"
# liblugh.a and everything Libs.private names, so a missing dependency shows.
static_libs=$(pkg-config --static --libs-only-l lugh)
# shellcheck disable=SC2086
"$CXX" "${san_flags[@]}" "$here/consumer/use_lugh.cxx" -o "$work/use_lugh_static" $cflags \
    $(pkg-config --static --libs-only-L lugh) -Wl,-Bstatic $static_libs -Wl,-Bdynamic ||
    fail "use_lugh.cxx does not link statically with: $static_libs"
if ldd "$work/use_lugh_static" | grep -q liblugh; then
    fail "use_lugh_static still loads liblugh.so"
fi
run_and_compare "$work/use_lugh_static" "$(grep '^use_lugh:' <<<"$expected")"

step "README examples built with pkg-config only"
# Fenced blocks of README.md: the first ```cpp and the first ```c block, each
# followed by a ```text block with what it prints.
readme_block() {
    perl -0777 -ne '
        my @blocks;
        push @blocks, [$1, $2] while /^```(\w*)[ \t]*\n(.*?)^```[ \t]*$/msg;
        for my $i (0 .. $#blocks) {
            next unless $blocks[$i][0] eq $ENV{LANG_WANTED};
            my $b = $ENV{WHAT} eq "code" ? $blocks[$i] : $blocks[$i + 1];
            exit 1 unless $b && ($ENV{WHAT} eq "code" || $b->[0] eq "text");
            print $b->[1];
            exit 0;
        }
        exit 1;
    ' "$source/README.md"
}
[[ -f "$source/README.md" ]] || fail "README.md is missing"
for lang in cpp c; do
    code=$(LANG_WANTED=$lang WHAT=code readme_block) || fail "README.md has no \`\`\`$lang example"
    want=$(LANG_WANTED=$lang WHAT=output readme_block) ||
        fail "README.md's \`\`\`$lang example is not followed by a \`\`\`text block of its output"
    if [[ $lang == c ]]; then
        printf '%s\n' "$code" >"$work/readme_example.c"
        # shellcheck disable=SC2086
        "$CC" "${san_flags[@]}" "$work/readme_example.c" -o "$work/readme_c" $cflags $libs ||
            fail "README's C example does not build"
        run_and_compare "$work/readme_c" "$want"
    else
        printf '%s\n' "$code" >"$work/readme_example.cpp"
        # shellcheck disable=SC2086
        "$CXX" "${san_flags[@]}" "$work/readme_example.cpp" -o "$work/readme_cpp" $cflags $libs ||
            fail "README's C++ example does not build"
        run_and_compare "$work/readme_cpp" "$want"
    fi
done

step "find_package(lugh) from a CMake project"
cmake_flags=(-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
             -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX")
if [[ ${#san_flags[@]} -gt 0 ]]; then
    cmake_flags+=(-DCMAKE_C_FLAGS="${san_flags[*]}" -DCMAKE_CXX_FLAGS="${san_flags[*]}")
fi
cmake -S "$here/consumer" -B "$work/consumer-build" "${cmake_flags[@]}" >"$work/consumer.log" 2>&1 &&
    cmake --build "$work/consumer-build" >>"$work/consumer.log" 2>&1 || {
    cat "$work/consumer.log" >&2
    fail "the find_package(lugh) project does not configure and build"
}
found=$(sed -n 's/^lugh_DIR:PATH=//p' "$work/consumer-build/CMakeCache.txt")
[[ "$found" == "$prefix"/* ]] || fail "find_package(lugh) found $found, not the package in $prefix"
run_and_compare "$work/consumer-build/use_ggml" "$(grep '^use_ggml:' <<<"$expected")"
run_and_compare "$work/consumer-build/use_lugh" "$(grep '^use_lugh:' <<<"$expected")"
run_and_compare "$work/consumer-build/use_lugh_static" "$(grep '^use_lugh:' <<<"$expected")"

echo "check-install: OK (installed, built and ran against $prefix)"
