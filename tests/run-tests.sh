#!/bin/sh
# Runs every unit test program and every end-to-end script, then prints one
# closing line "N passed, N failed, N skipped". Usage: run-tests.sh BUILD_DIR
# [PROGRAM...]: with program names (test_mix ...), only those unit tests.
# A test program or script exits 0 (pass), 77 (skip, having said why) or other (fail).
BUILD=$(cd "${1:-build}" && pwd)
export TTSREAD="$BUILD/ttsread"
export TTS_BUILD="$BUILD"
# A developer's own ~/.config/ttsread/config.ini must not change test results.
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT
export TTS_CORPUS="${TTS_CORPUS:-../shared/corpus}"
export TTS_SEED="${TTS_SEED:-../shared/seeds/npr-cyberattack-transcript.txt}"
export TTSREAD_VOICES="$(pwd)/voices"
passed=0 failed=0 skipped=0 failures=""
log_dir="$BUILD/test-logs"
mkdir -p "$log_dir"

run() {
    name=$1; shift
    log="$log_dir/$(basename "$name").log"
    "$@" >"$log" 2>&1
    status=$?
    case $status in
    0) passed=$((passed + 1)); echo "PASS $name" ;;
    77) skipped=$((skipped + 1)); echo "SKIP $name: $(tail -n 1 "$log")" ;;
    *) failed=$((failed + 1)); failures="$failures $name"
       echo "FAIL $name (exit $status); last lines of $log:"; tail -n 25 "$log" | sed 's/^/    /' ;;
    esac
}

shift
if [ $# -gt 0 ]; then
    for name in "$@"; do
        run "$name" "$BUILD/tests/$name"
    done
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit
fi
for program in "$BUILD"/tests/test_*; do
    case $program in *.o|*.d) continue ;; esac
    [ -x "$program" ] || continue
    run "$(basename "$program")" "$program"
done
for script in tests/e2e/*.sh; do
    [ -f "$script" ] || continue
    run "$(basename "$script" .sh)" sh "$script"
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
