#!/bin/sh
# play_capture.sh: --play through PortAudio into an ALSA file capture (a
# "file" plugin over the null device, tests/fixtures/play/capture.conf) must
# hold exactly the samples -o writes: the fixture, the seed when ../shared is
# there, stereo, --start-at a turn or a time, and --play with -o at once.
# Files are brought to the loudness target after a measuring pass, which a
# live player cannot make, so the samples are compared with --loudness off;
# the normalized playback is checked for its level.
# With no audio device, --play says one line and exits 1.
set -u
TTSREAD=${TTSREAD:-build/ttsread}
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to compare audio"; exit 77; }
fixture=tests/fixtures/play/dialogue.txt
work=$(mktemp -d /tmp/play_capture.XXXXXX)
trap 'rm -rf "$work"' EXIT
export ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/capture.conf"
unset TTSREAD_TEST_REALTIME
failed=0

fail() { echo "FAIL: $*"; failed=1; }

# same REFERENCE.wav CAPTURE.raw [FIRST_SAMPLE]: the capture equals the
# reference's samples from FIRST_SAMPLE on (interleaved, 16-bit).
same() {
    python3 - "$@" <<'PYTHON'
import array, sys, wave
reference = wave.open(sys.argv[1])
expected = array.array("h", reference.readframes(reference.getnframes()))
first = int(sys.argv[3]) * reference.getnchannels() if len(sys.argv) > 3 else 0
expected = expected[first:]
heard = array.array("h", open(sys.argv[2], "rb").read())
if len(expected) == 0 or max(abs(s) for s in expected) < 1000:
    sys.exit("reference %s holds no speech" % sys.argv[1])
if heard != expected:
    where = next((i for i in range(min(len(heard), len(expected))) if heard[i] != expected[i]),
                 min(len(heard), len(expected)))
    sys.exit("%s: %d samples heard, %d expected, first difference at %d"
             % (sys.argv[2], len(heard), len(expected), where))
PYTHON
}

# play NAME INPUT OPTIONS...: plays into $work/NAME.raw. Stderr is not a
# terminal, so it must stay empty: no status line, no ALSA or JACK chatter.
play() {
    name=$1 input=$2
    shift 2
    TTSREAD_CAPTURE="$work/$name.raw" "$TTSREAD" "$input" --play "$@" 2>"$work/$name.err" ||
        fail "$name: --play exited $?: $(cat "$work/$name.err")"
    [ -s "$work/$name.err" ] && fail "$name: stderr not empty: $(cat "$work/$name.err")"
}

# The fixture, mono then stereo, as -o writes it.
"$TTSREAD" "$fixture" -q --loudness off -o "$work/reference.wav" --captions "$work/reference.json" ||
    fail "render fixture"
play fixture "$fixture" --loudness off
same "$work/reference.wav" "$work/fixture.raw" || fail "fixture: capture differs from -o"

"$TTSREAD" "$fixture" -q --loudness off --stereo -o "$work/stereo.wav" || fail "render stereo"
play stereo "$fixture" --stereo --loudness off
same "$work/stereo.wav" "$work/stereo.raw" || fail "stereo: capture differs from -o"

# --play with -o: both at once, each the same audio.
play both "$fixture" --loudness off -o "$work/both.wav" --captions "$work/both.json"
same "$work/reference.wav" "$work/both.raw" || fail "--play -o: capture differs"
cmp -s "$work/reference.wav" "$work/both.wav" || fail "--play -o: the file differs from -o alone"
cmp -s "$work/reference.json" "$work/both.json" || fail "--play --captions: captions differ"

# --start-at turn 4: playback starts with a fresh mix there, so the limiter
# has none of the history it has in the whole file; compare without it.
"$TTSREAD" "$fixture" -q --loudness off -o "$work/unlimited.wav" --captions "$work/unlimited.json" ||
    fail "render without the limiter"
turn4=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["turns"][3]["start_sample"])' \
        "$work/unlimited.json")
play turn4 "$fixture" --start-at 4 --loudness off
same "$work/unlimited.wav" "$work/turn4.raw" "$turn4" || fail "--start-at 4"
# --start-at a time mixes (and drops) what comes before: the same audio exactly.
play time14 "$fixture" --start-at 0:14 --loudness off
same "$work/reference.wav" "$work/time14.raw" $((14 * 22050)) || fail "--start-at 0:14"

# The seed, when ../shared is here.
if [ -f "${TTS_SEED:-}" ]; then
    "$TTSREAD" "$TTS_SEED" -q --loudness off -o "$work/seed.wav" || fail "render seed"
    play seed "$TTS_SEED" --loudness off
    same "$work/seed.wav" "$work/seed.raw" || fail "seed: capture differs from -o"
    # normalized live playback aims at -16 LUFS from the voices' calibration
    play seed-normalized "$TTS_SEED"
    sox -t raw -r 22050 -e signed -b 16 -c 1 "$work/seed-normalized.raw" "$work/seed-normalized.wav"
    level=$(ffmpeg -nostats -i "$work/seed-normalized.wav" -af ebur128 -f null - 2>&1 |
            awk '/^ *I:/ {value = $2} END {print value}')
    awk -v l="$level" 'BEGIN { exit !(l >= -18.5 && l <= -13.5) }' ||
        fail "normalized playback at $level LUFS, not within 2.5 LU of -16"
else
    echo "note: no seed at ${TTS_SEED:-(unset)}; checked the fixture only"
fi

# No audio device: exactly one line, exit 1, and no -o file left behind.
export ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/no-device.conf"
"$TTSREAD" "$fixture" --play -o "$work/nodevice.wav" 2>"$work/nodevice.err"
status=$?
[ "$status" -eq 1 ] || fail "no device: exit $status, expected 1"
[ "$(wc -l <"$work/nodevice.err")" -eq 1 ] || fail "no device: stderr is not one line: $(cat "$work/nodevice.err")"
[ "$(cat "$work/nodevice.err")" = "ttsread: no audio output device; use -o FILE to write audio instead" ] ||
    fail "no device: unexpected message: $(cat "$work/nodevice.err")"
ls -A "$work" | grep -q 'nodevice\.wav' && fail "no device: an output file was left behind"
"$TTSREAD" --list-devices >/dev/null 2>"$work/list.err"
[ $? -eq 1 ] && [ "$(wc -l <"$work/list.err")" -eq 1 ] || fail "--list-devices without a device"

export ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/capture.conf"
"$TTSREAD" --list-devices >"$work/list.out" 2>&1 || fail "--list-devices exited $?"
grep -q '^\* *0  default' "$work/list.out" || fail "--list-devices: $(cat "$work/list.out")"

[ "$failed" -eq 0 ] && echo "playback captures match -o"
exit "$failed"
