#!/bin/sh
# A few end-to-end runs under valgrind's memcheck, on the plain build (no
# sanitizer): parsing each kind of input, one refused input, and one short
# render with captions and a saved cast (the synthesis workers are forked,
# and valgrind follows them). Any invalid read or write, use of an
# uninitialised value, or definite leak fails.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed"; exit 77; }
if grep -q __asan_init "$TTSREAD" 2>/dev/null; then
    echo "$TTSREAD is built with AddressSanitizer, which valgrind cannot run (the sanitizer checks it)"
    exit 77
fi

memcheck() {
    expected=$1
    shift
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        "$TTSREAD" "$@" >"$work/stdout" 2>"$work/stderr"
    status=$?
    [ "$status" = 99 ] && fail "valgrind: $*: $(head -n 40 "$work/stderr")"
    [ "$status" = "$expected" ] || fail "$*: exit $status, expected $expected: $(cat "$work/stderr")"
}

for input in tests/fixtures/html/turns.html tests/fixtures/parse/podcast.md tests/fixtures/parse/walk.vtt \
    tests/fixtures/parse/boat.srt tests/fixtures/parse/heist.fountain tests/fixtures/parse/ferry-play.txt; do
    memcheck 0 "$input" --dump script
done
printf '<div>%.0s' $(seq 3000) >"$work/deep.html"
memcheck 1 "$work/deep.html" --dump script
memcheck 0 tests/fixtures/sink/short.txt -j 1 -o "$work/short.wav" --captions "$work/short.vtt" \
    --save-cast "$work/cast.ini"
[ -s "$work/short.wav" ] && [ -s "$work/short.vtt" ] && [ -s "$work/cast.ini" ] || fail "render wrote no files"
echo "valgrind: parsers, a refusal and a render without memory errors or leaks"
