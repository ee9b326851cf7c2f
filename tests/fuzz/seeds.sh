#!/bin/sh
# Copies the seed inputs of one fuzz target into DEST: the project's fixtures
# and, when present, the corpus (TTS_CORPUS, default ../shared/corpus), each
# with the selector bytes its target reads first (see tests/fuzz/fuzz.h), and
# the target's past crashers.
# Seeds are copied at run time, never committed. Usage: seeds.sh TARGET DEST
set -e
target=$1 dest=$2
corpus=${TTS_CORPUS:-../shared/corpus}
mkdir -p "$dest"

# The format selector byte (fuzz_format_of) for a file, from its name.
selector() {
    case $1 in
    *play*.txt | */play/*) printf '\006' ;;
    *.html | *.htm) printf '\001' ;;
    *.md) printf '\002' ;;
    *.vtt) printf '\003' ;;
    *.srt) printf '\004' ;;
    *.fountain) printf '\005' ;;
    *) printf '\000' ;;
    esac
}

# Every readable input file among the fixtures and the corpus, one per line.
inputs() {
    find tests/fixtures -type f ! -path '*/crashers/*' ! -name '*.conf'
    [ -d "$corpus" ] && find "$corpus" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.html' \
        -o -name '*.vtt' -o -name '*.srt' -o -name '*.fountain' \) ! -name 'expected*'
    return 0
}

# dest/<path with / as _>
seed_name() {
    echo "$dest/$(echo "$1" | sed 's|^\.*/*||; s|/|_|g')"
}

case $target in
input)
    inputs | while read -r file; do cp "$file" "$(seed_name "$file")"; done ;;
html)
    inputs | grep -E '\.html?$' | while read -r file; do cp "$file" "$(seed_name "$file")"; done ;;
parse)
    inputs | grep -v '\.ini$' | while read -r file; do
        { selector "$file"; cat "$file"; } >"$(seed_name "$file")"
    done ;;
speak | captions)
    inputs | grep -v '\.ini$' | while read -r file; do
        { selector "$file"; printf '\000'; cat "$file"; } >"$(seed_name "$file")"
    done ;;
cast)
    for file in tests/fixtures/cast/*.ini; do
        { printf '\000'; cat "$file"; printf '\n---\n'; cat tests/fixtures/cast/surname-dialogue.txt; } \
            >"$(seed_name "$file")"
    done
    for file in voices/*.ini; do
        case $file in */palette.ini) mode='\002' ;; *) mode='\001' ;; esac
        { printf "$mode"; cat "$file"; } >"$(seed_name "$file")"
    done ;;
*)
    echo "seeds.sh: unknown target $target" >&2
    exit 2 ;;
esac
# Inputs that once crashed the target (kept with their selector bytes).
for file in tests/fixtures/crashers/"$target"/*; do
    [ -f "$file" ] && cp "$file" "$dest/crasher_$(basename "$file")"
done
exit 0
