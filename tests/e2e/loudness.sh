#!/bin/sh
# loudness.sh: a normalized file lands on its loudness target (ffmpeg's
# EBU R128 meter, within 0.1 LU) with no sample over the -2 dBFS ceiling and
# true peaks under it, and -j 1 and -j 2 write the same bytes: at the
# default target (the mix limited as it is made, then scaled), mono and
# stereo, and at targets far from the voices' calibration (-23, -13), which
# the trial passes over the unlimited mix reach. The seed too when present.
set -u
command -v ffmpeg >/dev/null 2>&1 || { echo "skip: ffmpeg is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Integrated loudness and true peak, as ffmpeg's ebur128 summary prints them.
measure() {
    ffmpeg -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
        awk '/^ *I:/ {i = $2} /^ *Peak:/ {p = $2} END {print i, p}'
}

# The largest sample magnitude of a 16-bit WAV, in dBFS.
sample_peak() {
    python3 - "$1" <<'PY'
import array, math, sys, wave
audio = wave.open(sys.argv[1])
samples = array.array("h", audio.readframes(audio.getnframes()))
print("%.3f" % (20 * math.log10(max(abs(s) for s in samples) / 32768)))
PY
}

pieces="tests/fixtures/render/interview.txt"
[ -f "${TTS_SEED:-}" ] && pieces="$pieces $TTS_SEED"
checked=0
for piece in $pieces; do
    for case in "-16" "-16 --stereo" "-23" "-13"; do
        set -- $case
        target=$1
        shift
        for jobs in 1 2; do
            "$TTSREAD" --no-config "$piece" -q -j $jobs --loudness "$target" "$@" \
                -o "$work/j$jobs.wav" 2>"$work/err" || fail "$piece $case -j $jobs: $(cat "$work/err")"
        done
        cmp -s "$work/j1.wav" "$work/j2.wav" || fail "$piece $case: -j 1 and -j 2 differ"
        set -- $(measure "$work/j1.wav")
        level=$1 true_peak=$2
        peak=$(sample_peak "$work/j1.wav")
        echo "$piece --loudness $case: $level LUFS, true peak $true_peak dBTP, sample peak $peak dBFS"
        awk -v l="$level" -v t="$target" 'BEGIN { d = l - t; exit !(d <= 0.1 && d >= -0.1) }' ||
            fail "$piece $case: $level LUFS, not within 0.1 LU of $target"
        # Samples stay under the limiter's ceiling exactly (one step of 16-bit rounding).
        awk -v p="$peak" 'BEGIN { exit !(p <= -1.999) }' ||
            fail "$piece $case: a sample at $peak dBFS, over the -2 dBFS ceiling"
        # ffmpeg's oversampling filter is not BS.1770's 4x filter the limiter
        # uses, and reads a few tenths higher near Nyquist (include/ttsread/mix.h).
        awk -v p="$true_peak" 'BEGIN { exit !(p <= -1.5) }' ||
            fail "$piece $case: true peak $true_peak dBTP"
        checked=$((checked + 1))
    done
done
echo "loudness: $checked renders on target, under the ceiling, the same with -j 1 and -j 2"
