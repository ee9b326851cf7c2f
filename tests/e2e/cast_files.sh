#!/bin/sh
# Cast files on the command line: bad ones are refused with file, line and
# reason; --save-cast fed back with --cast reproduces the cast exactly; with
# --cast, one name keeps one profile in every input of a run.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
fixtures=tests/fixtures/cast
dialogue=$fixtures/surname-dialogue.txt

expect_error() { # cast file, expected message after "ttsread: "; a usage error (2)
    "$TTSREAD" "$dialogue" --cast "$fixtures/$1" --list-speakers >"$work/out" 2>"$work/err"
    status=$?
    [ $status -eq 2 ] || fail "$1: exit status $status, expected 2"
    [ "$(cat "$work/err")" = "ttsread: $fixtures/$1:$2" ] || fail "$1: stderr was: $(cat "$work/err")"
    [ ! -s "$work/out" ] || fail "$1: printed a cast anyway"
}
expect_error bad-profile.ini "5: unknown voice profile 'zelda'"
expect_error bad-variant.ini "4: unknown eSpeak NG variant 'm99'"
expect_error malformed.ini "3: malformed line (expected [section] or key = value)"
expect_error bad-key.ini "3: unknown key 'colour' (expected voice, alias or a voice setting)"
expect_error bad-value.ini "2: bad value 'high' for pitch (expected 0 to 99)"
expect_error outside-section.ini "1: 'voice' outside a [Speaker Name] section"
expect_error bad-espeak.ini "2: unknown eSpeak NG voice 'klingon'"
"$TTSREAD" "$dialogue" --cast "$work/missing.ini" --list-speakers 2>"$work/err" && fail "a missing cast file was accepted"
grep -q "cannot open cast file .*missing.ini: No such file" "$work/err" || fail "missing cast file: $(cat "$work/err")"

# Save, then feed back: the same voices, settings included.
voices() { "$TTSREAD" "$@" --dump json | python3 -c '
import json, sys
script = json.load(sys.stdin)
print("narrator", json.dumps(script["narrator"], sort_keys=True))
for speaker in script["speakers"]:
    print(speaker["id"], json.dumps(speaker["voice"], sort_keys=True))'; }
for input in $fixtures/panel-six.txt $dialogue $fixtures/spanish.html "${TTS_SEED:-}"; do
    [ -f "$input" ] || continue
    for pins in "" "--cast $fixtures/pins.ini"; do
        voices "$input" $pins --save-cast "$work/saved.ini" >"$work/first" || fail "$input: casting failed"
        voices "$input" --cast "$work/saved.ini" >"$work/second" || fail "$input: saved cast refused: $(cat "$work/saved.ini")"
        cmp -s "$work/first" "$work/second" || fail "$input $pins: saved cast differs: $(diff "$work/first" "$work/second")"
        [ "$(wc -l <"$work/first")" -ge 3 ] || fail "$input: too few voices: $(cat "$work/first")"
    done
done
voices $dialogue --cast $fixtures/pins.ini --save-cast "$work/pins-saved.ini" >/dev/null
grep -q '^rate = 150$' "$work/pins-saved.ini" || fail "inline settings not saved: $(cat "$work/pins-saved.ini")"
grep -q '^alias = HARTMANN$' "$work/pins-saved.ini" || fail "alias not saved: $(cat "$work/pins-saved.ini")"

# With --cast, one name keeps its pinned profile in every input: Hartmann,
# who is only HARTMANN in the second piece, is pinned to a profile he does
# not get there without a cast, and has it in both.
printf 'KARL HOLT: Good morning, everybody, and welcome to the show.\n\nHARTMANN: Thank you, it is good to be here again this morning.\n' >"$work/other.txt"
"$TTSREAD" "$work/other.txt" --list-speakers >"$work/alone" || fail "other.txt"
grep -q -E '^Hartmann +[0-9]+ +[a-z]+ ' "$work/alone" || fail "other.txt speakers: $(cat "$work/alone")"
pin=nora
grep -q -E '^Hartmann +[0-9]+ +nora ' "$work/alone" && pin=milo
printf '[Peter Hartmann]\nalias = HARTMANN\nvoice = %s\n' "$pin" >"$work/pin.ini"
"$TTSREAD" "$dialogue" "$work/other.txt" --cast "$work/pin.ini" --list-speakers >"$work/both" || fail "two inputs with --cast"
[ "$(grep -c -E "^(Peter )?Hartmann +[0-9]+ +$pin " "$work/both")" -eq 2 ] || fail "Hartmann did not keep $pin: $(cat "$work/both")"
echo "cast files: 7 bad files refused, save/load round trip exact, pinned profile kept across inputs"
