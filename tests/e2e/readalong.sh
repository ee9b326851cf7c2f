#!/bin/sh
# Read-along: word timings in the JSON and WebVTT captions point at the
# written words inside their turns; the page embeds (or links) the very audio
# written; then headless Chromium plays the page (highlight follows, keys
# work, no console errors, axe-core finds no violations) and saves screenshots.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
input=tests/fixtures/readalong/panel.txt
artifacts="$TTS_BUILD/test-artifacts"
mkdir -p "$artifacts" "$work/pages"

"$TTSREAD" "$input" -q -o "$work/panel.wav" --captions "$work/panel.json" \
    --readalong "$work/panel.html" || fail "render with --readalong"
"$TTSREAD" "$input" -q --rate 48000 --announce --captions "$work/panel.vtt" --captions-words \
    --readalong "$work/pages/linked.html" --readalong-audio external || fail "render with linked audio"
"$TTSREAD" "$input" -q --readalong "$work/alone.html" || fail "render with --readalong alone"
cp "$work/panel.html" "$artifacts/readalong.html"

python3 - "$work" <<'PYTHON' || fail "captions or page"
import base64, json, os, re, sys
work = sys.argv[1]
problems = []
def expect(ok, what):
    if not ok:
        problems.append(what)

captions = json.load(open(f"{work}/panel.json"))
words = 0
for turn in captions["turns"]:
    text = turn["text"].encode()
    previous = turn["start"]
    for word in turn["words"]:
        words += 1
        written = text[word["offset"]:word["offset"] + word["length"]].decode()
        expect(written == word["text"], f"word {word} is {written!r} in {turn['text']!r}")
        expect(previous <= word["start"] < word["end"] <= turn["end"] + 1e-9,
               f"word {word} outside turn {turn['start']}-{turn['end']} or before {previous}")
        previous = word["start"]
expect(words >= 40, f"only {words} timed words")
expect(any(w["text"] == "(R-TX)" for t in captions["turns"] for w in t["words"]),
       "no word points at the written (R-TX)")

# WebVTT: every timestamp tag rises inside its cue.
def seconds(stamp):
    h, m, s = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
tags = 0
for cue in open(f"{work}/panel.vtt").read().split("\n\n")[1:]:
    lines = cue.strip().split("\n")
    start, end = (seconds(t) for t in lines[1].split(" --> "))
    last = start
    for stamp in re.findall(r"<(\d\d:\d\d:\d\d\.\d\d\d)>", " ".join(lines[2:])):
        tags += 1
        expect(last < seconds(stamp) < end, f"tag {stamp} not rising inside {lines[1]}")
        last = seconds(stamp)
expect(tags >= 30, f"only {tags} word tags in the WebVTT captions")

page = open(f"{work}/panel.html", encoding="utf-8").read()
audio = re.search(r'<audio id="audio" controls preload="auto" src="data:audio/wav;base64,([^"]+)"', page)
expect(audio is not None and base64.b64decode(audio.group(1)) == open(f"{work}/panel.wav", "rb").read(),
       "the page does not embed the -o audio")
expect("<title>Harbors &amp; &quot;Tides&quot; &lt;Live&gt;</title>" in page, "title not escaped")
expect("{{" not in page, "placeholders left")
# Self-contained: the only address in the page is the audio's data: URI.
addresses = re.findall(r'(?:src|href)="([^"]{0,5})|url\(|@import|<link', page)
expect(addresses == ["data:"], f"the page loads something else: {addresses}")
expect(page.count('class="turn') == len(captions["turns"]), "not one article per turn")
expect(page.count('class="w"') >= 40, "words not marked up")

linked = open(f"{work}/pages/linked.html", encoding="utf-8").read()
expect('src="linked.wav"' in linked and "data:" not in linked, "linked page does not link linked.wav")
expect(os.path.getsize(f"{work}/pages/linked.wav") > 100000, "no linked.wav beside the page")
expect(sorted(os.listdir(work)) == ["alone.html", "pages", "panel.html", "panel.json", "panel.vtt", "panel.wav"],
       f"unexpected files left: {sorted(os.listdir(work))}")
for problem in problems:
    print("problem:", problem)
print(f"captions: {words} timed words, {tags} WebVTT word tags; page embeds the audio")
sys.exit(1 if problems else 0)
PYTHON
soxi -r "$work/pages/linked.wav" 2>/dev/null | grep -qx 48000 || fail "linked audio is not at --rate 48000"

chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "chromium is not installed (apt-get install chromium): browser checks skipped"; exit 77; }
command -v node >/dev/null || { echo "node is not installed (apt-get install nodejs): browser checks skipped"; exit 77; }

# axe-core from the npm registry, once per build folder.
node_dir="$TTS_BUILD/node"
axe="$node_dir/node_modules/axe-core/axe.min.js"
if [ ! -f "$axe" ] && command -v npm >/dev/null; then
    mkdir -p "$node_dir" && cp tests/e2e/package.json "$node_dir/" &&
        npm install --prefix "$node_dir" --no-audit --no-fund --silent >"$work/npm.log" 2>&1 ||
        { cat "$work/npm.log"; echo "npm install of axe-core failed"; }
fi
[ -f "$axe" ] || axe=""

node tests/e2e/readalong_browser.js "$chromium" "$work/panel.html" "$artifacts" $axe ||
    fail "browser checks"
[ -s "$artifacts/readalong.png" ] || fail "no screenshot"
if [ -z "$axe" ]; then
    echo "npm or axe-core unavailable: accessibility check skipped (browser checks passed)"
    exit 77
fi
echo "readalong: captions, page and browser checks passed; screenshots in $artifacts"
