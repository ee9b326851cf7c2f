#!/bin/sh
# Runs fuzz targets one after another, each for SECONDS under ASan+UBSan
# (built by `make fuzz`), and fails on any crash, leak, timeout or
# sanitizer report; prints each target's execution count.
# Usage: run.sh FUZZ_BUILD SECONDS MAX_LEN ci|keep TARGET...
#   ci:   seeds only, a fresh corpus each time (the bounded pass in make check)
#   keep: grows FUZZ_BUILD/corpus/TARGET across runs (make fuzz)
# FUZZ_RUNS=N in the environment stops each target after N executions instead
# (SECONDS 0: no time limit).
build=$1 seconds=$2 max_len=$3 mode=$4
shift 4
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TTSREAD_VOICES="${TTSREAD_VOICES:-$(pwd)/voices}"
# The cast and captions targets write files on every run: keep them in memory.
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm
failed=""
for target in "$@"; do
    program="$build/fuzz/fuzz_$target"
    seeds="$build/fuzz/seeds/$target"
    corpus="$build/fuzz/corpus/$target"
    findings="$build/fuzz/findings/$target"
    log="$build/fuzz/$target.log"
    rm -rf "$seeds"
    [ "$mode" = ci ] && rm -rf "$corpus"
    mkdir -p "$corpus" "$findings"
    sh tests/fuzz/seeds.sh "$target" "$seeds" || exit 2
    extra=""
    [ "$mode" = ci ] && extra="-seed=1"
    [ -n "${FUZZ_RUNS:-}" ] && extra="$extra -runs=$FUZZ_RUNS"
    started=$(date +%s)
    # shellcheck disable=SC2086
    "$program" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$findings/" $extra "$corpus" "$seeds" >"$log" 2>&1
    status=$?
    elapsed=$(($(date +%s) - started))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ "$status" -eq 0 ]; then
        echo "fuzz $target: ${runs:-?} runs in ${elapsed} s, no finding"
    else
        failed="$failed $target"
        echo "fuzz $target: FAILED (exit $status) after ${runs:-?} runs; inputs in $findings, log $log:"
        grep -E 'ERROR|SUMMARY|fuzz invariant|Test unit written|runtime error| src/| tests/fuzz/' "$log" |
            head -n 30 | sed 's/^/    /'
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: findings in:$failed (replay: $build/fuzz/fuzz_TARGET FILE; keep each as tests/fixtures/crashers/TARGET/NAME)"
    exit 1
fi
