#!/bin/sh
# lexicon.sh: the pronunciation lexicon through the command line. A lexicon
# entry changes the audio eSpeak NG speaks (a respelling sounds exactly like
# the respelled text; [[phonemes]] like those phonemes typed in), captions
# keep the words as written, --dump text shows what is said, a bad line is
# one line naming file:line (exit 2), a cast file's [lexicon] applies, and
# $XDG_CONFIG_HOME/ttsread/lexicon.txt is read unless --no-config.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() { "$TTSREAD" -q -j 1 "$@"; }
raw() { sox "$1" -t raw - | od -An -v -tx1 | tr -d ' \n'; }

printf 'ANH NGUYEN:\nI met Siobhan Nguyen today.\n\nTOM BECKER:\nSiobhan, thanks.\n' >"$work/story.txt"
printf 'ANH NGUYEN:\nI met Shivawn win today.\n\nTOM BECKER:\nShivawn, thanks.\n' >"$work/respelled.txt"
printf 'ANH NGUYEN:\nI met Siobhan [[w'"'"'In]] today.\n\nTOM BECKER:\nSiobhan, thanks.\n' >"$work/phonemes.txt"
# the voices stay the ones the story's speakers get, whatever the text says
cast="$work/cast.ini"
printf '[Anh Nguyen]\nvoice = colin\n\n[Tom Becker]\nvoice = alex\n' >"$cast"
printf '# names of the show\nsiobhan = Shivawn\nNguyen = win\n' >"$work/names.txt"

# ---- --dump text shows the respelling; captions keep the words as written
export XDG_CONFIG_HOME="$work/config"
run --no-config "$work/story.txt" --cast "$cast" --lexicon "$work/names.txt" --dump text >"$work/said.txt" ||
    fail "--dump text with --lexicon"
grep -qx "I met Shivawn win today." "$work/said.txt" || fail "--dump text: $(cat "$work/said.txt")"
grep -qx "Shivawn, thanks." "$work/said.txt" || fail "--dump text: $(cat "$work/said.txt")"

run --no-config "$work/story.txt" --cast "$cast" -o "$work/plain.wav" || fail "render without a lexicon"
run --no-config "$work/story.txt" --cast "$cast" --lexicon "$work/names.txt" -o "$work/lexicon.wav" \
    --captions "$work/lexicon.json" || fail "render with --lexicon"
run --no-config "$work/respelled.txt" --cast "$cast" -o "$work/respelled.wav" || fail "render of the respelling"
[ "$(raw "$work/lexicon.wav")" = "$(raw "$work/respelled.wav")" ] ||
    fail "the lexicon's render does not sound like the respelled text"
[ "$(raw "$work/lexicon.wav")" = "$(raw "$work/plain.wav")" ] && fail "the lexicon changed nothing in the audio"
python3 - "$work/lexicon.json" <<'PYTHON' || fail "captions: $(cat "$work/lexicon.json")"
import json, sys
turns = json.load(open(sys.argv[1]))["turns"]
words = [w["text"] for t in turns for w in t["words"]]
assert turns[0]["text"] == "I met Siobhan Nguyen today.", turns[0]["text"]
assert "Siobhan" in words and "Nguyen" in words, words
assert not any(w in ("Shivawn", "win") for w in words), words
for t in turns:
    for w in t["words"]:
        assert t["text"][w["offset"]:w["offset"] + w["length"]] == w["text"], (t["text"], w)
PYTHON

# ---- the narrator announces the name as the lexicon says it
printf 'ANH WIN:\nHello there.\n\nTOM BECKER:\nHi.\n' >"$work/announce-respelled.txt"
printf 'ANH NGUYEN:\nHello there.\n\nTOM BECKER:\nHi.\n' >"$work/announce.txt"
printf '[Anh Nguyen]\nvoice = colin\n[Anh Win]\nvoice = colin\n[Tom Becker]\nvoice = alex\n' >"$work/both.ini"
run --no-config "$work/announce.txt" --cast "$work/both.ini" --announce --lexicon "$work/names.txt" \
    -o "$work/announce.wav" 2>/dev/null || fail "--announce with --lexicon"
run --no-config "$work/announce-respelled.txt" --cast "$work/both.ini" --announce -o "$work/announce-respelled.wav" \
    2>/dev/null || fail "--announce of the respelled name"
run --no-config "$work/announce.txt" --cast "$work/both.ini" --announce -o "$work/announce-plain.wav" 2>/dev/null ||
    fail "--announce without a lexicon"
[ "$(raw "$work/announce.wav")" = "$(raw "$work/announce-respelled.wav")" ] ||
    fail "the announced name is not said as the lexicon says it"
[ "$(raw "$work/announce.wav")" = "$(raw "$work/announce-plain.wav")" ] && fail "the lexicon changed no announcement"

# ---- [[phonemes]]: eSpeak NG reads them as phoneme input
printf 'nguyen = [[w'"'"'In]]\n' >"$work/phonemes-lexicon.txt"
run --no-config "$work/story.txt" --cast "$cast" --lexicon "$work/phonemes-lexicon.txt" -o "$work/ph.wav" \
    --captions "$work/ph.json" || fail "render with phonemes"
run --no-config "$work/phonemes.txt" --cast "$cast" -o "$work/ph-typed.wav" 2>/dev/null ||
    fail "render of typed phonemes"
[ "$(raw "$work/ph.wav")" = "$(raw "$work/plain.wav")" ] && fail "[[phonemes]] changed nothing in the audio"
# w'In is how eSpeak NG says "win": as long as the respelling, within 1%
# (read as letters, "[[w'In]]" lasts half as long again)
printf 'nguyen = win\n' >"$work/win-lexicon.txt"
run --no-config "$work/story.txt" --cast "$cast" --lexicon "$work/win-lexicon.txt" -o "$work/win.wav" ||
    fail "render with nguyen = win"
awk -v a="$(soxi -s "$work/ph.wav")" -v b="$(soxi -s "$work/win.wav")" \
    'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= b / 100) }' ||
    fail "[[w'In]] lasts $(soxi -s "$work/ph.wav") samples, \"win\" $(soxi -s "$work/win.wav")"
grep -q '"text":[[:space:]]*"Nguyen"' "$work/ph.json" || fail "phonemes: captions lost the name: $(cat "$work/ph.json")"
# "[[w'In]]" typed in a transcript is not phoneme input (the speak stage
# drops brackets), so the lexicon's render must differ from it too
[ "$(raw "$work/ph.wav")" = "$(raw "$work/ph-typed.wav")" ] && fail "brackets typed in a text were read as phonemes"

# ---- a bad line: one line, file:line, exit 2, nothing written
printf 'nguyen = win\n\nsiobhan\n' >"$work/bad.txt"
(cd "$work" && "$TTSREAD" --no-config story.txt --lexicon bad.txt -o out.wav >out 2>err)
status=$?
[ $status -eq 2 ] || fail "bad line: exit $status"
[ "$(cat "$work/err")" = "ttsread: bad.txt:3: malformed line (expected [section] or key = value)" ] ||
    fail "bad line: $(cat "$work/err")"
[ -e "$work/out.wav" ] && fail "bad line: wrote audio"
printf 'nguyen = [[w'"'"'In\n' >"$work/bad.txt"
(cd "$work" && "$TTSREAD" --no-config story.txt --lexicon bad.txt --dump text >out 2>err)
[ $? -eq 2 ] && grep -q "^ttsread: bad.txt:1: bad pronunciation" "$work/err" &&
    [ "$(wc -l <"$work/err")" -eq 1 ] || fail "bad phonemes: $(cat "$work/err")"

# ---- a cast file's [lexicon]: names for one series
printf '[Anh Nguyen]\nvoice = colin\n\n[Tom Becker]\nvoice = alex\n\n[lexicon]\nsiobhan = Shivawn\nNguyen = win\n' \
    >"$work/series.ini"
run --no-config "$work/story.txt" --cast "$work/series.ini" -o "$work/series.wav" --dump text >"$work/series.txt" ||
    fail "cast file with [lexicon]"
grep -qx "I met Shivawn win today." "$work/series.txt" || fail "cast [lexicon]: $(cat "$work/series.txt")"
[ "$(raw "$work/series.wav")" = "$(raw "$work/respelled.wav")" ] || fail "cast [lexicon]: the audio is not the respelling's"
printf '[lexicon]\nNguyen =\n' >"$work/bad-series.ini"
(cd "$work" && "$TTSREAD" --no-config story.txt --cast bad-series.ini --dump text >out 2>err)
[ $? -eq 2 ] && grep -q "^ttsread: bad-series.ini:2: no pronunciation for 'Nguyen'" "$work/err" ||
    fail "cast [lexicon] bad line: $(cat "$work/err")"

# ---- per language: [lexicon.fr] only for French
printf '[lexicon.fr]\nnguyen = win\n' >"$work/french.txt"
run --no-config "$work/story.txt" --lexicon "$work/french.txt" --dump text | grep -q "Nguyen today" ||
    fail "[lexicon.fr] applied to English"
run --no-config "$work/story.txt" --lexicon "$work/french.txt" --lang fr --dump text | grep -q "win today" ||
    fail "[lexicon.fr] not applied to French"

# ---- the user's lexicon.txt, beside config.ini; --no-config leaves it out
mkdir -p "$XDG_CONFIG_HOME/ttsread"
printf 'nguyen = win\n' >"$XDG_CONFIG_HOME/ttsread/lexicon.txt"
run "$work/story.txt" --dump text | grep -q "win today" || fail "lexicon.txt not read"
run --no-config "$work/story.txt" --dump text | grep -q "Nguyen today" || fail "--no-config read lexicon.txt"
# --lexicon is read after it: its entry for the same word wins
printf 'nguyen = new yen\n' >"$work/later.txt"
run "$work/story.txt" --lexicon "$work/later.txt" --dump text | grep -q "new yen today" ||
    fail "--lexicon did not win over lexicon.txt"
# config.ini may name one, relative to its folder
printf 'nguyen = noo win\n' >"$XDG_CONFIG_HOME/ttsread/show.txt"
printf 'lexicon = show.txt\n' >"$XDG_CONFIG_HOME/ttsread/config.ini"
run "$work/story.txt" --dump text | grep -q "noo win today" || fail "config.ini's lexicon = show.txt"

[ $failures -eq 0 ] || exit 1
echo "lexicon: respellings and [[phonemes]] change the audio, captions keep the written words,"
echo "bad lines name file:line, cast files' [lexicon], [lexicon.fr] and lexicon.txt apply"
