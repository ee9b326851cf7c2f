#!/bin/sh
# layering.sh: the #include graph of src/ and include/ follows the dependency
# table of docs/ARCHITECTURE.md, and the checker catches a forbidden include
# (a copy of the tree with util including play must fail).
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/tools/layering.py . || { echo "FAIL: an include the table does not allow"; exit 1; }
mkdir -p "$work/tree"
cp -r src include docs "$work/tree/"
printf '#include "ttsread/play.h"\n' >>"$work/tree/src/util/strbuf.c"
python3 tests/tools/layering.py "$work/tree" >"$work/out" &&
    { echo "FAIL: the checker let util include play"; exit 1; }
grep -q 'src/util/strbuf.c: util may not include "ttsread/play.h"' "$work/out" ||
    { echo "FAIL: the checker did not name the include: $(cat "$work/out")"; exit 1; }
# The library is silent: only main.c, the report stage and the player's
# terminal code write to stdout or stderr; the rest report through results
# and callbacks.
grep -rnE "(fprintf|fputs|fputc|vfprintf|fwrite)[[:space:]]*\([^;]*\b(stderr|stdout)\b|(^|[^a-z_])printf[[:space:]]*\(|(^|[^a-z_])puts[[:space:]]*\(|putchar[[:space:]]*\(" \
    src --include='*.c' | grep -v '^src/main\.c:\|^src/report/\|^src/play/terminal\.c:' >"$work/prints"
[ -s "$work/prints" ] && { echo "FAIL: the library prints: $(cat "$work/prints")"; exit 1; }
# Every global symbol of the library has the tts prefix: a program that
# links it meets no name of ours it did not ask for.
library="${TTS_BUILD:-build}/libttsread.a"
if [ -f "$library" ]; then
    # (AddressSanitizer adds an __odr_asan. twin of each global variable)
    nm -g --defined-only "$library" | awk 'NF == 3 && $3 !~ /^tts_/ && $3 !~ /^__odr_asan\./ {print $3}' \
        >"$work/symbols"
    [ -s "$work/symbols" ] && { echo "FAIL: global symbols without tts_: $(tr '\n' ' ' <"$work/symbols")"; exit 1; }
fi
echo "layering: every include is allowed; a forbidden one is caught; the library prints nothing;"
echo "every global symbol of $library starts with tts_"
