#!/bin/sh
# tags.sh: audio files name their title, speakers (artist), language and
# source, read back by ffprobe (FFmpeg's own tag readers, not libsndfile's)
# from WAV, FLAC, Ogg Vorbis, Opus and MP3; an input read from stdin has no
# source to name, and a raw file no tags at all.
set -u
command -v ffprobe >/dev/null || { echo "ffprobe is not installed (.ci/install-deps)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() { "$TTSREAD" --no-config -q "$@"; }

# a title and a speaker name beyond ASCII, and a language given by --lang
printf 'Título: Qué tal\n\nJOSÉ ÁLVAREZ, HOST:\nHola a todos.\n\nANA RUIZ:\nBuenos días.\n\nJOSÉ ÁLVAREZ:\nAdiós.\n' \
    >"$work/story.txt"
# tag NAME FILE: the tag's value, wherever the format keeps it (format or
# stream tags) and however it spells its key (TITLE, title)
tag() {
    ffprobe -v error -show_entries format_tags:stream_tags -of json "$2" |
        python3 -c 'import json, sys
d = json.load(sys.stdin)
tags = dict((k.lower(), v) for s in [d.get("format", {})] + d.get("streams", []) for k, v in s.get("tags", {}).items())
print(tags.get(sys.argv[1], "(none)"))' "$1"
}
for ext in wav flac ogg opus mp3; do
    out="$work/story.$ext"
    run "$work/story.txt" --lang es -o "$out" || { fail "$ext: render"; continue; }
    [ "$(tag artist "$out")" = "José Álvarez, Ana Ruiz" ] || fail "$ext: artist '$(tag artist "$out")'"
    [ "$(tag comment "$out")" = "$(printf 'language: es\nsource: %s' "$work/story.txt")" ] ||
        fail "$ext: comment '$(tag comment "$out")'"
    title=$(tag title "$out")
    [ "$title" != "(none)" ] && [ "$title" = "$("$TTSREAD" --no-config "$work/story.txt" --dump json |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["title"])')" ] || fail "$ext: title '$title'"
done

# stdin: the language, no source
run - -o "$work/stdin.flac" <"$work/story.txt" || fail "stdin render"
[ "$(tag comment "$work/stdin.flac")" = "language: en" ] || fail "stdin: comment '$(tag comment "$work/stdin.flac")'"
# raw PCM: the samples alone, as long as the WAV's data
run "$work/story.txt" --lang es -o "$work/story.raw" || fail "raw render"
[ "$(stat -c %s "$work/story.raw")" = "$(sox "$work/story.wav" -t raw - | wc -c)" ] ||
    fail "raw: $(stat -c %s "$work/story.raw") bytes, not the WAV's samples alone"

echo "$failures failures"
[ "$failures" = 0 ]
