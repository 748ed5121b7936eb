# Lugh's front door. CMake does the real work; this file only remembers the
# commands so that a fresh Debian machine needs nothing but `make demo` and
# `make test`.
#
#   make            install missing Debian packages, configure and build into build/
#   make demo       run every example (C, C++, and Perl once perl/ exists)
#   make test       every unit test (ctest), then the Perl tests
#   make bench      the benchmarks, with a short summary table
#   make bench-llamacpp  Lugh against llama.cpp (node-llama-cpp) on the same models
#   make perl       build the Perl module against build/ (perl/blib)
#   make install    install into $(PREFIX) (default /usr/local)
#   make sanitize   unit tests built with AddressSanitizer + UBSan (build-asan/)
#   make tsan       the threading tests built with ThreadSanitizer (build-tsan/)
#   make clean      remove every build directory
#
# Variables: BUILD (build dir), BUILD_TYPE, JOBS, PREFIX, CMAKE_FLAGS,
# BENCH_MIN_TIME (seconds per benchmark), BENCH_FILTER (regex).

BUILD          ?= build
BUILD_TYPE     ?= Release
JOBS           ?= 2
PREFIX         ?= /usr/local
CMAKE_FLAGS    ?=
BENCH_MIN_TIME ?= 0.05
BENCH_FILTER   ?= .
ASAN_BUILD     ?= build-asan
TSAN_BUILD     ?= build-tsan
# Which tests exercise threads, i.e. what `make tsan` runs (a ctest regex).
TSAN_TESTS     ?= RegistryThreads|ThreadPool|ChatThreads|TokenizerThreads|LlmThreads|CustomOpThreads|CompatLogThreads

BUILD_ABS := $(abspath $(BUILD))
PERL_INC  := -Iperl/blib/lib -Iperl/blib/arch

# Sanitizer reports fail the test that triggers them (with a stack trace).
export ASAN_OPTIONS  ?= detect_leaks=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS  ?= halt_on_error=1:second_deadlock_stack=1

.PHONY: all deps build demo test bench bench-llamacpp perl install sanitize tsan clean

all: build

deps:
	@tools/install-deps.sh

# Configure once (cmake re-runs itself when CMakeLists or globbed files change).
build: deps
	@test -f $(BUILD)/CMakeCache.txt || \
	  cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	@set -e; \
	while read -r prog; do \
	  [ -n "$$prog" ] || continue; \
	  echo "==> $$prog"; \
	  $(BUILD)/examples/$$prog; \
	done < $(BUILD)/examples/list.txt
	@set -e; \
	scripts=$$(ls examples/perl/*.pl 2>/dev/null || true); \
	if [ -n "$$scripts" ]; then \
	  $(MAKE) --no-print-directory perl; \
	  for s in $$scripts; do \
	    echo "==> $$s"; \
	    perl $(PERL_INC) $$s; \
	  done; \
	fi

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)
	@set -e; \
	if [ -f perl/Makefile.PL ]; then \
	  $(MAKE) --no-print-directory perl; \
	  echo "==> prove -b -r t (in perl/)"; \
	  cd perl && prove -b -r t; \
	fi

# MAKEFLAGS is cleared for MakeMaker's Makefile: our command-line variables
# (PREFIX in particular) mean something else to it.
perl: build
	@test -f perl/Makefile.PL || { echo "make perl: perl/Makefile.PL does not exist yet" >&2; exit 1; }
	cd perl && perl Makefile.PL LUGH_BUILD=$(BUILD_ABS) && MAKEFLAGS= $(MAKE)

bench: build
	$(BUILD)/bench/lugh_bench --benchmark_min_time=$(BENCH_MIN_TIME) \
	  --benchmark_filter='$(BENCH_FILTER)' \
	  --benchmark_out=$(BUILD)/bench/results.json --benchmark_out_format=json
	@perl tools/bench-summary.pl $(BUILD)/bench/results.json

# node-llama-cpp from $LUGH_NLC_DIR or /work/nlc, else installed into the
# git-ignored bench/llamacpp (bench/llamacpp/find_nlc.mjs finds it in any of
# them; the script skips with a message without it).
# LLAMACPP_ARGS: e.g. "--threads 1 --reps 5 --pp 64 --tg 32 model.gguf".
LLAMACPP_ARGS ?=
bench-llamacpp: build
	@if [ -z "$$LUGH_NLC_DIR" ] && [ ! -d /work/nlc/node_modules/node-llama-cpp ] && \
	    [ ! -d bench/llamacpp/node_modules/node-llama-cpp ]; then \
	  npm install --prefix bench/llamacpp --no-save --no-audit --no-fund node-llama-cpp || \
	    echo "bench-llamacpp: could not install node-llama-cpp"; \
	fi
	node bench/llamacpp/compare.mjs --lugh $(BUILD)/bin/lugh $(LLAMACPP_ARGS)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)
	@if [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

sanitize: deps
	@test -f $(ASAN_BUILD)/CMakeCache.txt || \
	  cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DLUGH_SANITIZE=address,undefined -DLUGH_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS)

tsan: deps
	@test -f $(TSAN_BUILD)/CMakeCache.txt || \
	  cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DLUGH_SANITIZE=thread -DLUGH_BUILD_BENCH=OFF -DLUGH_BUILD_EXAMPLES=OFF $(CMAKE_FLAGS)
	cmake --build $(TSAN_BUILD) -j$(JOBS)
	ctest --test-dir $(TSAN_BUILD) --output-on-failure -j$(JOBS) -R '$(TSAN_TESTS)'

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)
	@if [ -f perl/Makefile ]; then cd perl && MAKEFLAGS= $(MAKE) realclean >/dev/null; fi
