#!/bin/sh
# Caption cues fit a screen on every real transcript: for each transcript of
# the corpus (its first 15 turns, to keep the test short), every WebVTT cue
# has at most 2 lines of 42 characters, lasts at most 8 s (about 7, a long
# word may stretch it), and a cue of speech carries its <v Speaker> tag.
set -u
corpus=${TTS_CORPUS:-../shared/corpus}
[ -f "$corpus/LABELS.tsv" ] || { echo "skipped: no corpus at $corpus"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
for labels in "$corpus/LABELS.tsv" "$corpus/LABELS-new.tsv"; do
    [ -f "$labels" ] && tail -n +2 "$labels" | cut -f1
done | while read -r file; do
    [ -n "$file" ] || continue
    name=$(echo "$file" | tr '/' '_')
    "$TTSREAD" --no-config -q "$corpus/$file" --end-at 15 --captions "$work/$name.vtt" 2>"$work/err" ||
        { echo "FAIL: $file: $(cat "$work/err")"; continue; }
    python3 - "$work/$name.vtt" "$file" <<'PY' || echo "FAIL: $file"
import re, sys
path, name = sys.argv[1], sys.argv[2]
def seconds(stamp):
    h, m, s = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
blocks = open(path, encoding="utf-8").read().split("\n\n")
cues = 0
for block in blocks:
    lines = [l for l in block.strip().split("\n") if l]
    if not lines or lines[0].startswith("WEBVTT"):
        continue
    timing = next(i for i, l in enumerate(lines) if "-->" in l)
    start, end = (seconds(t.split()[0]) for t in lines[timing].split(" --> "))
    text = [re.sub(r"<[^>]*>", "", l) for l in lines[timing + 1:]]
    problem = (len(text) > 2 and "%d lines" % len(text)) or \
              (any(len(l) > 42 for l in text) and "a line of %d characters" % max(map(len, text))) or \
              (end - start > 8.0 and "%.1f s" % (end - start))
    if problem:
        sys.exit("%s: cue at %.2f s: %s: %r" % (name, start, problem, text))
    cues += 1
if cues == 0:
    sys.exit("%s: no cue" % name)
PY
done >"$work/report"
cat "$work/report"
! grep -q '^FAIL' "$work/report" && echo "captions fit on every corpus transcript"
