#!/usr/bin/env python3
"""word_accounting.py CORPUS TTSREAD [TOLERANCE]: issue 19, "nothing lost".
For every transcript listed in CORPUS/LABELS.tsv and LABELS-new.tsv, every
word of the source must reach a turn's text, the title, or an unspoken span
(--dump json). Words are compared as multisets, lower-cased.

An unspoken span's "text" is cut at 160 bytes; for a cut span the words are
read from the source at its offset and length instead (offsets are bytes of
the decoded UTF-8 input), so a long license or front matter counts whole.

TOLERANCE (default 0) is the number of unaccounted words allowed per file,
for differences between this tokenizer and the program's text (none known
today). Prints each file with missing words and its first ones; exits 1 if
any file is over the tolerance."""
import collections, html, html.parser, json, os, re, subprocess, sys

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.U)
SKIPPED = ("script", "style", "template", "noscript")
# Text of adjacent inline elements runs together as a browser shows it
# ("2016</span><span>3:33" is "20163:33"); blocks, breaks and controls part words.
APART = set("""address article aside blockquote body br button caption center dd details
dialog dir div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header
hgroup hr html iframe img input legend li listing main menu nav ol option p pre section
select summary table tbody td textarea tfoot th thead title tr ul video audio canvas
svg object embed""".split())


class Text(html.parser.HTMLParser):
    """The page's text as a browser would show it, without scripts and styles."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skip += 1
        if tag in APART:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.skip:
            self.skip -= 1
        if tag in APART:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(raw):
    p = Text()
    p.feed(raw)
    p.close()
    return "".join(p.parts)


# UTF-8 read as Latin-1 and encoded again ("e-mailed\u00e2\u0080\u0094"): a
# Latin-1 run that spells a UTF-8 sequence with a C1 control in it. The
# subtitle parser repairs it (repair_double_utf8 in src/parse/subtitles.c),
# so the source is compared as repaired.
DOUBLE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]{1,3}")


def repair_double_utf8(text):
    def fix(m):
        run = m.group(0)
        if not any("\u0080" <= c <= "\u009f" for c in run[1:]):
            return run
        try:
            return run.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return run
    return DOUBLE.sub(fix, text)


def words(text):
    text = repair_double_utf8(text)
    return collections.Counter(w.lower().replace("’", "'") for w in WORD.findall(text))


def main():
    corpus, program = sys.argv[1], sys.argv[2]
    tolerance = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    files = []
    for labels in ("LABELS.tsv", "LABELS-new.tsv"):
        path = os.path.join(corpus, labels)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f.read().splitlines()[1:]:
                if line.strip():
                    files.append(line.split("\t")[0])
    failed, total_missing = 0, 0
    for name in files:
        path = os.path.join(corpus, name)
        data = open(path, "rb").read()
        is_html = name.endswith((".html", ".htm"))
        raw = data.decode("utf-8", errors="replace")
        source = html_text(raw) if is_html else raw
        if name.endswith(".vtt"):  # WebVTT escapes "&" as "&amp;"; the parser decodes it
            source = html.unescape(source)
        r = subprocess.run([program, "--no-config", path, "--dump", "json"],
                           capture_output=True, text=True)
        if r.returncode:
            print("%s: dump failed: %s" % (name, r.stderr.strip()))
            failed += 1
            continue
        d = json.loads(r.stdout)
        have = words(" ".join(t["text"] for t in d["turns"]))
        if d.get("title"):
            have += words(d["title"])
        for u in d.get("unspoken", []):
            text = u["text"]
            if len(text.encode("utf-8")) < u["length"]:
                piece = data[u["offset"]:u["offset"] + u["length"]].decode("utf-8", errors="replace")
                text = html_text(piece) if is_html else piece
            have += words(text)
        missing = words(source) - have
        n = sum(missing.values())
        total_missing += n
        if n:
            print("%s: %d words unaccounted: %s" % (name, n, ", ".join(list(missing)[:12])))
        if n > tolerance:
            failed += 1
    print("word accounting: %d files, %d words unaccounted, %d over the tolerance of %d"
          % (len(files), total_missing, failed, tolerance))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
