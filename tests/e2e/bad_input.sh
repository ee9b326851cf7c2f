#!/bin/sh
# The bad-input matrix: every way an input, an option or an output can be
# wrong ends with the documented status (1 input or output failure, 2 usage
# error, 130/143 signal, 141 broken pipe), exactly one error line on stderr
# naming the file (a usage error adds the --help hint), and no output file
# or temporary left behind. Last, what is written follows the umask.
set -u
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
out="$work/out"
mkdir "$out"
good="$work/story.txt"
printf 'HOST: Good evening and welcome.\n\nGUEST: Thank you for having me.\n' >"$good"
cases=0

# expect STATUS NAME ARGS...: runs ttsread with ARGS and checks its status,
# that stderr is one "ttsread: " line holding NAME (plus the --help hint for
# status 2), and that the output folder is still empty.
expect() {
    status=$1 name=$2
    shift 2
    "$TTSREAD" "$@" >"$work/stdout" 2>"$work/stderr"
    got=$?
    check "$status" "$got" "$name" "$*"
}

check() {
    status=$1 got=$2 name=$3 what=$4
    cases=$((cases + 1))
    [ "$got" = "$status" ] || fail "$what: exit $got, expected $status; stderr: $(cat "$work/stderr")"
    errors=$(grep -c '^ttsread: ' "$work/stderr")
    hint=$(grep -cx "Try 'ttsread --help'." "$work/stderr")
    lines=$(wc -l <"$work/stderr")
    [ "$status" = 2 ] || [ "$hint" = 0 ] || fail "$what: --help hint on a status $status error"
    [ "$errors" = 1 ] && [ "$lines" = $((1 + hint)) ] ||
        fail "$what: expected one error line, got: $(cat "$work/stderr")"
    grep -qF -- "$name" "$work/stderr" || fail "$what: the error does not name $name: $(cat "$work/stderr")"
    [ -z "$(ls -A "$out")" ] || fail "$what: left behind in the output folder: $(ls -A "$out")"
}

# ---- inputs that are not readable text: status 1, before any audio ----
audio="$out/story.wav"
expect 1 "$work/missing.txt" "$work/missing.txt" -o "$audio"
mkdir "$work/folder"
expect 1 "$work/folder" "$work/folder" -o "$audio"
: >"$work/empty.txt"
expect 1 "$work/empty.txt" "$work/empty.txt" -o "$audio"
printf '  \n\t\r\n  \n' >"$work/blank.txt"
expect 1 "$work/blank.txt" "$work/blank.txt" -o "$audio"
# A PNG's signature and the start of its header chunk.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\001\000' >"$work/picture.png"
expect 1 "$work/picture.png" "$work/picture.png" -o "$audio"
expect 1 /bin/true /bin/true -o "$audio"
printf 'HOST: Hello\000there.\n' >"$work/nul.txt"
expect 1 "$work/nul.txt" "$work/nul.txt" -o "$audio"
grep -q 'NUL byte' "$work/stderr" || fail "NUL in text: $(cat "$work/stderr")"
printf 'H\000O\000S\000T\000:\000 \000H\000i\000.\000\n\000' >"$work/utf16.txt"
expect 1 "$work/utf16.txt" "$work/utf16.txt" -o "$audio"
grep -q 'UTF-16' "$work/stderr" || fail "UTF-16 without BOM: $(cat "$work/stderr")"
expect 1 '<stdin>' - -o "$audio" </dev/null

# Over the size cap: a small cap, an endless stdin (must stop at the cap),
# and a real file over the default 64 MiB (sparse, so it costs no disk).
awk 'BEGIN { for (i = 0; i < 200; i++) print "HOST: line " i " of a long story." }' >"$work/long.txt"
expect 1 "$work/long.txt" "$work/long.txt" --max-input 1000 -o "$audio"
grep -q 'limit' "$work/stderr" || fail "over the cap: $(cat "$work/stderr")"
status=$( { yes 'HOST: again and again.' | "$TTSREAD" - --max-input 100000 -o "$audio" 2>"$work/stderr"
            echo $? >"$work/status"; }; cat "$work/status")
check 1 "$status" '<stdin>' "endless stdin over the cap"
truncate -s 65M "$work/huge.txt"
expect 1 "$work/huge.txt" "$work/huge.txt" -o "$audio"
grep -q '67108864-byte limit' "$work/stderr" || fail "over 64 MiB: $(cat "$work/stderr")"

# 100,000 nested <div>: refused before gumbo builds the tree.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<div>"; print "HOST: deep." }' >"$work/deep.html"
expect 1 "$work/deep.html" "$work/deep.html" -o "$audio"
grep -q 'levels deep' "$work/stderr" || fail "deep nesting: $(cat "$work/stderr")"
# 100,000 attributes on one tag: gumbo's duplicate check is quadratic in them.
awk 'BEGIN { printf "<p"; for (i = 0; i < 100000; i++) printf " a%d=1", i; print ">HOST: hi.</p>" }' \
    >"$work/attributes.html"
expect 1 "$work/attributes.html" "$work/attributes.html" -o "$audio"
grep -q 'attributes' "$work/stderr" || fail "too many attributes: $(cat "$work/stderr")"
# The script's hard limits: 4096 speakers (1,000,000 turns is the other).
awk 'BEGIN { for (i = 1; i <= 5000; i++) printf "SPEAKER %d: Hello.\n\n", i }' >"$work/crowd.txt"
expect 1 "$work/crowd.txt" "$work/crowd.txt" -o "$audio"
grep -q 'more than 4096 speakers' "$work/stderr" || fail "speaker cap: $(cat "$work/stderr")"

# Bytes that are not UTF-8 are read as Windows-1252 (the usual charset of
# mislabelled pages): not an error, the text says "Café".
printf 'HOST: Caf\351 ol\351.\n' >"$work/latin.txt"
"$TTSREAD" "$work/latin.txt" --dump script >"$work/latin.json" 2>"$work/stderr" ||
    fail "Windows-1252 input refused: $(cat "$work/stderr")"
[ -s "$work/stderr" ] && fail "Windows-1252 input printed: $(cat "$work/stderr")"
grep -q 'Café olé' "$work/latin.json" || fail "Windows-1252 text not decoded: $(cat "$work/latin.json")"
# ...but a guess all the same, told once (-q keeps it, as a warning) and in
# --dump json; a page that names its charset, or UTF-8, is no guess.
"$TTSREAD" -q "$work/latin.txt" --dump text >/dev/null 2>"$work/stderr" || fail "Windows-1252 --dump text"
[ "$(cat "$work/stderr")" = "ttsread: $work/latin.txt: not UTF-8 and no charset named; read as WINDOWS-1252" ] ||
    fail "the charset guess was not told: $(cat "$work/stderr")"
"$TTSREAD" "$work/latin.txt" --dump json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["charset"] == "WINDOWS-1252" and d["charset_guessed"] is True, d' || fail "--dump json: charset"
printf '<html><head><meta charset="iso-8859-1"><title>Caf\351</title></head><body><p>HOST: Caf\351 ol\351.</p></body></html>' \
    >"$work/named.html"
"$TTSREAD" "$work/named.html" --dump json 2>"$work/stderr" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["charset"] == "WINDOWS-1252" and d["charset_guessed"] is False, d' || fail "--dump json: named charset"
[ -s "$work/stderr" ] && fail "a named charset was told as a guess: $(cat "$work/stderr")"

# ---- options: usage errors are status 2, found before any input is read ----
expect 2 'xml' "$good" --dump xml
expect 2 'nosuch' "$good" --voice HOST=nosuch -o "$audio"
expect 2 'nan' "$good" --speed nan -o "$audio"
expect 2 'story.txt' "$good" -o "$out/story.txt"

# ---- outputs that cannot be written: status 1, nothing left behind ----
expect 1 "$work/nowhere/story.wav" "$good" -o "$work/nowhere/story.wav"
[ -e "$work/nowhere" ] && fail "the missing output folder was created"
expect 1 "$work/folder" "$good" --format wav -o "$work/folder"
if [ "$(id -u)" != 0 ]; then
    mkdir "$work/locked"
    chmod 555 "$work/locked"
    expect 1 "$work/locked/story.wav" "$good" -o "$work/locked/story.wav"
    [ -z "$(ls -A "$work/locked")" ] || fail "left behind in a read-only folder: $(ls -A "$work/locked")"
else
    # Permission bits do not stop root; /proc refuses new files even to root.
    expect 1 /proc/story.wav "$good" -o /proc/story.wav
fi
# A full disk: the write fails, and the device stays a device (an output that
# is not a regular file is written in place, never renamed over). Root uses a
# private copy of /dev/full, so that a regression cannot replace the real one.
full=/dev/full
[ "$(id -u)" = 0 ] && mknod "$work/full" c 1 7 2>/dev/null && full="$work/full"
if [ -c "$full" ]; then
    expect 1 "$full" "$good" --format wav -o "$full"
    [ -c "$full" ] || fail "$full was replaced by a file"
    ls -A "$(dirname "$full")" | grep -q '^\.full\.' && fail "a temporary was left beside $full"
fi
# The output is the input, however it is spelled: the input stays intact.
cp "$good" "$work/story.copy"
expect 1 "$good" "$good" --format wav -o "$good"
expect 1 "$good" "$good" --format wav -o "$work/./story.txt"
cp "$good" "$work/story.vtt"
expect 1 "$work/story.vtt" "$work/story.vtt" -o "$audio" --captions "$work/../$(basename "$work")/story.vtt"
cmp -s "$work/story.vtt" "$work/story.copy" || fail "the captions overwrote the input"
cmp -s "$good" "$work/story.copy" || fail "the input was overwritten"

# Batch outputs are named after the inputs: one named ".." fails as a folder,
# and writes nothing in the output folder or beside it. (A batch adds its
# summary line after the error.)
(cd "$work/folder" && "$TTSREAD" -O "$out" ..) >"$work/stdout" 2>"$work/stderr"
status=$?
cases=$((cases + 1))
[ "$status" = 1 ] || fail "batch of '..': exit $status"
[ "$(sed -n 1p "$work/stderr")" = "ttsread: ..: is a directory" ] && [ "$(wc -l <"$work/stderr")" = 2 ] &&
    grep -q '^ttsread: 0 rendered, 1 failed' "$work/stderr" || fail "batch of '..': $(cat "$work/stderr")"
[ -z "$(ls -A "$out")" ] && [ ! -e "$work/..wav" ] && [ ! -e "$work/.wav" ] ||
    fail "batch of '..' wrote something"

# ---- signals mid-render: status 128+N, one line, no partial file ----
awk 'BEGIN { for (i = 1; i <= 400; i++) printf "%s: Paragraph %d of a long story about the river, the harbor and lighthouse %d.\n\n", (i % 2 ? "HOST" : "GUEST"), i, i * 7 }' >"$work/novel.txt"
for signal in INT TERM; do
    "$TTSREAD" "$work/novel.txt" -o "$audio" --captions "$out/novel.vtt" -j 1 2>"$work/stderr" &
    pid=$!
    # Wait until the temporary exists: the render has begun.
    for _ in $(seq 300); do
        ls -A "$out" | grep -q '^\.story\.wav\.' && break
        sleep 0.1
    done
    ls -A "$out" | grep -q '^\.story\.wav\.' || { kill -KILL "$pid"; fail "SIG$signal: no render began"; }
    sleep 0.5
    kill -"$signal" "$pid"
    ( sleep 30; kill -KILL "$pid" ) >/dev/null 2>&1 &
    watchdog=$!
    wait "$pid"
    status=$?
    kill "$watchdog" 2>/dev/null
    expected=$([ "$signal" = INT ] && echo 130 || echo 143)
    check "$expected" "$status" "$work/novel.txt" "SIG$signal mid-render"
done

# ---- a reader that goes away: status 141, nothing on stderr ----
status=$( { "$TTSREAD" "$work/novel.txt" -o - -j 1 2>"$work/stderr"; echo $? >"$work/status"; } |
          head -c 1000 >/dev/null; cat "$work/status")
cases=$((cases + 1))
[ "$status" = 141 ] || fail "broken pipe: exit $status, expected 141"
[ -s "$work/stderr" ] && fail "broken pipe printed: $(cat "$work/stderr")"

# What is written follows the umask (mkstemp's 0600 must not leak through).
(umask 027 && "$TTSREAD" "$good" -o "$out/story.wav" --captions "$out/story.vtt") ||
    fail "render with umask 027"
[ "$(stat -c %a "$out/story.wav") $(stat -c %a "$out/story.vtt")" = "640 640" ] ||
    fail "umask 027 gave modes $(stat -c %a "$out/story.wav") and $(stat -c %a "$out/story.vtt")"

# No input can reach a shell: the program itself calls none of the functions
# that run other programs (the libraries it links are outside this check).
if command -v nm >/dev/null; then
    spawns=$(nm -D --undefined-only "$TTSREAD" | awk '{print $NF}' |
             grep -E '^(system|popen|execl|execle|execlp|execv|execve|execvp|execvpe|fexecve|posix_spawnp?)(@|$)')
    [ -z "$spawns" ] || fail "ttsread imports $spawns"
fi

echo "bad input: $cases cases, each with its status, one error line and nothing left behind"
