#!/bin/sh
# extract.sh: how well `ttsread --dump text` finds the story on real news pages.
# Usage: bench/extract.sh [path/to/ttsread] (default build/ttsread); corpus from
# $TTS_CORPUS or ../shared/corpus. Prints per-page figures and medians:
#   readability/  word-multiset precision, recall, F1 against expected.html
#   trafilatura/  share of `with` snippets found, share of `without` snippets absent
#   aeb/          word F1 against the expected articleBody
set -eu

binary=${1:-build/ttsread}
corpus=${TTS_CORPUS:-../shared/corpus}

if [ ! -x "$binary" ]; then
    echo "extract.sh: $binary is not an executable (build it first)" >&2
    exit 2
fi
if [ ! -d "$corpus" ]; then
    echo "extract.sh: no corpus at $corpus; nothing to measure (skipped)"
    exit 0
fi
command -v python3 >/dev/null || { echo "extract.sh: python3 is needed" >&2; exit 2; }
# --dump text needs no audio, but ttsread still loads its voice palette.
if [ -z "${TTSREAD_VOICES:-}" ] && [ -d voices ]; then
    TTSREAD_VOICES="$(pwd)/voices"
    export TTSREAD_VOICES
fi

exec python3 - "$binary" "$corpus" <<'PYTHON'
import glob, html.parser, json, os, re, statistics, subprocess, sys
from collections import Counter

binary, corpus = sys.argv[1], sys.argv[2]
WORD = re.compile(r"\w+", re.UNICODE)

def words(text):
    return Counter(w.lower() for w in WORD.findall(text))

def dump_text(path):
    try:
        run = subprocess.run([binary, "--dump", "text", path], capture_output=True,
                             timeout=120)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    if run.returncode != 0:
        return None, run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
    return run.stdout.decode("utf-8", "replace"), None

INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i",
          "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
          "u", "var", "ins", "del", "strike", "tt", "big"}

class TextOf(html.parser.HTMLParser):
    """Visible text of an expected.html (readability's own output: no scripts).
    Block tags separate words; inline tags (a drop cap <span>Z</span>imbabwe) do not."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in INLINE:
            self.parts.append(" ")
    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag not in INLINE:
            self.parts.append(" ")
    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

def html_text(path):
    parser = TextOf()
    with open(path, encoding="utf-8", errors="replace") as f:
        parser.feed(f.read())
    return "".join(parser.parts)

def prf(got, want):
    common = sum((got & want).values())
    precision = common / max(1, sum(got.values()))
    recall = common / max(1, sum(want.values()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1

def median(values):
    return statistics.median(values) if values else float("nan")

def squash(text):
    """Words only: the spoken text rewrites dashes and quotes, not words."""
    return " " + " ".join(w.lower() for w in WORD.findall(text)) + " "

# readability: word F1 against expected.html
f1s = []
print("readability (word multiset)      precision recall   F1")
for source in sorted(glob.glob(os.path.join(corpus, "readability", "*", "source.html"))):
    site = os.path.basename(os.path.dirname(source))
    text, error = dump_text(source)
    if text is None:
        print(f"  {site:30} FAILED: {error}")
        f1s.append(0.0)
        continue
    expected = html_text(os.path.join(os.path.dirname(source), "expected.html"))
    p, r, f = prf(words(text), words(expected))
    f1s.append(f)
    flag = "  <0.6" if f < 0.6 else ""
    print(f"  {site:30} {p:9.3f} {r:6.3f} {f:6.3f}{flag}")
print(f"  median F1 {median(f1s):.3f} over {len(f1s)} pages; mean {statistics.mean(f1s) if f1s else 0:.3f}")

# trafilatura: snippets that must / must not appear
found, absent = [], []
print("\ntrafilatura (snippets)            with-found without-absent")
for page in sorted(glob.glob(os.path.join(corpus, "trafilatura", "*.html"))):
    with open(page[:-5] + ".expected.json", encoding="utf-8") as f:
        expected = json.load(f)
    text, error = dump_text(page)
    name = os.path.basename(page)[:-5]
    if text is None:
        print(f"  {name:32} FAILED: {error}")
        found.append(0.0)
        absent.append(0.0)
        continue
    body = squash(text)
    with_ = expected.get("with", [])
    without = expected.get("without", [])
    a = sum(squash(s).strip() in body for s in with_) / max(1, len(with_))
    b = sum(squash(s).strip() not in body for s in without) / max(1, len(without))
    found.append(a)
    absent.append(b)
    print(f"  {name:32} {a:10.2f} {b:14.2f}")
print(f"  median with-found {median(found):.2f}, without-absent {median(absent):.2f}; "
      f"means {statistics.mean(found) if found else 0:.2f}, {statistics.mean(absent) if absent else 0:.2f}")

# aeb: word F1 against articleBody
aeb = []
print("\naeb (articleBody words)          precision recall   F1")
for page in sorted(glob.glob(os.path.join(corpus, "aeb", "*.html"))):
    with open(page[:-5] + ".expected.json", encoding="utf-8") as f:
        expected = json.load(f)
    name = os.path.basename(page)[:-5]
    text, error = dump_text(page)
    if text is None:
        print(f"  {name:32} FAILED: {error}")
        aeb.append(0.0)
        continue
    p, r, f1 = prf(words(text), words(expected.get("articleBody", "")))
    aeb.append(f1)
    print(f"  {name:32} {p:9.3f} {r:6.3f} {f1:6.3f}")
print(f"  median F1 {median(aeb):.3f} over {len(aeb)} pages")
PYTHON
