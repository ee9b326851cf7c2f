#!/bin/sh
# Runs every unit test program and every end-to-end script, several at once,
# then prints one closing line "N passed, N failed, N skipped". Usage:
# run-tests.sh BUILD_DIR [PROGRAM...]: with program names (test_mix ...),
# only those unit tests. TTS_TEST_JOBS sets how many run at once (default:
# the number of cores). A test program or script exits 0 (pass), 77 (skip,
# having said why) or other (fail); each writes $BUILD/test-logs/NAME.log.
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
log_dir="$BUILD/test-logs"
export log_dir
mkdir -p "$log_dir"
jobs=${TTS_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}

# Tests that run alone, after the others, because they time themselves
# against the wall clock:
# - play_keys: keys are sent at set moments of real-time playback
#   (TTSREAD_TEST_REALTIME); a starved player hears them late.
# - play_mpris: the same, with media keys sent over D-Bus.
ALONE="play_keys play_mpris"
# Alone also from the runners of other builds of this tree (make check runs
# test and sanitize-check at once): every test holds this lock shared, the
# lone ones exclusive.
TTS_TEST_LOCK=${TTS_TEST_LOCK:-${TMPDIR:-/tmp}/ttsread-tests-$(pwd | cksum | cut -d' ' -f1).lock}
export TTS_TEST_LOCK

# One test: its result line on stdout, its status in NAME.status (what the
# summary counts), its wall time in NAME.seconds (the next run starts the
# longest first).
if [ "${2:-}" = --one ]; then
    name=$3 lock=$4
    case $name in
    test_*) set -- "$BUILD/tests/$name" ;;
    *) set -- sh "tests/e2e/$name.sh" ;;
    esac
    command -v flock >/dev/null && set -- flock "$lock" "$TTS_TEST_LOCK" "$@"
    log="$log_dir/$name.log"
    started=$(date +%s)
    "$@" >"$log" 2>&1 </dev/null
    status=$?
    echo $(($(date +%s) - started)) >"$log_dir/$name.seconds"
    echo "$status" >"$log_dir/$name.status"
    case $status in
    0) echo "PASS $name" ;;
    77) echo "SKIP $name: $(tail -n 1 "$log")" ;;
    *) echo "FAIL $name (exit $status)" ;;
    esac
    exit 0
fi

shift
if [ $# -gt 0 ]; then
    names="$*"
else
    names=""
    for program in "$BUILD"/tests/test_*; do
        case $program in *.o|*.d) continue ;; esac
        [ -x "$program" ] && names="$names $(basename "$program")"
    done
    for script in tests/e2e/*.sh; do
        [ -f "$script" ] && names="$names $(basename "$script" .sh)"
    done
fi
together="" alone=""
for name in $names; do
    rm -f "$log_dir/$name.status"
    case " $ALONE " in
    *" $name "*) alone="$alone $name" ;;
    *) together="$together $name" ;;
    esac
done

# Longest first (by the last run's time; new tests count as long), so that
# no long test starts last while the other core idles.
by_length() {
    for name in "$@"; do
        seconds=$(cat "$log_dir/$name.seconds" 2>/dev/null || echo 9999)
        echo "$seconds $name"
    done | sort -rn | cut -d' ' -f2
}
self="$0"
[ -n "$together" ] &&
    by_length $together | xargs -P "$jobs" -I{} sh "$self" "$BUILD" --one {} --shared
for name in $alone; do
    sh "$self" "$BUILD" --one "$name" --exclusive
done

passed=0 failed=0 skipped=0
for name in $names; do
    status=$(cat "$log_dir/$name.status" 2>/dev/null || echo lost)
    case $status in
    0) passed=$((passed + 1)) ;;
    77) skipped=$((skipped + 1)) ;;
    *) failed=$((failed + 1))
       echo "FAIL $name (exit $status); last lines of $log_dir/$name.log:"
       tail -n 25 "$log_dir/$name.log" 2>/dev/null | sed 's/^/    /' ;;
    esac
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
