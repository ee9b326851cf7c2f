#!/bin/sh
# Libraries only some runs need are opened when needed, not at start: a file
# render maps neither PortAudio nor libzip (and its libcrypto) nor libcurl,
# and eSpeak NG opens no audio device, while --play does load PortAudio and
# plays through it. The dynamic
# loader's own log (LD_DEBUG=files) says which files a run opened.
set -u
TTSREAD=${TTSREAD:-build/ttsread}
fixture=tests/fixtures/play/dialogue.txt
work=$(mktemp -d /tmp/lazy_libraries.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# opened LOG NAME: the loader's log LOG names a library NAME* (its loading,
# or, for one loaded while --play points stderr at /dev/null, its "calling
# fini" at exit).
opened() { grep -q "/$2\\|file=$2" "$1"; }

# A file render: the audio comes out, and none of the lazy libraries is mapped.
LD_DEBUG=files "$TTSREAD" --no-config "$fixture" -o "$work/render.wav" -j 2 \
    2>"$work/render.log" || fail "render failed: $(grep -v '^ *[0-9]*:' "$work/render.log")"
[ "$(head -c 4 "$work/render.wav" 2>/dev/null)" = RIFF ] || fail "render wrote no WAV file"
opened "$work/render.log" libc.so || fail "LD_DEBUG=files logged nothing: the check is blind"
opened "$work/render.log" libespeak-ng.so || fail "the render did not load eSpeak NG"
for library in libportaudio.so libzip.so libcrypto.so libcurl.so; do
    opened "$work/render.log" "$library" && fail "a file render loaded $library"
done

# --play loads PortAudio (on its warm-up thread) and plays the whole input
# into a capture file through ALSA.
export ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/capture.conf"
unset TTSREAD_TEST_REALTIME
TTSREAD_CAPTURE="$work/capture.raw" LD_DEBUG=files "$TTSREAD" --no-config "$fixture" --play \
    </dev/null >/dev/null 2>"$work/play.log" ||
    fail "--play failed: $(grep -v '^ *[0-9]*:' "$work/play.log")"
opened "$work/play.log" libportaudio.so || fail "--play did not load PortAudio"
opened "$work/play.log" libzip.so && fail "--play loaded libzip"
[ -s "$work/capture.raw" ] || fail "--play played nothing"

# --version names the PortAudio build, which it opens for that.
"$TTSREAD" --version | grep -q '^PortAudio V' || fail "--version does not name PortAudio"

[ "$failed" = 0 ] || exit 1
echo "lazy libraries: a file render maps no PortAudio, libzip, libcrypto or libcurl;"
echo "--play loads PortAudio and plays; --version names it"
