#!/bin/sh
# Audio on stdout: `-o -` piped through sox equals `-o file.wav` sample for
# sample; raw PCM with --format raw; a reader that stops early ends ttsread
# quietly with status 141.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
input=tests/fixtures/render/interview.txt

"$TTSREAD" "$input" -o "$work/file.wav" || fail "render to file"
"$TTSREAD" "$input" -o - 2>"$work/stderr" | sox -t wav - "$work/piped.flac" 2>/dev/null ||
    fail "ttsread -o - | sox failed"
[ -s "$work/stderr" ] && fail "messages on stderr: $(cat "$work/stderr")"
sox "$work/file.wav" -t raw "$work/file.raw"
sox "$work/piped.flac" -t raw "$work/piped.raw"
cmp -s "$work/file.raw" "$work/piped.raw" || fail "piped audio differs from the WAV file"

"$TTSREAD" "$input" -o - --format raw >"$work/stdout.raw" || fail "raw on stdout"
cmp -s "$work/file.raw" "$work/stdout.raw" || fail "raw stdout differs from the WAV file's samples"

# Nothing but audio on stdout: the stream starts with the RIFF header.
[ "$("$TTSREAD" "$input" -o - -v 2>/dev/null | head -c 4)" = RIFF ] || fail "stdout does not start with RIFF"

"$TTSREAD" "$input" -o - 2>"$work/stderr" | head -c 1000 >/dev/null
# POSIX sh has no PIPESTATUS: run again with the status saved from inside the pipe.
status=$( { "$TTSREAD" "$input" -o - 2>"$work/stderr"; echo $? >"$work/status"; } | head -c 1000 >/dev/null; cat "$work/status")
[ "$status" = 141 ] || fail "broken pipe: exit $status, expected 141"
[ -s "$work/stderr" ] && fail "broken pipe printed: $(cat "$work/stderr")"
echo "output: stdout matches the file"
