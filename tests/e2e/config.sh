#!/bin/sh
# config.ini ($XDG_CONFIG_HOME/ttsread/config.ini): its settings change the
# audio, the command line wins over them, --no-config ignores the file, and
# a bad file is a usage error naming the file and line.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

input="$(pwd)/tests/fixtures/parse/interview.txt"
config="$work/config/ttsread/config.ini"
mkdir -p "$work/config/ttsread" "$work/home"
run() { HOME="$work/home" XDG_CONFIG_HOME="$work/config" "$TTSREAD" -q "$@"; }
seconds() { soxi -D "$1"; }

run "$input" -o "$work/plain.wav" || fail "no config file should be fine"
plain=$(seconds "$work/plain.wav")

# ---- a setting changes the audio; the command line and --no-config undo it
printf '# read faster\nspeed = 2\n' >"$config"
run "$input" -o "$work/fast.wav" || fail "speed = 2"
fast=$(seconds "$work/fast.wav")
awk -v f="$fast" -v p="$plain" 'BEGIN { exit !(f < 0.7 * p) }' ||
    fail "speed = 2 gave $fast s against $plain s"
run "$input" --speed 1 -o "$work/command-line.wav" || fail "--speed 1"
cmp -s "$work/command-line.wav" "$work/plain.wav" || fail "--speed 1 did not win over config.ini"
run --no-config "$input" -o "$work/no-config.wav" || fail "--no-config"
cmp -s "$work/no-config.wav" "$work/plain.wav" || fail "--no-config still read config.ini"
echo "speed: $plain s plain, $fast s with speed = 2; --speed 1 and --no-config give the plain bytes"

printf 'stereo = yes\nannounce = always\n' >"$config"
run "$input" -o "$work/stereo.wav" || fail "stereo = yes"
[ "$(soxi -c "$work/stereo.wav")" = 2 ] || fail "stereo = yes gave $(soxi -c "$work/stereo.wav") channel(s)"
announced=$(seconds "$work/stereo.wav")
awk -v a="$announced" -v p="$plain" 'BEGIN { exit !(a > p + 1) }' ||
    fail "announce = always did not add the names ($announced s against $plain s)"
run "$input" --announce=off -o "$work/not-announced.wav" || fail "--announce=off"
not_announced=$(seconds "$work/not-announced.wav")
[ "$not_announced" = "$plain" ] || fail "--announce=off did not undo announce ($not_announced s)"
echo "stereo = yes: 2 channels; announce = always: $announced s, undone by --announce=off"

# ---- voices and a cast file found from config.ini's folder
mkdir -p "$work/config/ttsread/casts"
cp tests/fixtures/cast/pins.ini "$work/config/ttsread/casts/"
printf 'cast = casts/pins.ini\n\n[voices]\nnarrator = milo\nAna Ruiz = pia\n' >"$config"
(cd "$work" && run "$OLDPWD/tests/fixtures/cast/surname-dialogue.txt" --list-speakers) \
    >"$work/cast.txt" || fail "cast = casts/pins.ini"
grep -q '^Maria Lopez .* jill ' "$work/cast.txt" || fail "cast file not used: $(cat "$work/cast.txt")"
grep -q '^Narrator .* milo ' "$work/cast.txt" || fail "[voices] narrator not used"
run "$input" --list-speakers >"$work/voices.txt" || fail "[voices]"
grep -q '^Ana Ruiz .* pia ' "$work/voices.txt" || fail "[voices] Ana Ruiz: $(cat "$work/voices.txt")"
run "$input" --list-speakers --voice narrator=alex >"$work/override.txt" || fail "--voice"
grep -q '^Narrator .* alex ' "$work/override.txt" || fail "--voice did not win over [voices]"
echo "cast = and [voices]: used; --voice wins"

# ---- bad files: exit status 2, file and line
printf 'speed = 1.2\n# a typo\nsped = 1.5\n' >"$config"
run "$input" --list-speakers >/dev/null 2>"$work/error.txt"
status=$?
[ "$status" = 2 ] || fail "unknown setting: exit status $status"
[ "$(cat "$work/error.txt")" = "ttsread: $config:3: unknown setting 'sped'; did you mean 'speed'?" ] ||
    fail "unknown setting: $(cat "$work/error.txt")"
printf 'output = x.wav\n' >"$config"
run "$input" --list-speakers >/dev/null 2>"$work/error.txt"
[ "$(cat "$work/error.txt")" = "ttsread: $config:1: 'output' is for the command line, not config.ini" ] ||
    fail "a command-line option in config.ini: $(cat "$work/error.txt")"
printf 'xyz = 1\n' >"$config"
run "$input" --list-speakers >/dev/null 2>"$work/error.txt"
[ "$(cat "$work/error.txt")" = "ttsread: $config:1: unknown setting 'xyz'" ] ||
    fail "unknown setting xyz: $(cat "$work/error.txt")"
run --no-config "$input" --list-speakers >/dev/null || fail "--no-config did not skip a bad file"

printf 'speed = fast\n' >"$config"
run "$input" --list-speakers >/dev/null 2>"$work/error.txt"
status=$?
[ "$status" = 2 ] || fail "bad value: exit status $status"
grep -q "^ttsread: $config:1: --speed takes a number from 0.5 to 4, not 'fast'" "$work/error.txt" ||
    fail "bad value: $(cat "$work/error.txt")"
echo "bad config.ini: exit 2 with file and line ($(cat "$work/error.txt"))"
