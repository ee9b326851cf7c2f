#!/bin/sh
# The command line on the seed: --dump json gives the title, the two
# speakers with their aliases and turn counts and no boilerplate; -o and
# --captions give a WAV whose caption cues cover it exactly.
set -eu
[ -f "$TTS_SEED" ] || { echo "skipped: seed transcript $TTS_SEED is absent"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$TTSREAD" "$TTS_SEED" --dump json >"$work/seed.json"
python3 - "$work/seed.json" <<'PY'
import json, sys
script = json.load(open(sys.argv[1]))
def check(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)
check(script["title"] == "U.S Turns To China For Help With North Korea Cyberattack", "title: %r" % script["title"])
speakers = {s["id"]: s for s in script["speakers"]}
check(len(speakers) == 2, "speakers: %s" % list(speakers))
kuhn = speakers.get("anthony-kuhn")
check(kuhn is not None, "no anthony-kuhn")
check(kuhn["aliases"] == ["ANTHONY KUHN, BYLINE", "KUHN"], "kuhn aliases %s" % kuhn["aliases"])
check(kuhn["role"] == "byline" and kuhn["turns"] == 6, "kuhn role/turns %s %s" % (kuhn["role"], kuhn["turns"]))
greene = [s for s in script["speakers"] if "GREENE" in s["aliases"]]
check(len(greene) == 1 and greene[0]["turns"] == 5, "greene: %s" % greene)
turns = script["turns"]
check(turns[0]["kind"] == "title" and turns[0]["speaker"] == "narrator", "first turn is not the title")
check(turns[1]["speaker"] in ("narrator", greene[0]["id"]) and turns[1]["text"].startswith("Let's report now"),
      "intro: %s" % turns[1])
text = " ".join(t["text"] + " " + t.get("spoken", "") for t in turns)
for furniture in ["KGOU", "Play Live Radio", "0:00", "Available On Air", "Transcript provided",
                  "Copyright", "correspondent based in Seoul", "More News", "Support nonprofit",
                  "Give now", "lizard", "Next Up"]:
    check(furniture not in text, "boilerplate spoken: %r" % furniture)
check(turns[-1]["text"] == "You're welcome, David.", "last turn: %r" % turns[-1]["text"])
PY

"$TTSREAD" "$TTS_SEED" -o "$work/seed.wav" --captions "$work/seed.vtt"
python3 - "$work/seed.wav" "$work/seed.vtt" <<'PY'
import re, sys, wave
audio = wave.open(sys.argv[1])
assert audio.getframerate() == 22050 and audio.getnchannels() == 1 and audio.getsampwidth() == 2
seconds = audio.getnframes() / 22050
cues = re.findall(r"(\d+):(\d+):(\d+)\.(\d+) --> (\d+):(\d+):(\d+)\.(\d+)", open(sys.argv[2]).read())
ends = [int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000 for _, _, _, _, h, m, s, ms in cues]
assert len(cues) >= 13, "only %d cues" % len(cues)
assert abs(ends[-1] - seconds) <= 0.0005, "last cue ends at %.3f, audio at %.3f" % (ends[-1], seconds)
assert 150 < seconds < 300, "seed renders to %.1f s" % seconds
PY
ls -A "$work" | grep -q '^\.' && { echo "temporary files left: $(ls -A "$work")"; exit 1; }
echo "seed: ok"
