#!/bin/sh
# Matrix-vector speed of every weight type, Lugh against llama.cpp, same run.
#
#   bench/llamacpp/run.sh [BUILD_DIR] [ROUNDS] [TYPES...]
#
# For each type a 2-layer model in the shape of Llama-3-8B layers
# (lugh_matvec_models; 4096 wide, FFN 14336) is written to MODELS_DIR
# (default BUILD_DIR/bench/models; about 4.5 GB for all types). Then,
# alternating per type for ROUNDS rounds: Lugh multiplies every matrix of the
# model by a vector (lugh_model_matvec), and llama.cpp (node-llama-cpp)
# generates tokens from the same file. Both on THREADS threads (default 1)
# and timed in CPU seconds: on a shared, oversubscribed machine wall time
# measures the other processes, and llama.cpp's threads spin-wait when
# THREADS > 1. lugh/read is Lugh's weight bytes per CPU second over one
# thread's read bandwidth measured right after each pass (meaningful with
# THREADS = 1); the last column is llama.cpp's CPU time per token over
# Lugh's per pass: above 1, Lugh reads the weights faster.
# Then prompt processing: for PROMPT_TYPES (default q4_K q6_K) and
# PROMPT_SIZES tokens (default 64 512), llama.cpp evaluates a prompt in one
# batch (prompt_speed.mjs) and Lugh multiplies every matrix by as many
# vectors; the ratio is again llama.cpp's CPU time over Lugh's (llama.cpp also
# computes the attention, about 2% of the work at 512 tokens).
# Needs ../shared/models/synthetic/llama-small-f16.gguf (its vocabulary) and
# node-llama-cpp (where find_nlc.mjs looks: LUGH_NLC_DIR, bench/llamacpp/node_modules,
# /work/nlc, npm's global root); skips without them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
rounds=${2:-3}
[ $# -ge 2 ] && shift 2 || shift $#
prompt_types=${PROMPT_TYPES:-q4_K q6_K}
prompt_sizes=${PROMPT_SIZES:-64 512}
types=${*:-q4_0 q4_1 q5_0 q5_1 q8_0 q2_K q3_K q4_K q5_K q6_K iq4_nl iq4_xs f16}
threads=${THREADS:-1}
tokens=${TOKENS:-24}
models=${MODELS_DIR:-$build/bench/models}
vocab=${LUGH_SHARED_DIR:-$root/../shared}/models/synthetic/llama-small-f16.gguf

if [ ! -f "$vocab" ]; then echo "skip: no $vocab (the shared fixtures)"; exit 0; fi
found=0
node "$here/generate_speed.mjs" 1 5 /nonexistent.gguf >/dev/null 2>&1 || found=$?
if [ "$found" -eq 3 ]; then echo "skip: node-llama-cpp not found"; exit 0; fi
for tool in lugh_matvec_models lugh_model_matvec; do
    [ -x "$build/bench/$tool" ] || { echo "build $tool first (cmake --build $build --target $tool)" >&2; exit 1; }
done
mkdir -p "$models"
for t in $types; do
    [ -f "$models/matvec-$t-L2.gguf" ] || "$build/bench/lugh_matvec_models" "$vocab" "$models" 2 "$t" >/dev/null
done

printf '%-8s %8s %12s %12s %10s %8s\n' type MB lugh_GB/s llama_GB/s lugh/read ratio
for t in $types; do
    f=$models/matvec-$t-L2.gguf
    lugh_sum=0 llama_sum=0 read_sum=0 bytes=0
    for r in $(seq "$rounds"); do
        set -- $("$build/bench/lugh_model_matvec" "$threads" 8 "$f")
        lugh_sum=$(echo "$lugh_sum + $2" | sed 's/e/*10^/g' | bc -l); bytes=$3
        read_sum=$(echo "$read_sum + $4" | sed 's/e/*10^/g' | bc -l)
        set -- $(node "$here/generate_speed.mjs" "$threads" "$tokens" "$f")
        llama_sum=$(echo "$llama_sum + $2" | sed 's/e/*10^/g' | bc -l)
    done
    echo "$t $bytes $lugh_sum $llama_sum $rounds $read_sum" |
        awk '{ printf "%-8s %8.0f %12.2f %12.2f %10.2f %8.2f\n", $1, $2/1e6, $2*$5/$3/1e9, $2*$5/$4/1e9, $6/$3, $4/$3 }'
done

printf '\n%-8s %8s %12s %12s %8s\n' type tokens lugh_s llama_s ratio
for t in $prompt_types; do
    f=$models/matvec-$t-L2.gguf
    [ -f "$f" ] || "$build/bench/lugh_matvec_models" "$vocab" "$models" 2 "$t" >/dev/null
    for n in $prompt_sizes; do
        set -- $("$build/bench/lugh_model_matvec" "$threads" 1 "$f" "$n"); lugh_s=$2
        set -- $(node "$here/prompt_speed.mjs" "$threads" "$n" "$f"); llama_s=$2
        echo "$t $n $lugh_s $llama_s" | sed 's/e+\{0,1\}/e/g' |
            awk '{ printf "%-8s %8d %12.3f %12.3f %8.2f\n", $1, $2, $3, $4, $4/$3 }'
    done
done
