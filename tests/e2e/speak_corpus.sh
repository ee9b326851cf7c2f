#!/bin/sh
# Every transcript in the corpus, as --dump json shows it: no spoken text may
# hold editorial marks such as "(ph)", bracketed notes, tags, markdown escapes
# or raw URLs, with cues paused (the default) or read by the narrator.
# Files the program cannot read are reported but do not fail this test.
set -u
corpus=${TTS_CORPUS:-../shared/corpus}
[ -d "$corpus/npr-text" ] || { echo "skipped: corpus $corpus is absent"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count=0
for file in "$corpus"/npr-text/* "$corpus"/mediasum/*.txt "$corpus"/podcast/* "$corpus"/qa/* \
    "$corpus"/srt/* "$corpus"/vtt/* "$corpus"/fountain/* "$corpus"/play/* "$corpus"/npr-html/* \
    "$corpus"/cnn-html/* "$corpus"/fox-html/*; do
    [ -f "$file" ] || continue
    for cues in pause read; do
        count=$((count + 1))
        out="$work/$count.$cues.json"
        if ! "$TTSREAD" --no-config --cues "$cues" "$file" --dump json >"$out" 2>"$work/$count.err"; then
            echo "not checked ($cues): $file: $(tail -n 1 "$work/$count.err")"
            rm -f "$out"
        else
            printf '%s\n' "$file" >"$out.name"
        fi
    done
done

python3 - "$work" <<'PY'
import glob, json, os, re, sys

# What eSpeak NG would read out or stumble over: brackets and tags, the
# editorial "(ph)", markdown escapes and emphasis, addresses with a scheme
# or "www.", e-mail addresses and handles, "#" before a word or number.
forbidden = [
    ("bracket or tag", re.compile(r"[\[\]\(\)\{\}<>]")),
    ("(ph)", re.compile(r"\(ph\)", re.I)),
    ("backslash or asterisk", re.compile(r"[\\*]")),
    ("raw URL", re.compile(r"\b[a-z]+://|\bwww\.", re.I)),
    ("e-mail or handle", re.compile(r"@\w")),
    ("hash sign", re.compile(r"#\w")),
]
checked_files = 0
checked_turns = 0
problems = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    name = open(path + ".name").read().strip()
    try:
        script = json.load(open(path, encoding="utf-8"))
    except ValueError as error:
        problems.append("%s: --dump json is not JSON (%s)" % (name, error))
        continue
    checked_files += 1
    for index, turn in enumerate(script["turns"]):
        spoken = turn.get("spoken")
        if spoken is None:
            problems.append("%s: turn %d has no spoken text" % (name, index + 1))
            continue
        checked_turns += 1
        for what, pattern in forbidden:
            match = pattern.search(spoken)
            if match:
                start = max(0, match.start() - 40)
                problems.append("%s: turn %d speaks a %s: ...%s..." %
                                (name, index + 1, what, spoken[start:match.end() + 40]))
for problem in problems[:40]:
    print("FAIL:", problem)
print("%d dumps, %d spoken turns checked, %d problems" % (checked_files, checked_turns, len(problems)))
if checked_files < 10 or checked_turns < 1000:
    sys.exit("FAIL: too little of the corpus could be read to check it")
sys.exit(1 if problems else 0)
PY
