#!/bin/sh
# EPUB 3 read-along books: epubcheck finds no error and no warning; the
# mimetype entry is first and stored; every SMIL clip is the sentence's (or
# word's) timing in the JSON captions of the same render; ids resolve; the
# metadata names the language and speakers; re-renders are byte-identical;
# a failed or interrupted render leaves no book; -O DIR --ext epub works.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v java >/dev/null 2>&1 && [ -f /usr/share/java/epubcheck.jar ] ||
    { echo "epubcheck is not installed (Debian package epubcheck; .ci/install-deps)"; exit 77; }
command -v ffmpeg >/dev/null 2>&1 || { echo "ffmpeg is not installed"; exit 77; }
input="$(pwd)/tests/fixtures/epub/harbor.txt"
run() { "$TTSREAD" --no-config -q "$@"; }

# epubcheck FILE: exit 0, and its report says nothing is wrong
epubcheck() {
    java -jar /usr/share/java/epubcheck.jar "$1" >"$work/epubcheck.out" 2>&1 ||
        fail "epubcheck $1: exit $?: $(cat "$work/epubcheck.out")"
    grep -Eq '^(FATAL|ERROR|WARNING)' "$work/epubcheck.out" &&
        fail "epubcheck $1: $(grep -E '^(FATAL|ERROR|WARNING)' "$work/epubcheck.out")"
    grep -q 'No errors or warnings detected' "$work/epubcheck.out" ||
        fail "epubcheck $1 did not report a clean book: $(cat "$work/epubcheck.out")"
    sed -n 's/^Messages: /epubcheck '"$(basename "$1")"': /p' "$work/epubcheck.out"
}

# check BOOK CAPTIONS.json LANG UNIT: the package against the render's captions
check() {
    python3 - "$@" <<'PYTHON' || fail "$1: the package does not match its captions"
import io, json, re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET
book, captions_path, lang, unit = sys.argv[1:5]
problems = []
def expect(ok, what):
    if not ok:
        problems.append(what)

raw = open(book, "rb").read()
# the first local header: "mimetype", stored, no extra field, then the type itself
expect(raw[:4] == b"PK\x03\x04", "not a ZIP")
name_length, extra_length = int.from_bytes(raw[26:28], "little"), int.from_bytes(raw[28:30], "little")
expect(int.from_bytes(raw[8:10], "little") == 0, "mimetype is compressed")
expect(raw[30:30 + name_length] == b"mimetype" and extra_length == 0,
       f"first entry {raw[30:30 + name_length]!r}, extra field {extra_length} bytes")
expect(raw[30 + name_length:30 + name_length + 20] == b"application/epub+zip", "mimetype content")
archive = zipfile.ZipFile(book)
names = archive.namelist()
expect(names[0] == "mimetype" and archive.infolist()[0].compress_type == zipfile.ZIP_STORED,
       f"central directory starts with {names[0]}")
expect(all(not info.extra for info in archive.infolist()), "an entry has an extra field")

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "smil": "http://www.w3.org/ns/SMIL", "x": "http://www.w3.org/1999/xhtml",
      "epub": "http://www.idpf.org/2007/ops"}
container = ET.fromstring(archive.read("META-INF/container.xml"))
opf_path = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile").get("full-path")
base = opf_path.rsplit("/", 1)[0] + "/"
opf = ET.fromstring(archive.read(opf_path))
metadata = opf.find("opf:metadata", NS)
expect(metadata.findtext("dc:language", namespaces=NS) == lang,
       f"dc:language {metadata.findtext('dc:language', namespaces=NS)} is not {lang}")
identifier = metadata.findtext("dc:identifier", namespaces=NS)
expect(re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                    identifier or ""), f"identifier {identifier}")
metas = {(m.get("property"), m.get("refines")): m.text for m in metadata.findall("opf:meta", NS)}
expect(metas.get(("media:active-class", None)) == "-epub-media-overlay-active", "media:active-class")
expect(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", metas.get(("dcterms:modified", None)) or ""),
       "dcterms:modified")
contributors = [c.text for c in metadata.findall("dc:contributor", NS)]
manifest = {item.get("id"): item for item in opf.find("opf:manifest", NS)}
for item in manifest.values():
    expect(base + item.get("href") in names, f"manifest {item.get('href')} is not in the book")
audio_items = [i for i in manifest.values() if i.get("media-type").startswith("audio/")]
expect(len(audio_items) == 1 and audio_items[0].get("media-type") == "audio/mpeg",
       "one audio/mpeg item")
content_item = [i for i in manifest.values() if i.get("media-overlay")][0]
overlay_item = manifest[content_item.get("media-overlay")]
expect(("media:duration", "#" + overlay_item.get("id")) in metas, "the overlay's media:duration")
css = archive.read(base + manifest["css"].get("href")).decode()
expect(".-epub-media-overlay-active" in css, "the stylesheet has no active class")

def clock(value):
    h, m, s = value.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)

# the audio's length, decoded (MP3 frames pad the end; the decoder drops it)
audio_name = base + audio_items[0].get("href")
pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", "-", "-f", "s16le", "-ac", "1", "-ar", "48000", "-"],
                     input=archive.read(audio_name), capture_output=True, check=True).stdout
audio_seconds = len(pcm) / 2 / 48000
expect(abs(clock(metas[("media:duration", None)]) - audio_seconds) < 0.05,
       f"media:duration {metas[('media:duration', None)]} vs audio {audio_seconds:.3f}")

captions = json.load(open(captions_path))
speakers = {t["name"] for t in captions["turns"] if t["kind"] == "speech" and t["speaker"] != "narrator"}
expect(speakers and speakers <= set(contributors), f"speakers {speakers} vs contributors {contributors}")

content = ET.fromstring(archive.read(base + content_item.get("href")))
ids = {e.get("id"): e for e in content.iter() if e.get("id")}
expect(content.find(".//x:h1", NS) is not None, "no h1")
for turn_element in content.iter():
    if turn_element.get("class", "").startswith("turn") and turn_element.get("data-speaker") != "narrator":
        label = turn_element.find("x:span[@class='speaker']", NS)
        expect(label is not None and label.text.endswith(":"), f"turn {turn_element.get('id')} has no speaker")

# what each id should be heard as, from the captions' words
expected = {}
for index, turn in enumerate(captions["turns"]):
    element = ids.get(f"t{index + 1}")
    expect(element is not None, f"turn {index + 1} has no element")
    if element is None:
        continue
    text = turn["text"].encode()
    position, sentences = 0, []
    for span in element.iter("{http://www.w3.org/1999/xhtml}span"):
        span_id = span.get("id") or ""
        if not re.fullmatch(r"[sw]\d+", span_id) or span_id[0] != unit[0]:
            continue
        said = "".join(span.itertext()).encode()
        start = text.find(said, position)
        expect(start >= 0, f"{span_id} {said!r} is not in turn {index + 1} after {position}")
        if start < 0:
            continue
        end = start + len(said)
        if unit == "sentence":
            # timed as the captions time cues: the first from the turn's
            # start, the others from their first word, each to the next,
            # the last to the turn's end
            first = [w for w in turn["words"] if w["offset"] == start]
            expect(sentences == [] or first, f"{span_id} starts with no word")
            sentences.append((span_id, turn["start"] if not sentences or not first else first[0]["start"]))
            position = end
        else:
            word = [w for w in turn["words"] if w["offset"] == start and w["length"] == len(said)][0]
            expected[span_id] = (word["start"], max(word["end"], word["start"]))
            position = end
    for k, (span_id, begin) in enumerate(sentences):
        expected[span_id] = (begin, sentences[k + 1][1] if k + 1 < len(sentences) else turn["end"])

smil = ET.fromstring(archive.read(base + overlay_item.get("href")))
previous_end, pars = 0.0, 0
for seq in smil.iter("{http://www.w3.org/ns/SMIL}seq"):
    target = seq.get("{http://www.idpf.org/2007/ops}textref").split("#")[1]
    expect(target in ids, f"seq textref #{target} resolves to nothing")
for par in smil.iter("{http://www.w3.org/ns/SMIL}par"):
    pars += 1
    text, audio = par.find("smil:text", NS), par.find("smil:audio", NS)
    target = text.get("src").split("#")[1]
    expect(target in ids, f"text src #{target} resolves to nothing")
    expect(base + audio.get("src") == audio_name, f"audio src {audio.get('src')}")
    begin, end = float(audio.get("clipBegin").rstrip("s")), float(audio.get("clipEnd").rstrip("s"))
    if target not in expected:
        problems.append(f"{target} is not a timed {unit} of the captions")
        continue
    want = expected.pop(target)
    expect(abs(begin - want[0]) <= 0.001 + 1e-9 and abs(end - want[1]) <= 0.001 + 1e-9,
           f"{target}: clip {begin}-{end}, captions say {want[0]:.4f}-{want[1]:.4f}")
    expect(begin >= previous_end - 1e-9 and end >= begin, f"{target}: clip {begin}-{end} after {previous_end}")
    previous_end = end
expect(not expected, f"timed {unit}s without a par: {sorted(expected)[:5]}")
expect(pars > 0, "no par")
expect(abs(previous_end - audio_seconds) <= 0.05,
       f"the last clip ends at {previous_end}, the audio at {audio_seconds:.3f}")
for problem in problems[:20]:
    print(problem)
if not problems:
    print(f"{book.rsplit('/', 1)[-1]}: {pars} {unit} clips match the captions; audio {audio_seconds:.3f} s, "
          f"last clip ends {previous_end:.3f} s")
sys.exit(1 if problems else 0)
PYTHON
}

# The book alone, twice: the same bytes.
run "$input" -o "$work/book.epub" --captions "$work/book.json" || fail "-o book.epub"
run "$input" -o "$work/again.epub" || fail "-o again.epub"
cmp "$work/book.epub" "$work/again.epub" || fail "two renders of the same input differ"
unzip -Z1 "$work/book.epub" | head -n 1 | grep -qx mimetype || fail "zipinfo: mimetype is not first"
unzip -Z -v "$work/book.epub" | awk '/^Central directory entry #1:/ {first = 1} first && /compression method:/ {print; exit}' |
    grep -q 'none (stored)' || fail "zipinfo: mimetype is not stored"
epubcheck "$work/book.epub"
check "$work/book.epub" "$work/book.json" en sentence

# Beside an audio file, word by word, in another language tag.
run "$input" -o "$work/words.wav" --epub "$work/words.epub" --epub-overlay word --lang en-GB \
    --captions "$work/words.json" || fail "--epub with -o words.wav"
[ -s "$work/words.wav" ] || fail "--epub: no words.wav"
epubcheck "$work/words.epub"
check "$work/words.epub" "$work/words.json" en-GB word

# The seed, a real transcript (cues, titles such as "Mr.", numbers said in words).
if [ -f "${TTS_SEED:-}" ]; then
    run "$TTS_SEED" -o "$work/seed.epub" --captions "$work/seed.json" || fail "-o seed.epub"
    epubcheck "$work/seed.epub"
    check "$work/seed.epub" "$work/seed.json" en sentence
else
    echo "the seed ${TTS_SEED:-(TTS_SEED unset)} is absent: its book is not checked"
fi

# A folder that does not exist: one line naming the book, nothing written.
mkdir "$work/empty"
(cd "$work/empty" && "$TTSREAD" --no-config -q "$input" -o /nonexistent-dir/x.epub) 2>"$work/bad.err"
status=$?
[ "$status" -ne 0 ] || fail "-o /nonexistent-dir/x.epub: exit 0"
[ "$(wc -l <"$work/bad.err")" = 1 ] || fail "-o /nonexistent-dir/x.epub: not one line: $(cat "$work/bad.err")"
grep -q '/nonexistent-dir/x.epub' "$work/bad.err" || fail "the error does not name the book: $(cat "$work/bad.err")"
[ -z "$(ls -A "$work/empty")" ] || fail "-o /nonexistent-dir/x.epub left $(ls -A "$work/empty")"
[ ! -e /nonexistent-dir/x.epub ] || fail "/nonexistent-dir/x.epub exists"

# A book that cannot be written where it goes (a folder is in the way):
# the audio was made, but neither it nor any temporary file is left.
mkdir -p "$work/blocked/x.epub"
run "$input" -o "$work/blocked/x.epub" 2>"$work/blocked.err" && fail "-o onto a folder: exit 0"
[ "$(ls -A "$work/blocked")" = "x.epub" ] || fail "a failed book left $(ls -A "$work/blocked")"
[ -z "$(ls -A "$work/blocked/x.epub")" ] || fail "a failed book wrote into the folder"

# Interrupted while it renders: exit status of the signal, no book, no temporary.
mkdir "$work/stop"
for copy in 1 2 3 4 5 6 7 8 9 10 11 12; do sed 1,2d "$input"; done >"$work/long.txt"
"$TTSREAD" --no-config -q --jobs 1 "$work/long.txt" -o "$work/stop/long.epub" 2>"$work/stop.err" &
pid=$!
tries=0
until ls -A "$work/stop" | grep -q . || [ $tries -ge 200 ]; do sleep 0.05; tries=$((tries + 1)); done
kill -INT $pid
wait $pid
status=$?
[ "$status" -ne 0 ] || fail "interrupted render: exit 0 (finished before the signal?)"
[ -z "$(ls -A "$work/stop")" ] || fail "an interrupted render left $(ls -A "$work/stop")"

# A batch: --ext epub gives each input a book.
mkdir "$work/in" "$work/out"
cp "$input" "$work/in/harbor.txt"
cp tests/fixtures/readalong/panel.txt "$work/in/panel.txt"
"$TTSREAD" --no-config -q -O "$work/out" --ext epub "$work/in/harbor.txt" "$work/in/panel.txt" ||
    fail "-O --ext epub"
[ "$(ls "$work/out")" = "harbor.epub
panel.epub" ] || fail "-O --ext epub wrote $(ls -A "$work/out")"
run "$work/in/panel.txt" -o "$work/panel.epub" --captions "$work/panel.json" || fail "panel.epub"
cmp "$work/out/panel.epub" "$work/panel.epub" || fail "the batch book differs from -o's"
check "$work/panel.epub" "$work/panel.json" en sentence
echo "epub: epubcheck finds nothing wrong in either book; mimetype first and stored; clips match"
echo "the captions; re-renders identical; failures and interrupts leave nothing; -O --ext epub works"
