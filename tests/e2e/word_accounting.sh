#!/bin/sh
# word_accounting.sh (issue 19, "nothing lost"): for every transcript of the
# corpus (rows of LABELS.tsv and LABELS-new.tsv), every word of the source
# reaches a turn's text or the title, or lies in an unspoken span with a
# reason (--dump json). tests/tools/word_accounting.py compares the words as
# multisets and prints each file with words unaccounted and the first ones.
#
# Tolerance: WORD_TOLERANCE (default 0) unaccounted words per file, room for
# a difference between the checker's tokenizer and the program's text; none
# is needed today, so any word lost fails.
#
# A control first: a program that lists nothing as unspoken must fail the
# checker on a small screenplay of our own, naming the file and a word of
# its title page, or a pass would prove nothing.
#
# The parser fixtures (tests/fixtures/parse) are held to the same rule, so
# each convention has a small case of our own even without the corpus.
set -u
corpus=${TTS_CORPUS:-../shared/corpus}
TTSREAD=${TTSREAD:-build/ttsread}
checker=tests/tools/word_accounting.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/fixtures"
printf 'file\tspeakers\n' >"$work/fixtures/LABELS.tsv"
for fixture in tests/fixtures/parse/*; do
    cp "$fixture" "$work/fixtures/"
    printf '%s\t0\n' "$(basename "$fixture")" >>"$work/fixtures/LABELS.tsv"
done
python3 "$checker" "$work/fixtures" "$TTSREAD" >"$work/fixtures.out" ||
    { echo "FAIL: parser fixtures lose words:"; cat "$work/fixtures.out"; exit 1; }

mkdir -p "$work/corpus"
printf 'file\tspeakers\n' >"$work/corpus/LABELS.tsv"
printf 'heist.fountain\t2\n' >>"$work/corpus/LABELS.tsv"
cp tests/fixtures/parse/heist.fountain "$work/corpus/"
cat >"$work/forgetful" <<EOS
#!/bin/sh
"$TTSREAD" "\$@" | python3 -c 'import json, sys; d = json.load(sys.stdin); d["unspoken"] = []; print(json.dumps(d))'
EOS
chmod +x "$work/forgetful"
python3 "$checker" "$work/corpus" "$TTSREAD" >"$work/own.out" ||
    { echo "FAIL: the fixture's own words are not all accounted for:"; cat "$work/own.out"; exit 1; }
python3 "$checker" "$work/corpus" "$work/forgetful" >"$work/control.out" &&
    { echo "FAIL: a program that lists nothing unspoken passed:"; cat "$work/control.out"; exit 1; }
grep -q '^heist.fountain: [0-9]* words unaccounted: .*credit' "$work/control.out" ||
    { echo "FAIL: the checker did not name the file and its lost words:"; cat "$work/control.out"; exit 1; }

[ -f "$corpus/LABELS.tsv" ] || { echo "skipped: corpus $corpus is absent (the parser fixtures passed)"; exit 77; }
python3 "$checker" "$corpus" "$TTSREAD" "${WORD_TOLERANCE:-0}" || exit 1
