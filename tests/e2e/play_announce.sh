#!/bin/sh
# play_announce.sh: --announce-max-speed leaves the narrator's announcements
# out above that speed, in files and live. The player plans every
# announcement and decides as each comes, from the speed of the moment, so
# the capture of --play (ALSA's file plugin, tests/fixtures/play/capture.conf)
# is compared sample for sample with -o: above the limit it must be the
# audio of --announce=off, at the limit that of the announcements said.
set -u
TTSREAD=${TTSREAD:-build/ttsread}
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to compare audio"; exit 77; }
fixture=tests/fixtures/play/dialogue.txt
work=$(mktemp -d /tmp/play_announce.XXXXXX)
trap 'rm -rf "$work"' EXIT
export ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/capture.conf"
unset TTSREAD_TEST_REALTIME
failed=0

fail() { echo "FAIL: $*"; failed=1; }
render() { "$TTSREAD" "$fixture" --no-config -q --loudness off "$@"; }

# same REFERENCE.wav CAPTURE.raw: the capture holds exactly the reference's samples.
same() {
    python3 - "$@" <<'PYTHON'
import array, sys, wave
reference = wave.open(sys.argv[1])
expected = array.array("h", reference.readframes(reference.getnframes()))
heard = array.array("h", open(sys.argv[2], "rb").read())
if len(expected) == 0 or max(abs(s) for s in expected) < 1000:
    sys.exit("reference %s holds no speech" % sys.argv[1])
if heard != expected:
    sys.exit("%s: %d samples heard, %d expected" % (sys.argv[2], len(heard), len(expected)))
PYTHON
}

play() {
    name=$1
    shift
    TTSREAD_CAPTURE="$work/$name.raw" "$TTSREAD" "$fixture" --no-config --play --loudness off "$@" \
        2>"$work/$name.err" || fail "$name: --play exited $?: $(cat "$work/$name.err")"
}

# Above the limit: the files and the playback have no names in them.
render --speed 3 --announce=off -o "$work/off3.wav" || fail "render --announce=off"
render --speed 3 --announce=always -o "$work/always3.wav" || fail "render --announce=always"
render --speed 3 --announce=always --announce-max-speed 2.5 -o "$work/limited3.wav" ||
    fail "render --announce-max-speed 2.5"
cmp -s "$work/limited3.wav" "$work/off3.wav" ||
    fail "--speed 3 --announce-max-speed 2.5: the file is not that of --announce=off"
cmp -s "$work/always3.wav" "$work/off3.wav" &&
    fail "--announce=always at --speed 3 names nobody: the test proves nothing"
long=$(soxi -s "$work/always3.wav") short=$(soxi -s "$work/off3.wav")
[ "$long" -gt $((short + 22050)) ] ||
    fail "the names took under a second at speed 3 ($long against $short samples)"
play limited3 --speed 3 --announce=always --announce-max-speed 2.5
same "$work/off3.wav" "$work/limited3.raw" ||
    fail "--play --speed 3 --announce-max-speed 2.5: the capture is not --announce=off's audio"

# At the limit (not above it): the names are said, in the file and live.
render --speed 2.5 --announce=change -o "$work/change25.wav" || fail "render --announce=change"
render --speed 2.5 --announce=change --announce-max-speed 2.5 -o "$work/kept25.wav" ||
    fail "render at the limit"
cmp -s "$work/kept25.wav" "$work/change25.wav" ||
    fail "--speed 2.5 --announce-max-speed 2.5 dropped announcements"
play kept25 --speed 2.5 --announce=change --announce-max-speed 2.5
same "$work/change25.wav" "$work/kept25.raw" ||
    fail "--play at the limit: the capture is not --announce=change's audio"

[ "$failed" -eq 0 ] && echo "--announce-max-speed: no names above the limit, names at it, in files and live"
exit "$failed"
