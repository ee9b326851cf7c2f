#!/bin/sh
# Batch: a folder of good and bad inputs renders every good one, reports
# each bad one in one line, leaves no temporary file, writes a manifest line
# per input and exits 1; an interrupted batch resumes with --skip-existing.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
in="$work/in"
mkdir -p "$in/sub"
fixture=tests/fixtures/render/interview.txt
good=0
for i in $(seq 1 18); do
    # Each good input a little different, so they are real separate renders.
    { echo "Episode $i"; echo; sed "s/twenty years/$i years/" "$fixture"; } >"$in/good$i.txt"
    good=$((good + 1))
done
cp "$fixture" "$in/sub/good1.txt"             # same base name as good1.txt
good=$((good + 1))
: >"$in/empty.txt"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >"$in/image.txt"
printf 'GREENE: caf\351 \377\376 and more words here.\n\nKUHN: Yes, indeed.\n\nGREENE: Thank you.\n' >"$in/latin1.txt"   # Latin-1: converted, renders
good=$((good + 1))
printf 'GREENE: unreadable.\n' >"$in/unreadable.txt"
chmod 000 "$in/unreadable.txt"
bad=3
if [ "$(id -u)" = 0 ]; then   # root reads any file
    bad=2
    good=$((good + 1))
fi

"$TTSREAD" -O "$work/out" "$in"/*.txt "$in/sub/good1.txt" -j 2 --manifest "$work/manifest.jsonl" \
    2>"$work/stderr"
status=$?
[ $status -eq 1 ] || fail "exit status $status, expected 1"
rendered=$(ls "$work/out" | grep -c '\.wav$')
[ "$rendered" -eq "$good" ] || fail "$rendered audio files, expected $good: $(ls "$work/out")"
[ -z "$(ls -A "$work/out" | grep '^\.')" ] || fail "temporary files left: $(ls -A "$work/out")"
[ -f "$work/out/good1-2.wav" ] || fail "the second good1 was not renamed good1-2.wav"
grep -q "empty.txt: file is empty" "$work/stderr" || fail "no error line for empty.txt"
grep -q "image.txt: not a text file" "$work/stderr" || fail "no error line for image.txt"
grep -q "latin1.txt: not UTF-8 and no charset named; read as WINDOWS-1252" "$work/stderr" ||
    fail "no warning line for latin1.txt's charset"
errors=$(grep -c "^ttsread: .*\.txt: " "$work/stderr")
grep -q "$rendered rendered, $bad failed, 0 skipped" "$work/stderr" || fail "summary: $(tail -n 1 "$work/stderr")"
python3 - "$work/manifest.jsonl" "$work/out" "$good" "$bad" <<'PY' || exit 1
import json, sys, wave, os
lines = [json.loads(l) for l in open(sys.argv[1])]
good, bad = int(sys.argv[3]), int(sys.argv[4])
statuses = [l["status"] for l in lines]
assert statuses.count("rendered") == good, statuses
assert statuses.count("failed") == bad, statuses
for line in lines:
    if line["status"] == "rendered":
        audio = wave.open(line["output"])
        seconds = audio.getnframes() / audio.getframerate()
        assert abs(seconds - line["duration"]) < 0.01, (line, seconds)
        assert line["bytes"] == os.path.getsize(line["output"])
        if "/good" in line["input"]:
            assert len(line["speakers"]) == 2, line
        assert line.get("charset_guessed") == ("WINDOWS-1252" if "latin1" in line["input"] else None), line
    else:
        assert line["error"], line
voices = {}
for line in lines:
    for speaker in line["speakers"]:
        voices.setdefault(speaker["id"], set()).add(speaker["voice"])
assert all(len(v) == 1 for v in voices.values()), "a speaker changed voice between files: %s" % voices
PY
echo "batch: $rendered rendered, $errors error lines"

# Interrupt a batch mid-way, then resume it. Longer inputs, so that the
# interruption lands while files are being written.
mkdir -p "$work/long"
for i in $(seq 1 18); do
    for k in 1 2 3 4 5 6; do grep -v Copyright "$fixture" | sed "s/twenty years/$i$k years/"; done >"$work/long/good$i.txt"
done
"$TTSREAD" -O "$work/out2" "$work/long"/good*.txt -j 2 -q 2>"$work/stderr2" &
pid=$!
sleep 1
kill -INT $pid
wait $pid
status=$?
[ $status -eq 130 ] || fail "interrupted batch exited $status, expected 130"
before=$(ls "$work/out2" | wc -l)
[ "$before" -lt 18 ] || fail "the batch finished before it was interrupted"
[ -z "$(ls -A "$work/out2" | grep '^\.')" ] || fail "temporaries left after SIGINT: $(ls -A "$work/out2")"
"$TTSREAD" -O "$work/out2" "$work/long"/good*.txt -j 2 --skip-existing 2>"$work/stderr3" || fail "resume failed"
after=$(ls "$work/out2" | wc -l)
[ "$after" -eq 18 ] || fail "$after files after resuming, expected 18"
grep -q "skipped" "$work/stderr3" || fail "no summary after resume"
python3 - "$work/out2" <<'PY' || fail "an audio file is not valid after resume"
import sys, os, wave
for name in os.listdir(sys.argv[1]):
    audio = wave.open(os.path.join(sys.argv[1], name))
    assert audio.getnframes() > 22050 * 10, name
PY
echo "interrupt: $before files before resuming, $after after"
