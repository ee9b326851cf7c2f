#!/bin/sh
# --list-voices prints the palette, a header then one described profile a line
# in aligned columns, without
# an input; --announce has the narrator name each speaker before their first
# turn (--announce=change: at every change of speaker; --announce=always:
# before every turn), heard in the audio.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
panel=tests/fixtures/cast/panel-six.txt

"$TTSREAD" --list-voices >"$work/voices" || fail "--list-voices without input failed"
profiles=$(ls "$TTSREAD_VOICES"/*.ini | grep -vc '/palette\.ini$')
[ "$(wc -l <"$work/voices")" -eq $((profiles + 1)) ] || fail "$(wc -l <"$work/voices") lines for $profiles profiles"
head -1 "$work/voices" | grep -q '^PROFILE  *ESPEAK  *VARIANT  *GENDER  *PITCH  *RATE  *DESCRIPTION$' ||
    fail "no header: $(head -1 "$work/voices")"
grep -q '^alex  *en-us  *m3  *male  *45  *[0-9][0-9]*  *American man, mid pitch$' "$work/voices" ||
    fail "alex: $(cat "$work/voices")"
# the columns line up: every description starts where the header's does
column=$(head -1 "$work/voices" | awk '{print index($0, "DESCRIPTION")}')
tail -n +2 "$work/voices" | while IFS= read -r line; do
    name=${line%% *}
    label=$(sed -n 's/^label = //p' "$TTSREAD_VOICES/$name.ini")
    [ "$(printf '%s' "$line" | awk -v l="$label" '{print index($0, l)}')" = "$column" ] ||
        echo "misaligned: $line"
done >"$work/misaligned"
[ -s "$work/misaligned" ] && fail "$(cat "$work/misaligned")"
grep -q '^narrator ' "$work/voices" || fail "no narrator line"
while read -r name rest; do
    [ -f "$TTSREAD_VOICES/$name.ini" ] || fail "listed $name has no profile file"
    label=$(sed -n 's/^label = //p' "$TTSREAD_VOICES/$name.ini")
    case "$rest" in *"$label") ;; *) fail "$name: line does not end with its label '$label'" ;; esac
done <<EOF
$(tail -n +2 "$work/voices")
EOF

for mode in none first change always; do
    case $mode in none) flag="" ;; first) flag="--announce" ;; *) flag="--announce=$mode" ;; esac
    "$TTSREAD" $panel -o "$work/$mode.wav" --captions "$work/$mode.json" -j 2 $flag || fail "render $mode"
done
python3 - "$work" <<'PY' || exit 1
import json, sys, wave, array, math
work = sys.argv[1]
def load(mode):
    audio = wave.open("%s/%s.wav" % (work, mode))
    samples = array.array("h", audio.readframes(audio.getnframes()))
    return samples, json.load(open("%s/%s.json" % (work, mode)))["turns"]
def rms(samples, start, end):
    part = samples[start:end]
    return math.sqrt(sum(x * x for x in part) / max(1, len(part))) / 32768
results = {mode: load(mode) for mode in ("none", "first", "change", "always")}
lengths = {mode: len(results[mode][0]) for mode in results}
assert lengths["none"] < lengths["first"] <= lengths["change"] <= lengths["always"], lengths
for mode in results:
    samples, turns = results[mode]
    seen, previous = set(), None
    speeches = [t for t in turns if t["kind"] == "speech"]
    named = 0
    for turn in speeches:
        gap = rms(samples, previous["end_sample"], turn["start_sample"]) if previous else 0
        first = turn["speaker"] not in seen
        change = previous is not None and previous["speaker"] != turn["speaker"]
        should = ((mode == "first" and first) or (mode == "change" and (first or change)) or
                  mode == "always")
        if previous is not None:
            # A name said between two turns is heard as sound in the gap.
            if should:
                assert gap > 0.01, "%s: no announcement before %s (gap rms %.4f)" % (mode, turn["speaker"], gap)
                named += 1
            else:
                assert gap < 0.002, "%s: sound before %s (gap rms %.4f)" % (mode, turn["speaker"], gap)
        seen.add(turn["speaker"])
        previous = turn
    print("%s: %.1f s, %d announcements heard between turns" % (mode, lengths[mode] / 22050, named))
assert len({t["speaker"] for t in results["first"][1] if t["kind"] == "speech"}) == 6
PY
echo "list-voices: $profiles profiles; announce checked in the audio"
