#!/bin/sh
# podcast.sh: Podcasting 2.0 files. --chapters=FILE.json and --transcript
# FILE.json follow the published field rules (podcast-namespace
# jsonChapters.md 1.2.0 and transcripts.md JSON 1.0.0): the version strings,
# required fields and their types, no fields the formats do not name, times
# in seconds that never go back, a segment's start before its end. Then what
# they say is measured against the JSON captions of the same render: a
# chapter per speech turn at its start, a segment per turn heard, nothing
# past the audio's end. The validator is shown to reject broken documents.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() { "$TTSREAD" --no-config -q "$@"; }
radio="$(pwd)/tests/fixtures/parse/radio.txt"

cat >"$work/validate.py" <<'PYTHON'
import json, sys

def number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0

def chapters(doc):
    problems = []
    allowed = {"version", "chapters", "author", "title", "podcastName", "description",
               "fileName", "waypoints"}
    if doc.get("version") != "1.2.0":
        problems.append("version is %r, not the string 1.2.0" % (doc.get("version"),))
    if not isinstance(doc.get("chapters"), list):
        return problems + ["chapters is not an array"]
    problems += ["unknown field %s" % k for k in doc if k not in allowed]
    if "title" in doc and not isinstance(doc["title"], str):
        problems.append("title is not a string")
    previous = None
    for i, c in enumerate(doc["chapters"]):
        where = "chapter %d" % (i + 1)
        problems += ["%s: unknown field %s" % (where, k) for k in c
                     if k not in {"startTime", "endTime", "title", "img", "url", "toc", "location"}]
        if not number(c.get("startTime")):
            problems.append("%s: startTime %r is not a number of seconds" % (where, c.get("startTime")))
            continue
        if "title" in c and (not isinstance(c["title"], str) or not c["title"]):
            problems.append("%s: title is not a string" % where)
        if "endTime" in c and (not number(c["endTime"]) or not c["startTime"] < c["endTime"]):
            problems.append("%s: endTime %r is not after startTime %r" % (where, c.get("endTime"), c["startTime"]))
        if previous is not None and c["startTime"] < previous["startTime"]:
            problems.append("%s: starts before the chapter before it" % where)
        if previous is not None and "endTime" in previous and previous["endTime"] > c["startTime"]:
            problems.append("%s: the chapter before it ends after it starts" % where)
        previous = c
    return problems

def transcript(doc):
    problems = []
    if doc.get("version") != "1.0.0":
        problems.append("version is %r, not the string 1.0.0" % (doc.get("version"),))
    if not isinstance(doc.get("segments"), list) or not doc["segments"]:
        return problems + ["segments is not an array of segments"]
    problems += ["unknown field %s" % k for k in doc if k not in {"version", "segments"}]
    previous = None
    for i, s in enumerate(doc["segments"]):
        where = "segment %d" % (i + 1)
        problems += ["%s: unknown field %s" % (where, k) for k in s
                     if k not in {"speaker", "startTime", "endTime", "body"}]
        if not number(s.get("startTime")) or not number(s.get("endTime")):
            problems.append("%s: startTime or endTime is not a number of seconds" % where)
            continue
        if not s["startTime"] < s["endTime"]:
            problems.append("%s: startTime %r is not before endTime %r" % (where, s["startTime"], s["endTime"]))
        if not isinstance(s.get("body"), str) or not s["body"].strip():
            problems.append("%s: body is not text" % where)
        if "speaker" in s and (not isinstance(s["speaker"], str) or not s["speaker"]):
            problems.append("%s: speaker is not a name" % where)
        if previous is not None and s["startTime"] < previous["endTime"]:
            problems.append("%s: starts before the segment before it ends" % where)
        previous = s
    return problems

kind, path = sys.argv[1], sys.argv[2]
problems = (chapters if kind == "chapters" else transcript)(json.load(open(path, encoding="utf-8")))
for problem in problems:
    print("%s: %s" % (path, problem))
sys.exit(1 if problems else 0)
PYTHON
validate() { python3 "$work/validate.py" "$@"; }

# ---- the validator rejects what breaks the rules
printf '{"version": "1.2", "chapters": [{"startTime": 5}, {"startTime": 3, "title": 7}]}' >"$work/bad-ch.json"
[ "$(validate chapters "$work/bad-ch.json" | wc -l)" = 3 ] || fail "validator: $(validate chapters "$work/bad-ch.json")"
printf '{"version": "1.0.0", "segments": [{"startTime": 2, "endTime": 2, "body": "a"}, {"startTime": 1, "endTime": "3", "body": "b"}, {"startTime": 4, "endTime": 5, "body": ""}]}' >"$work/bad-tr.json"
[ "$(validate transcript "$work/bad-tr.json" | wc -l)" = 3 ] || fail "validator: $(validate transcript "$work/bad-tr.json")"

# ---- a render with both, beside the captions that say where each turn is
for cues in pause read; do
    out="$work/$cues"
    run "$radio" --cues "$cues" -o "$out.wav" --captions "$out.captions.json" --chapters="$out.chapters.json" \
        --transcript "$out.transcript.json" || { fail "$cues: render"; continue; }
    validate chapters "$out.chapters.json" || fail "$cues: chapters break the rules"
    validate transcript "$out.transcript.json" || fail "$cues: transcript breaks the rules"
    python3 - "$out" "$cues" "$(soxi -D "$out.wav")" <<'PYTHON' || fail "$cues: chapters or transcript disagree with the captions"
import json, sys
out, cues, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
captions = json.load(open(out + ".captions.json"))["turns"]
chapters = json.load(open(out + ".chapters.json"))
segments = json.load(open(out + ".transcript.json"))["segments"]
speech = [t for t in captions if t["kind"] == "speech"]
heard = [t for t in captions if t["kind"] != "cue" or t["words"]]
ok = True
def check(condition, message):
    global ok
    if not condition:
        print(message)
        ok = False
check(chapters["title"] == "City Council Votes On The Harbor Bridge", "chapters title %r" % chapters.get("title"))
check(len(chapters["chapters"]) == len(speech), "%d chapters, %d speech turns" % (len(chapters["chapters"]), len(speech)))
for c, t in zip(chapters["chapters"], speech):
    check(abs(c["startTime"] - t["start"]) <= 0.0005, "chapter at %s, turn at %s" % (c["startTime"], t["start"]))
    check(c["title"].startswith(t["name"] + ": ") and t["text"].startswith(c["title"].split(": ", 1)[1]),
          "chapter title %r for %r" % (c["title"], t["text"][:40]))
check(len(segments) == len(heard), "%d segments, %d turns heard" % (len(segments), len(heard)))
for s, t in zip(segments, heard):
    check(s["speaker"] == t["name"] and s["body"] == t["text"], "segment %r, turn %r" % (s, t["text"][:40]))
    check(abs(s["startTime"] - t["start"]) <= 0.0005 and abs(s["endTime"] - t["end"]) <= 0.0005,
          "segment %s-%s, turn %s-%s" % (s["startTime"], s["endTime"], t["start"], t["end"]))
check(segments[-1]["endTime"] <= seconds + 0.001, "last segment ends at %s, audio at %s" % (segments[-1]["endTime"], seconds))
cue_segments = [s for s in segments if s["body"].startswith("(")]
check(len(cue_segments) == (3 if cues == "read" else 0), "%s: %d cue segments" % (cues, len(cue_segments)))
sys.exit(0 if ok else 1)
PYTHON
done

# ---- names beyond ASCII and quotes come out as JSON strings, not broken documents
printf 'Qué "tal"\n\nJOSÉ ÁLVAREZ:\nHola, "amigos" \\ todos.\n\nANA RUIZ:\nBuenos días.\n' >"$work/quotes.txt"
run "$work/quotes.txt" --transcript "$work/quotes.transcript.json" --chapters="$work/quotes.chapters.json" ||
    fail "quotes: render without -o"
validate transcript "$work/quotes.transcript.json" && validate chapters "$work/quotes.chapters.json" ||
    fail "quotes: broken documents"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["segments"]; assert any(x["speaker"]=="José Álvarez" and x["body"]=="Hola, \"amigos\" \\ todos." for x in s), s' \
    "$work/quotes.transcript.json" || fail "quotes: segment text"

# ---- atomic: a folder that does not exist leaves nothing, and exit 1
run "$radio" -o "$work/atomic.wav" --transcript "$work/missing/t.json" 2>"$work/err"
[ $? = 1 ] || fail "--transcript into a missing folder: exit not 1: $(cat "$work/err")"
ls "$work"/missing* "$work"/*.tmp* 2>/dev/null && fail "--transcript into a missing folder left files"
# ---- a batch: one STEM.transcript.json beside each audio file, JSON captions still STEM.json
mkdir "$work/in" "$work/out"
cp "$radio" "$work/in/one.txt"
cp tests/fixtures/parse/interview.txt "$work/in/two.txt"
run -O "$work/out" "$work/in/one.txt" "$work/in/two.txt" --transcript x --captions json -j 2 || fail "-O --transcript"
for name in one two; do
    validate transcript "$work/out/$name.transcript.json" || fail "-O: $name.transcript.json"
    python3 -c 'import json,sys; assert "turns" in json.load(open(sys.argv[1]))' "$work/out/$name.json" ||
        fail "-O: $name.json is not the JSON captions"
done
grep -q "Tom Becker" "$work/out/two.transcript.json" && ! grep -q "Tom Becker" "$work/out/one.transcript.json" ||
    fail "-O: transcripts mixed up"

echo "$failures failures"
[ "$failures" = 0 ]
