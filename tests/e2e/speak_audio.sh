#!/bin/sh
# A transcript full of reader's marks (titles, party tags, "(ph)", a long URL,
# money, dates, cues, role play) must sound like the same turns written out
# plainly: each speech turn lasts as long as its plain twin. Read as written,
# the URL alone would add ten seconds. Captions still show the original text.
set -eu
fixtures=tests/fixtures/speak
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for name in marked plain; do
    "$TTSREAD" --no-config -j 2 "$fixtures/$name.txt" -o "$work/$name.wav" \
        --captions "$work/$name.json"
done

python3 - "$work/marked.json" "$work/plain.json" "$work/marked.wav" <<'PY'
import json, sys, wave

def speech(path):
    return [t for t in json.load(open(path))["turns"] if t["kind"] == "speech"]

marked, plain = speech(sys.argv[1]), speech(sys.argv[2])
if len(marked) != 3 or len(plain) != 3:
    sys.exit("FAIL: expected 3 speech turns each, got %d and %d" % (len(marked), len(plain)))
for written, said in zip(marked, plain):
    a, b = written["end"] - written["start"], said["end"] - said["start"]
    print("%-40.40s %6.2f s   plain twin %6.2f s" % (written["text"], a, b))
    if b < 2.0 or abs(a - b) > 0.05 * b:
        sys.exit("FAIL: %r lasts %.2f s, its plain twin %.2f s" % (written["text"], a, b))
if "(R-TX)" not in marked[0]["text"] or "https://www.npr.org" not in marked[0]["text"]:
    sys.exit("FAIL: captions no longer show the written text: %r" % marked[0]["text"])
with wave.open(sys.argv[3]) as audio:
    seconds = audio.getnframes() / audio.getframerate()
total = sum(t["end"] - t["start"] for t in marked)
if seconds < total:
    sys.exit("FAIL: audio (%.2f s) shorter than its speech turns (%.2f s)" % (seconds, total))
print("marked transcript: %.2f s of audio, speech turns match their plain twins" % seconds)
PY
