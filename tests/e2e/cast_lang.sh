#!/bin/sh
# Language: a page in Spanish (<html lang="es">) is read by Spanish eSpeak NG
# voices that keep the profiles' variants and pitches; --lang overrides the
# page; a language eSpeak NG lacks keeps the English voices.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
fixtures=tests/fixtures/cast

voices() { # input, expected lang, expected espeak voice ("" = the profile's own), options...
    input=$1 lang=$2 expected=$3
    shift 3
    "$TTSREAD" "$input" --dump json "$@" >"$work/dump.json" || fail "$input $*: --dump json failed"
    python3 - "$work/dump.json" "$lang" "$expected" "$TTSREAD_VOICES" <<'PY' || fail "$input $*"
import json, sys
script = json.load(open(sys.argv[1]))
lang, expected, directory = sys.argv[2], sys.argv[3], sys.argv[4]
assert script["lang"] == lang, script["lang"]
def profile(name):
    settings = {}
    for line in open("%s/%s.ini" % (directory, name)):
        if " = " in line:
            key, value = line.strip().split(" = ", 1)
            settings[key] = value
    return settings
voices = [script["narrator"]] + [s["voice"] for s in script["speakers"]]
assert len(voices) >= 3, voices
for voice in voices:
    own = profile(voice["name"])
    assert voice["espeak"] == (expected or own["espeak"]), (voice, expected)
    assert voice["variant"] == own.get("variant", ""), voice
    assert voice["pitch"] == int(own["pitch"]), voice
PY
}
voices $fixtures/spanish.html es es
voices $fixtures/spanish.html pt-BR pt-br --lang pt-BR
voices $fixtures/panel-six.txt es-MX es-419 --lang es-MX
voices $fixtures/panel-six.txt en ""
voices $fixtures/panel-six.txt tlh "" --lang tlh
"$TTSREAD" $fixtures/panel-six.txt --lang 'e s' --list-speakers 2>"$work/err" && fail "--lang 'e s' accepted"
grep -q -- "--lang takes a language tag" "$work/err" || fail "bad --lang message: $(cat "$work/err")"

# The Spanish page renders with Spanish voices: other audio than the same
# page forced to English, and about as long as its text needs.
"$TTSREAD" $fixtures/spanish.html -o "$work/es.wav" || fail "rendering the Spanish page"
"$TTSREAD" $fixtures/spanish.html -o "$work/en.wav" --lang en || fail "rendering the page in English"
cmp -s "$work/es.wav" "$work/en.wav" && fail "Spanish and English renderings are identical"
python3 - "$work/es.wav" <<'PY' || fail "Spanish audio"
import sys, wave
audio = wave.open(sys.argv[1])
seconds = audio.getnframes() / audio.getframerate()
assert 15 < seconds < 60, seconds
print("spanish page: %.1f s of audio" % seconds)
PY
echo "language: es, pt-BR, es-MX pick their eSpeak NG voices; en and unknown keep English"
