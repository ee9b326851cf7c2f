#!/bin/sh
# conventions.sh (issue 19, parser conventions): the real binary on the
# fixtures written for each convention, checking what it would say and who
# it lists: an editor's insertion in a quote is read as words without quote
# marks or brackets; end matter after the last turn is unspoken boilerplate;
# names keep acronyms and match without accents; initials among Q:/A: are a
# person; show parts and silent labels are nobody; older play editions
# number, abbreviate and group their roles; a renamed hero is one speaker.
# golden.sh pins each whole parse; this script states the point of each.
set -u
TTSREAD=${TTSREAD:-build/ttsread}
fixtures=tests/fixtures/parse
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failed=0

# check NAME FILE PYTHON: runs `ttsread FILE --dump json` and the Python
# expression on its document `d` (with `speech`, the spoken texts of the
# speech turns, and `names`, the speakers' names); it prints what is wrong.
check() {
    name=$1 file=$2 test=$3
    if ! "$TTSREAD" "$file" --dump json >"$work/out.json" 2>"$work/err"; then
        echo "FAIL $name: ttsread $file failed: $(cat "$work/err")"
        failed=$((failed + 1))
        return
    fi
    if ! python3 - "$work/out.json" "$test" >"$work/why" 2>&1 <<'EOS'
import json, sys
d = json.load(open(sys.argv[1]))
speech = [t["spoken"] for t in d["turns"] if t["kind"] == "speech"]
names = [s["name"] for s in d["speakers"]]
problem = eval(sys.argv[2])
if problem:
    print(problem)
    sys.exit(1)
EOS
    then
        echo "FAIL $name ($file): $(cat "$work/why")"
        failed=$((failed + 1))
    else
        echo "ok   $name"
    fi
}

check "insertion read as words" "$fixtures/quote-insertions.txt" \
    '"" if any("agreed to that timeline, Bruck said, meaning herself" in s for s in speech) else "no \"timeline, Bruck said\" in %r" % speech'
check "no quote marks or brackets around the insertion" "$fixtures/quote-insertions.txt" \
    '"" if not any(m in s for s in speech for m in ("[Bruck]", "[the senator]", "timeline,\x27", "\"We will", "bridge,\"")) else "marks left in %r" % speech'
check "the senator insertion" "$fixtures/quote-insertions.txt" \
    '"" if any("We will fund the bridge, the senator added" in s for s in speech) else "no \"the senator added\" in %r" % speech'
check "a cue stays a cue" "$fixtures/quote-insertions.txt" \
    '"" if not any("Laughter" in s or "crosstalk" in s for s in speech) else "a cue was read: %r" % speech'

check "end matter not read by the last speaker" "$fixtures/end-matter.txt" \
    '"" if d["turns"][-1]["text"] == "Thanks, Ailsa." else "last turn: %r" % d["turns"][-1]["text"]'
check "end matter is boilerplate" "$fixtures/end-matter.txt" \
    '[f for f in ("Tweet:", "Share this:", "Transcript:", "This transcript was produced", "Copyright Harbor") if not any(u["reason"] == "boilerplate" and u["text"].startswith(f) for u in d["unspoken"])]'

check "acronyms keep their capitals" "$fixtures/names-any-script.txt" \
    '[n for n in ("AI-Generated Voice #1", "FBI Agent") if n not in names]'
check "a name with and without accents is one person" "$fixtures/names-any-script.txt" \
    '"" if any(s["name"] == "Mar\u00eda N\u00fa\u00f1ez" and s["turns"] == 3 for s in d["speakers"]) else "speakers: %r" % d["speakers"]'

check "initials among Q/A are a person" "$fixtures/qa-panel.md" \
    '"" if names == ["Hanna Berg", "Audience", "Bob Brown", "KT"] else "speakers: %r" % names'
check "the talk is the presenter's" "$fixtures/qa-panel.md" \
    '"" if d["turns"][1]["speaker"] == "hanna-berg" else "first turn: %r" % d["turns"][1]'

check "show parts and silent labels are nobody" "$fixtures/show-parts.txt" \
    '"" if names == ["Tom Hale", "Mia Park"] else "speakers: %r" % names'
check "a sound part is a cue" "$fixtures/show-parts.txt" \
    '"" if any(t["kind"] == "cue" and t["text"].startswith("SFX:") for t in d["turns"]) else "no SFX cue"'

check "numbered, abbreviated and group roles" "$fixtures/folio-play.txt" \
    '"" if names == ["First Gull", "Second Gull", "Third Gull", "Margery", "Tobias", "First Senator", "Second Senator", "Senators"] else "speakers: %r" % names'
check "an indented edition" "$fixtures/indented-edition-play.txt" \
    '"" if names == ["Margery", "Tobias", "First Gull", "Second Gull", "All", "Pilot"] else "speakers: %r" % names'
# What the speak stage leaves out of a turn is listed too, with a reason.
check "what speaking leaves out is listed" "$fixtures/speak-drops.txt" \
    '"" if {("timestamp", "10:30:15"), ("timestamp", "1:02:03"), ("note", "ph"), ("note", "Laughter")} <= {(u["reason"], u["text"]) for u in d["unspoken"]} else "unspoken: %r" % [(u["reason"], u["text"]) for u in d["unspoken"]]'
check "a renamed hero is one speaker, his son another" "$fixtures/renamed-play.txt" \
    '"" if "Marcus Tullius Veranus" in names and "Young Marcus" in names and len(names) == 10 else "speakers: %r" % names'

# The listing (what a user sees and what is cast) agrees.
"$TTSREAD" "$fixtures/show-parts.txt" --list-speakers >"$work/list" 2>&1
if grep -q "Ben Cole\|Music\|Outro" "$work/list"; then
    echo "FAIL show-parts.txt: --list-speakers lists a silent label or a show part:"
    cat "$work/list"
    failed=$((failed + 1))
else
    echo "ok   --list-speakers lists no silent label"
fi

[ "$failed" -eq 0 ] || { echo "$failed convention checks failed"; exit 1; }
echo "all convention checks pass"
