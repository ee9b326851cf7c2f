#!/bin/sh
# Language detection: an input that does not declare its language (no <html
# lang>, a plain transcript) is read in the language of its text, by that
# language's voices, exactly as --lang would; --lang and a declared language
# win over the guess; a short text stays English and says why; no English
# file of the real corpus is guessed as another language.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
fixtures=tests/fixtures/langdetect

# input, expected lang, expected lang_source, expected eSpeak NG voice of every
# reader ("" = the profiles' own English ones), options...
language() {
    input=$1 lang=$2 source=$3 espeak=$4
    shift 4
    "$TTSREAD" --no-config "$input" --dump json "$@" >"$work/dump.json" 2>"$work/err" ||
        fail "$input $*: --dump json failed: $(cat "$work/err")"
    python3 - "$work/dump.json" "$lang" "$source" "$espeak" <<'PY' || fail "$input $*"
import json, sys
script = json.load(open(sys.argv[1]))
lang, source, espeak = sys.argv[2:5]
assert script["lang"] == lang, ("lang", script["lang"], lang)
assert script["lang_source"] == source, ("lang_source", script["lang_source"], source)
voices = [script["narrator"]] + [s["voice"] for s in script["speakers"]]
for voice in voices:
    if espeak:
        assert voice["espeak"] == espeak, (voice, espeak)
    else:
        assert voice["espeak"].startswith("en"), voice
PY
}
language $fixtures/spanish-news.html es guessed es
language $fixtures/french-transcript.txt fr guessed fr
language $fixtures/german-transcript.txt de guessed de
language $fixtures/english-news.html en guessed ""
language $fixtures/short.txt en default ""
# --lang wins over the guess, and a page's own lang over both text and guess
language $fixtures/spanish-news.html en option "" --lang en
language $fixtures/french-transcript.txt it option it --lang it
language $fixtures/declared-french-english-text.html fr declared fr
language $fixtures/declared-spanish-english-text.vtt es declared es

# French speakers: two of them, both read by French voices (not only the narrator)
python3 - <<PY || fail "French transcript speakers"
import json, subprocess
script = json.loads(subprocess.run(["$TTSREAD", "--no-config", "$fixtures/french-transcript.txt",
                                    "--dump", "json"], capture_output=True, check=True).stdout)
assert [s["voice"]["espeak"] for s in script["speakers"]] == ["fr", "fr"], script["speakers"]
PY

# A guess does what --lang does: same voices, same spoken text; only the
# language's source and the note differ.
"$TTSREAD" --no-config $fixtures/spanish-news.html --dump json >"$work/guessed.json" ||
    fail "dump of the Spanish page"
"$TTSREAD" --no-config $fixtures/spanish-news.html --dump json --lang es >"$work/option.json" ||
    fail "dump of the Spanish page with --lang es"
python3 - "$work/guessed.json" "$work/option.json" <<'PY' || fail "guessed es differs from --lang es"
import json, sys
guessed, option = (json.load(open(p)) for p in sys.argv[1:3])
assert guessed["lang_note"] == "guessed as es (Spanish)", guessed["lang_note"]
assert "lang_note" not in option, option.get("lang_note")
for script in guessed, option:
    del script["lang_source"]
    script.pop("lang_note", None)
assert guessed == option, "the dumps differ beyond lang_source"
spoken = " ".join(t.get("spoken") or "" for t in guessed["turns"])
# English rules would say "5 dollars", "General", "December 5th, 2024", "Senior"
for english in ("dollars", "General", "December", "Senior"):
    assert english not in spoken, "English rule in Spanish speech: " + english
assert "$5 millones" in spoken and "12/05/2024" in spoken, spoken
PY
# ... which they do when the same page is forced to English: the check above can fail
"$TTSREAD" --no-config $fixtures/spanish-news.html --dump text --lang en >"$work/english.txt" ||
    fail "--dump text of the Spanish page with --lang en"
grep -q "5 dollars millones" "$work/english.txt" || fail "English rules did not apply under --lang en"

# -v says what happened: the guess, or why there is none
"$TTSREAD" --no-config -v $fixtures/spanish-news.html --dump json >/dev/null 2>"$work/err" ||
    fail "-v on the Spanish page"
grep -qx "ttsread: $fixtures/spanish-news.html: language guessed as es (Spanish)" "$work/err" ||
    fail "-v line of the guess: $(cat "$work/err")"
"$TTSREAD" --no-config -v $fixtures/short.txt --dump json >"$work/short.json" 2>"$work/err" ||
    fail "-v on the short text"
grep -qx "ttsread: $fixtures/short.txt: language not guessed (only [0-9]* letters of speech, 200 needed), reading as en" \
    "$work/err" || fail "-v line of a text too short: $(cat "$work/err")"
python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["lang_note"].startswith("not guessed (only ")' \
    "$work/short.json" || fail "no lang_note for the short text"
# no guess when --lang or the page says: nothing to report
"$TTSREAD" --no-config -v $fixtures/spanish-news.html --lang es --dump json >/dev/null 2>"$work/err"
grep -q "language" "$work/err" && fail "a guess was reported under --lang: $(cat "$work/err")"

# The guessed Spanish page sounds otherwise than the same page forced to English.
"$TTSREAD" --no-config -q $fixtures/spanish-news.html -o "$work/es.wav" ||
    fail "rendering the Spanish page"
"$TTSREAD" --no-config -q $fixtures/spanish-news.html --lang en -o "$work/en.wav" ||
    fail "rendering the Spanish page in English"
python3 - "$work/es.wav" "$work/en.wav" <<'PY' || fail "Spanish and English renders"
import sys, wave
frames = []
for path in sys.argv[1:3]:
    audio = wave.open(path)
    seconds = audio.getnframes() / audio.getframerate()
    assert seconds > 20, (path, seconds)
    frames.append(audio.readframes(audio.getnframes()))
assert frames[0] != frames[1], "the guessed Spanish render is the English one"
print("spanish page: %.1f s guessed es, English render differs" % seconds)
PY

# The real corpus: every file either declares its language or is guessed as
# English (or too short to guess), except the one Spanish page without lang.
corpus=${TTS_CORPUS:-../shared/corpus}
[ -d "$corpus" ] || { echo "skipped the corpus part: no corpus at $corpus"; exit 77; }
checked=0
for input in "$corpus"/*/* "$corpus"/readability/*/source.html; do
    [ -f "$input" ] || continue
    case $input in *.json | *.tsv | *.md) continue ;; esac
    "$TTSREAD" --no-config "$input" --dump json >"$work/dump.json" 2>"$work/err" || continue
    python3 - "$work/dump.json" "${input#"$corpus"/}" <<'PY' || fail "$input"
import json, sys
script, name = json.load(open(sys.argv[1])), sys.argv[2]
lang, source = script["lang"], script["lang_source"]
expected = "es" if name == "readability/la-nacion/source.html" else "en"
assert source in ("declared", "guessed", "default"), source
if source != "declared":
    assert lang == expected, "%s: %s, %s (%s)" % (name, lang, source, script.get("lang_note"))
PY
    checked=$((checked + 1))
done
[ "$checked" -gt 50 ] || fail "only $checked corpus files read"
echo "language detection: es, fr, de guessed and read so; --lang and a page's lang win;"
echo "a short text stays en; $checked corpus files keep their language"
