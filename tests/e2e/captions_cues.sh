#!/bin/sh
# Captions are cut for reading: WebVTT and SubRip cues of at most 2 lines of
# 42 characters and about 7 s, cut at sentence and clause ends from the word
# timings, <v Speaker> on every WebVTT cue of speech; no word lost, the cues
# of a turn span it without gaps, and a cut at a sentence or clause end falls
# where the audio pauses (measured: quiet just before the cue starts).
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
input=tests/fixtures/listening/six-voices.txt
"$TTSREAD" "$input" -q -j 2 -o "$work/piece.wav" --captions "$work/piece.vtt" || fail "render vtt"
"$TTSREAD" "$input" -q -j 2 -o "$work/piece2.wav" --captions "$work/piece.srt" || fail "render srt"
"$TTSREAD" "$input" -q -j 2 -o "$work/piece3.wav" --captions "$work/piece.json" || fail "render json"
cmp -s "$work/piece.wav" "$work/piece3.wav" || fail "renders differ"
python3 - "$work" <<'PY' || exit 1
import array, json, math, re, sys, wave
work = sys.argv[1]
audio = wave.open(work + "/piece.wav")
rate = audio.getframerate()
samples = array.array("h", audio.readframes(audio.getnframes()))
turns = json.load(open(work + "/piece.json"))["turns"]
def seconds(stamp):
    h, m, s = stamp.replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
def rms(start, end):
    part = samples[max(0, start):end]
    return math.sqrt(sum(x * x for x in part) / max(1, len(part)))
def cues(path):
    found = []
    for block in open(path).read().strip().split("\n\n"):
        lines = block.strip().split("\n")
        if lines[0] == "WEBVTT":
            continue
        start, end = (seconds(t) for t in lines[1].split(" --> "))
        found.append((start, end, lines[2:]))
    return found
vtt, srt = cues(work + "/piece.vtt"), cues(work + "/piece.srt")
assert [c[:2] for c in vtt] == [c[:2] for c in srt], "WebVTT and SubRip cues differ in time"
assert len(vtt) > 2 * len(turns), "%d cues for %d turns: turns are not cut" % (len(vtt), len(turns))
pauses = cuts = 0
for turn in turns:
    start, end = turn["start_sample"] / rate, turn["end_sample"] / rate
    mine = [c for c in vtt if start - 0.0005 <= c[0] and c[1] <= end + 0.0005]
    assert mine, "no cue inside turn %r" % turn["text"][:40]
    assert abs(mine[0][0] - start) < 0.0015 and abs(mine[-1][1] - end) < 0.0015, "cues do not span the turn"
    text = []
    for index, (cue_start, cue_end, lines) in enumerate(mine):
        assert cue_end - cue_start <= 8.0, "a %.1f s cue" % (cue_end - cue_start)
        if index > 0:
            assert abs(mine[index - 1][1] - cue_start) < 0.0015, "a gap inside a turn"
        plain = [re.sub(r"<[^>]*>", "", line) for line in lines]
        assert len(plain) <= 2 and all(len(line) <= 42 for line in plain), plain
        if turn["kind"] == "speech":
            assert lines[0].startswith("<v %s>" % turn["name"]), "cue without <v %s>: %r" % (turn["name"], lines[0])
        text.append(" ".join(plain))
        if index > 0 and re.search(r"[.,;:?!]$", text[-2]):
            # eSpeak NG pauses at sentence and clause ends: the 40 ms before
            # the cue are far quieter than the turn.
            cuts += 1
            at = int(cue_start * rate)
            pauses += rms(at - int(0.04 * rate), at) < 0.2 * rms(turn["start_sample"], turn["end_sample"])
    assert " ".join(text).split() == turn["text"].split(), "words lost: %r" % " ".join(text)
print("%d cues for %d turns; %d of %d cuts at punctuation fall in a pause" % (len(vtt), len(turns), pauses, cuts))
assert cuts >= 10 and pauses >= 0.8 * cuts
PY
