#!/bin/sh
# formats.sh: each audio format's encoding speed, in times real time on one
# core, apart from synthesis: the seed repeated 10 times is rendered once to
# raw 16-bit speech, then bench/encode.c writes it as WAV, FLAC, OGG/Vorbis,
# Opus and MP3 through ttsread's sink (median CPU time of RUNS runs each).
# Target: every format at least 200 times real time.
# Usage: bench/formats.sh [BUILD_DIR] [SEED] [RUNS]   (make bench-formats)
set -eu
BUILD=${1:-build}
SEED=${2:-../shared/seeds/npr-cyberattack-transcript.txt}
RUNS=${3:-5}
TARGET=200
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the story repeated, boilerplate once, as bench/speed.py builds its long page
python3 - "$SEED" "$work/seed-x10.txt" <<'PYTHON'
import sys
body = open(sys.argv[1], encoding="utf-8").read().split("Transcript provided by NPR")[0]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(body + "".join(body.split("\n\n", 3)[3] for _ in range(9)) + " Transcript provided by NPR, Copyright NPR.\n")
PYTHON
"$BUILD/ttsread" --no-config -q "$work/seed-x10.txt" --format raw -o "$work/speech-22050.raw"
# Opus takes 24 kHz, the others ttsread's 22.05 kHz default
sox -t raw -r 22050 -e signed -b 16 -c 1 "$work/speech-22050.raw" -r 24000 "$work/speech-24000.raw"
below=0
printf '%-6s %10s %10s %12s\n' format audio_s cpu_s x_realtime
for format in wav flac ogg opus mp3; do
    rate=22050
    [ "$format" = opus ] && rate=24000
    for run in $(seq 1 "$RUNS"); do
        "$BUILD/bench_encode" "$work/speech-$rate.raw" "$rate" "$work/out.$format"
    done >"$work/times"
    size=$(stat -c %s "$work/out.$format")
    sort -k2 -n "$work/times" | awk -v f="$format" -v runs="$RUNS" -v target="$TARGET" -v size="$size" '
        NR == int((runs + 1) / 2) { x = $1 / $2
            printf "%-6s %10.1f %10.4f %12.0f  %s, %.0f kbit/s\n", f, $1, $2, x,
                   (x >= target ? "ok" : "BELOW " target), size * 8 / $1 / 1000
            exit (x < target) }' || below=$((below + 1))
done
[ "$below" = 0 ] && echo "every format at least ${TARGET}x real time" || echo "$below format(s) below ${TARGET}x real time"
