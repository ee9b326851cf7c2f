#!/bin/sh
# options.sh: every option of the option table, driven through the real
# command line, changes what it says it changes (measured on the audio, the
# captions, the files written or stderr), and a bad value of it is one line
# on stderr, exit 2 and no file. The list of options comes from the program
# itself (--completion-helper), so an option added without a case here fails.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${silent_pid:-}" ] && kill "$silent_pid" 2>/dev/null
      [ -n "${bus_pid:-}" ] && kill "$bus_pid" 2>/dev/null' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
covered=" "
case_of() { covered="$covered$1 "; }

input="$(pwd)/tests/fixtures/parse/interview.txt"
cues="$(pwd)/tests/fixtures/parse/radio.txt"
run() { "$TTSREAD" --no-config -q "$@"; }
seconds() { soxi -D "$1"; }
# more A B: A is larger than B by at least C (default 0.001)
more() { awk -v a="$1" -v b="$2" -v c="${3:-0.001}" 'BEGIN { exit !(a > b + c) }'; }
near() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= c) }'; }
loudness() {
    ffmpeg -nostats -i "$1" -af ebur128 -f null - 2>&1 | awk '/^ *I:/ {value = $2} END {print value}'
}
# bad NAME ARGS...: a usage error: exit 2, one line naming the problem, no file written
bad() {
    name=$1
    shift
    rm -rf "$work/bad" && mkdir "$work/bad"
    (cd "$work/bad" && "$TTSREAD" --no-config "$@" >"$work/bad.out" 2>"$work/bad.err")
    status=$?
    [ "$status" = 2 ] || fail "$name: $*: exit $status, expected 2 ($(cat "$work/bad.err"))"
    [ "$(wc -l <"$work/bad.err")" = 1 ] || fail "$name: $*: not one line: $(cat "$work/bad.err")"
    [ -z "$(ls -A "$work/bad")" ] || fail "$name: $*: left $(ls -A "$work/bad")"
}

run "$input" -o "$work/base.wav" --captions "$work/base.json" || fail "base render"
base=$(seconds "$work/base.wav")
sox "$work/base.wav" -t raw "$work/base.raw"

# ---- Input
case_of from
cp tests/fixtures/parse/podcast.md "$work/podcast.txt"
run "$work/podcast.txt" --dump script >"$work/as-text.json" || fail "--from: auto"
run "$work/podcast.txt" --from markdown --dump script >"$work/as-markdown.json" || fail "--from markdown"
cmp -s "$work/as-text.json" "$work/as-markdown.json" && fail "--from markdown read the file as text does"
bad from "$input" --from latex --dump script

case_of max-input
run "$input" --max-input 500 --dump text >/dev/null 2>"$work/err" && fail "--max-input 500 took 509 bytes"
grep -q "over the 500-byte limit" "$work/err" || fail "--max-input 500: $(cat "$work/err")"
run "$input" --max-input 1k --dump text >/dev/null || fail "--max-input 1k refused 509 bytes"
run "$input" --max-input 1KiB --dump text >/dev/null || fail "--max-input 1KiB refused 509 bytes"
bad max-input "$input" --max-input 12q --dump text

case_of timeout
# A server that takes the connection and never answers: the download gives up
# after --timeout, and a longer --timeout waits longer.
python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(60)
' "$work/silent-port" &
silent_pid=$!
for _ in $(seq 1 100); do [ -s "$work/silent-port" ] && break; sleep 0.1; done
silent="http://127.0.0.1:$(cat "$work/silent-port")/story"
no_proxy='*' NO_PROXY='*' # to the silent server, never through the environment's proxy
export no_proxy NO_PROXY
timed() {
    start=$(date +%s.%N)
    run "$silent" --timeout "$1" --dump text >/dev/null 2>"$work/err" && fail "--timeout $1: a silent server answered"
    awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }'
}
short=$(timed 0.5)
grep -q "$silent: timed out after 0.5 s" "$work/err" || fail "--timeout 0.5: $(cat "$work/err")"
long=$(timed 2)
grep -q "timed out after 2 s" "$work/err" || fail "--timeout 2: $(cat "$work/err")"
near "$short" 0.5 0.4 || fail "--timeout 0.5 took $short s"
near "$long" 2 0.6 || fail "--timeout 2 took $long s"
kill "$silent_pid" 2>/dev/null
wait "$silent_pid" 2>/dev/null
bad timeout "$input" --timeout soon --dump text
bad timeout "$input" --timeout 0 --dump text

case_of dump
run "$input" --dump json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["speakers"][0]["voice"]' ||
    fail "--dump json has no voices"
[ "$(run "$input" --dump text | wc -l)" -ge 5 ] || fail "--dump text printed too little"
run "$input" --dump script | grep -q '"voice"' && fail "--dump script holds voices"
bad dump "$input" --dump yaml

# ---- Voices
case_of list-speakers
run "$input" --list-speakers >"$work/speakers.txt" || fail "--list-speakers"
grep -q '^Ana Ruiz ' "$work/speakers.txt" && grep -q '^Tom Becker ' "$work/speakers.txt" ||
    fail "--list-speakers: $(cat "$work/speakers.txt")"
# columns line up by what a terminal shows (accents, combining marks, wide
# characters), and several inputs each get a heading
printf 'JOSÉ ÁLVAREZ:\nHola.\n\nRENE\314\201E DUPONT:\nBonjour.\n\nJOSÉ ÁLVAREZ:\nAdiós.\n\nRENE\314\201E DUPONT:\nAu revoir.\n' >"$work/names.txt"
run "$work/names.txt" "$input" --list-speakers >"$work/wide.txt" || fail "--list-speakers, two inputs"
grep -q "^==> $work/names.txt <==" "$work/wide.txt" && grep -q "^==> $input <==" "$work/wide.txt" ||
    fail "--list-speakers: no heading per input: $(cat "$work/wide.txt")"
python3 - "$work/wide.txt" <<'PYTHON' || fail "--list-speakers columns: $(cat "$work/wide.txt")"
import sys, unicodedata
def columns(text):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)
for table in open(sys.argv[1], encoding="utf-8").read().split("==> ")[1:]:
    lines = table.splitlines()[1:]
    where = columns(lines[0][:lines[0].index("TURNS")])
    for line in lines[1:]:
        name_end = len(line) - len(line[len(line.split("  ")[0]):].lstrip(" "))
        assert columns(line[:name_end]) == where, (line, where)
PYTHON
case_of list-voices
[ "$(run --list-voices | grep -c .)" -ge 16 ] || fail "--list-voices lists fewer than 16 profiles"

case_of voice
run "$input" --voice "Ana Ruiz=colin" --list-speakers | grep -q '^Ana Ruiz .* colin ' ||
    fail "--voice did not give Ana Ruiz colin"
"$TTSREAD" --no-config "$input" --voice "Ana Ruis=colin" --list-speakers 2>"$work/warn" >/dev/null ||
    fail "--voice for nobody failed"
grep -q "warning: --voice 'Ana Ruis' matches no speaker (did you mean 'Ana Ruiz'?)" "$work/warn" ||
    fail "--voice for nobody: no warning: $(cat "$work/warn")"
bad voice "$input" --voice "Ana Ruiz=zelda" --list-speakers
bad voice "$input" --voice "colin" --list-speakers

case_of cast
printf '[Tom Becker]\nvoice = milo\n\n[Nobody Here]\nvoice = pia\n' >"$work/cast.ini"
"$TTSREAD" --no-config "$input" --cast "$work/cast.ini" --list-speakers >"$work/cast.txt" 2>"$work/warn"
grep -q '^Tom Becker .* milo ' "$work/cast.txt" || fail "--cast: $(cat "$work/cast.txt")"
grep -q "cast.ini: \[Nobody Here\] matches no speaker" "$work/warn" || fail "--cast: no warning for [Nobody Here]"
printf '[Tom Becker]\nvoice = zelda\n' >"$work/bad-cast.ini"
bad cast "$input" --cast "$work/bad-cast.ini" --list-speakers

case_of lexicon
printf 'becker = backer\n' >"$work/lexicon.txt"
run "$input" --lexicon "$work/lexicon.txt" --dump text >"$work/lexicon-said.txt" || fail "--lexicon"
grep -q "Tom backer" "$work/lexicon-said.txt" && ! grep -q "Becker" "$work/lexicon-said.txt" ||
    fail "--lexicon: $(cat "$work/lexicon-said.txt")"
printf 'becker backer\n' >"$work/bad-lexicon.txt"
bad lexicon "$input" --lexicon "$work/bad-lexicon.txt" --dump text
bad lexicon "$input" --lexicon "$work/no-such-lexicon.txt" --dump text

case_of save-cast
run "$input" --voice "Tom Becker=eli" --save-cast "$work/saved.ini" --list-speakers >"$work/before.txt" ||
    fail "--save-cast"
run "$input" --cast "$work/saved.ini" --list-speakers >"$work/after.txt" || fail "--cast saved.ini"
cmp -s "$work/before.txt" "$work/after.txt" || fail "--save-cast did not keep the cast"

case_of announce
run "$input" --announce=always -o "$work/always.wav" && run "$input" --announce -o "$work/first.wav" ||
    fail "--announce"
more "$(seconds "$work/always.wav")" "$(seconds "$work/first.wav")" 0.5 ||
    fail "--announce=always is not longer than --announce (first)"
more "$(seconds "$work/first.wav")" "$base" 1 || fail "--announce added no names"
run "$input" --announce=change -o "$work/change.wav" || fail "--announce=change"
more "$(seconds "$work/change.wav")" "$(seconds "$work/first.wav")" 0.5 ||
    fail "--announce=change names no more than --announce=first"
more "$(seconds "$work/always.wav")" "$(seconds "$work/change.wav")" 0.3 ||
    fail "--announce=always (every turn) names no more than --announce=change"
bad announce "$input" --announce=sometimes -o x.wav
# a choice after a space is not an input: the error says where the value goes
bad announce "$input" --announce always -o x.wav
grep -q -- "--announce=always" "$work/bad.err" || fail "--announce always: $(cat "$work/bad.err")"

case_of announce-max-speed
run "$input" --announce=always --speed 3 --announce-max-speed 2 -o "$work/maxspeed3.wav" &&
    run "$input" --speed 3 -o "$work/speed3-off.wav" || fail "--announce-max-speed"
cmp -s "$work/maxspeed3.wav" "$work/speed3-off.wav" ||
    fail "--announce-max-speed 2 at --speed 3 still names speakers"
run "$input" --announce=always --announce-max-speed 2 -o "$work/maxspeed1.wav" ||
    fail "--announce-max-speed 2 at speed 1"
cmp -s "$work/maxspeed1.wav" "$work/always.wav" ||
    fail "--announce-max-speed 2 at speed 1 changed what --announce=always says"
bad announce-max-speed "$input" --announce-max-speed 5 -o x.wav
bad announce-max-speed "$input" --announce-max-speed fast -o x.wav

case_of speed
for factor in 0.5 2 3 4; do
    run "$input" --speed $factor -o "$work/speed$factor.wav" || fail "--speed $factor"
done
more "$(seconds "$work/speed0.5.wav")" "$(awk -v b="$base" 'BEGIN { print 1.6 * b }')" ||
    fail "--speed 0.5 is not much slower"
more "$(seconds "$work/speed2.wav")" "$(seconds "$work/speed3.wav")" 1 &&
    more "$(seconds "$work/speed3.wav")" "$(seconds "$work/speed4.wav")" 0.5 ||
    fail "--speed 2, 3 and 4 are not each faster: $(seconds "$work/speed2.wav") $(seconds "$work/speed3.wav") $(seconds "$work/speed4.wav")"
bad speed "$input" --speed 0.25 -o x.wav
bad speed "$input" --speed 5 -o x.wav

case_of lang
run "$input" --lang fr --dump json | grep -q '"espeak":[[:space:]]*"fr"' || fail "--lang fr is not read by eSpeak's fr"
# every language of the palette's table, and every bare language tag, finds a
# voice of that language (the voice a tag of it names: zh -> cmn, no -> nb)
awk '/^\[languages\]/ {on = 1; next} /^\[/ {on = 0} on && / = / {print $1, $3}' voices/palette.ini \
    >"$work/table.txt"
voice_for() {
    run "$input" --lang "$1" --dump json | sed -n 's/.*"espeak":[[:space:]]*"\([^"]*\)".*/\1/p' | sort -u
}
while read -r tag voice; do
    got=$(voice_for "$tag")
    [ "$got" = "$voice" ] || echo "$tag: read by '$got', expected '$voice'"
    primary=${tag%%-*}
    got=$(voice_for "$primary")
    awk -v p="$primary" -v g="$got" '{split($1, t, "-")} t[1] == p && $2 == g {found = 1}
        END {exit !found}' "$work/table.txt" ||
        echo "$primary (from $tag): read by '$got', no voice of $primary"
done <"$work/table.txt" >"$work/languages.txt"
[ -s "$work/languages.txt" ] && fail "--lang: $(cat "$work/languages.txt")"
bad lang "$input" --lang 'f r' --dump json

# ---- Output
case_of output
[ "$(soxi -t "$work/base.wav")" = wav ] && more "$base" 10 || fail "-o: $base s"
run "$input" -o /dev/null || fail "-o /dev/null refused"
# -o - to a terminal is refused, as gzip refuses it (script(1) gives a pty)
script -qec "$TTSREAD --no-config $input -o -" /dev/null >"$work/tty.out" 2>&1
[ $? = 2 ] && grep -q "would write audio to the terminal" "$work/tty.out" || fail "-o - to a terminal: $(head -c 300 "$work/tty.out")"
run "$input" -o - --format raw | cmp -s - "$work/base.raw" || fail "-o - into a pipe is not the -o file's audio"
bad output "$input" -o story.xyz
case_of format
run "$input" --format flac -o "$work/flac.audio" && [ "$(soxi -t "$work/flac.audio")" = flac ] ||
    fail "--format flac"
bad format "$input" --format mp4 -o x.wav

case_of captions
for kind in vtt srt json; do
    run "$input" -o "$work/c.wav" --captions "$work/c.$kind" || fail "--captions .$kind"
done
head -1 "$work/c.vtt" | grep -q WEBVTT && grep -q -- '-->' "$work/c.srt" && grep -q '<v Ana Ruiz>' "$work/c.vtt" ||
    fail "--captions: no cues"
bad captions "$input" -o x.wav --captions x.txt
case_of captions-words
run "$input" -o "$work/w.wav" --captions "$work/w.vtt" --captions-words || fail "--captions-words"
grep -q '<00:00:0[0-9]\.[0-9]*>' "$work/w.vtt" || fail "--captions-words: no word times"
bad captions-words "$input" -o x.wav --captions x.srt --captions-words

case_of captions-turns
run "$input" -o "$work/ct.wav" --captions "$work/ct.srt" --captions-turns || fail "--captions-turns"
[ "$(grep -c -- '-->' "$work/ct.srt")" -le "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["turns"]))' "$work/base.json")" ] ||
    fail "--captions-turns: more cues than turns"
printf 'ANA RUIZ, HOST:\n%s\n' "$(for i in 1 2 3 4 5 6; do printf 'This is sentence number %d of a long turn that goes on. ' $i; done)" >"$work/long.txt"
run "$work/long.txt" -o "$work/lt.wav" --captions "$work/cut.vtt" && run "$work/long.txt" -o "$work/lt.wav" --captions "$work/whole.vtt" --captions-turns ||
    fail "--captions-turns on a long turn"
[ "$(grep -c -- '-->' "$work/cut.vtt")" -gt 2 ] && [ "$(grep -c -- '-->' "$work/whole.vtt")" = 1 ] ||
    fail "--captions-turns: $(grep -c -- '-->' "$work/cut.vtt") cues cut, $(grep -c -- '-->' "$work/whole.vtt") whole"
bad captions-turns "$input" -o x.wav --captions x.json --captions-turns

case_of readalong
run "$input" -o "$work/r.wav" --readalong "$work/r.html" || fail "--readalong"
grep -q 'data:audio' "$work/r.html" || fail "--readalong: no embedded audio"
case_of readalong-audio
run "$input" -o "$work/r2.wav" --readalong "$work/r2.html" --readalong-audio external || fail "--readalong-audio"
grep -q 'data:audio' "$work/r2.html" && fail "--readalong-audio external embedded the audio"
grep -q 'r2.wav' "$work/r2.html" || fail "--readalong-audio external does not link r2.wav"
bad readalong-audio "$input" -o x.wav --readalong x.html --readalong-audio inline

case_of epub
run "$input" -o "$work/e.wav" --epub "$work/e.epub" || fail "--epub"
[ -s "$work/e.wav" ] || fail "--epub: no -o audio beside the book"
[ "$(unzip -Z1 "$work/e.epub" | head -n 1)" = mimetype ] || fail "--epub: not an EPUB: $(unzip -Z1 "$work/e.epub")"
unzip -p "$work/e.epub" EPUB/content.smil | grep -q '<par id="p1"><text src="content.xhtml#s1"/>' ||
    fail "--epub: no sentence overlay"
bad epub "$input" -o x.wav --epub x.zip
bad epub "$input" -o x.epub --epub y.epub
bad epub "$input" -o x.epub --format mp3
bad epub -O out --epub x.epub "$input"
bad epub "$input" -o x.epub --rate 96000
case_of epub-overlay
run "$input" -o "$work/ew.epub" --epub-overlay word || fail "--epub-overlay word"
[ "$(unzip -p "$work/ew.epub" EPUB/content.smil | grep -c '<par ')" -gt \
  "$(unzip -p "$work/e.epub" EPUB/content.smil | grep -c '<par ')" ] ||
    fail "--epub-overlay word: no more clips than sentences"
unzip -p "$work/ew.epub" EPUB/content.smil | grep -q 'content.xhtml#w1"' || fail "--epub-overlay word: no word clips"
bad epub-overlay "$input" -o x.epub --epub-overlay phrase
bad epub-overlay "$input" -o x.wav --epub-overlay word

case_of chapters
run "$input" -o "$work/ch.wav" --chapters=$work/ch.cue || fail "--chapters=FILE"
[ "$(grep -c '^  TRACK' "$work/ch.cue")" -ge 5 ] || fail "--chapters=FILE.cue: $(cat "$work/ch.cue")"
run "$input" -o "$work/marked.wav" --chapters || fail "--chapters"
grep -qa 'cue ' "$work/marked.wav" || fail "--chapters: no cue chunk in the WAV"
bad chapters "$input" -o x.mp3 --chapters
run "$input" -o "$work/chj.wav" --chapters="$work/ch.json" || fail "--chapters=FILE.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]=="1.2.0" and len(d["chapters"])>=5 and d["chapters"][0]["title"].startswith("Ana Ruiz: "), d' \
    "$work/ch.json" || fail "--chapters=FILE.json: $(head -c 300 "$work/ch.json")"
bad chapters "$input" -o x.wav --chapters=x.txt

case_of transcript
run "$input" -o "$work/t.wav" --transcript "$work/t.json" || fail "--transcript"
python3 - "$work/t.json" "$work/base.json" <<'PYTHON' || fail "--transcript: $(head -c 300 "$work/t.json")"
import json, sys
segments = json.load(open(sys.argv[1]))["segments"]
turns = [t for t in json.load(open(sys.argv[2]))["turns"] if t["kind"] != "cue"]
assert [(s["speaker"], s["body"]) for s in segments] == [(t["name"], t["text"]) for t in turns], segments
assert all(abs(s["startTime"] - t["start"]) < 0.001 for s, t in zip(segments, turns))
PYTHON
bad transcript "$input" -o x.wav --transcript x.vtt

case_of rate
run "$input" --rate 44100 -o "$work/44k.wav" && [ "$(soxi -r "$work/44k.wav")" = 44100 ] || fail "--rate 44100"
near "$(seconds "$work/44k.wav")" "$base" 0.01 || fail "--rate changed the length"
bad rate "$input" --rate 4000 -o x.wav
# A rate the format does not take is refused before anything is spoken
# (Opus would be written at another rate, MP3 would fail at the end).
bad rate "$input" --rate 22050 -o x.opus
grep -q "x.opus takes 8000, 12000, 16000, 24000 or 48000 Hz, not --rate 22050" "$work/bad.err" ||
    fail "--rate 22050 -o x.opus: $(cat "$work/bad.err")"
bad rate "$input" --rate 96000 -o x.mp3
bad rate -O out "$input" --ext opus --rate 44100
# the rate the Opus encoder was given, from the OpusHead packet (decoders all report 48 kHz)
opus_rate() { python3 -c 'import struct, sys; d = open(sys.argv[1], "rb").read(); i = d.index(b"OpusHead")
print(struct.unpack("<I", d[i + 12:i + 16])[0])' "$1"; }
run "$input" --rate 16000 -o "$work/16k.opus" && [ "$(opus_rate "$work/16k.opus")" = 16000 ] ||
    fail "--rate 16000 -o x.opus: $(opus_rate "$work/16k.opus")"
run "$input" -o "$work/default.opus" && [ "$(opus_rate "$work/default.opus")" = 24000 ] ||
    fail "-o x.opus: $(opus_rate "$work/default.opus") Hz, not 24000"
case_of stereo
run "$input" --stereo -o "$work/st.wav" && [ "$(soxi -c "$work/st.wav")" = 2 ] || fail "--stereo"

case_of loudness
for target in -30 -23 -16 -14; do
    run "$input" --loudness $target -o "$work/l.wav" || fail "--loudness $target"
    level=$(loudness "$work/l.wav")
    near "$level" "$target" 0.5 || fail "--loudness $target gave $level LUFS"
done
"$TTSREAD" --no-config "$input" --loudness -5 -o "$work/l.wav" 2>"$work/err" || fail "--loudness -5"
grep -q "more would need peaks over" "$work/err" || fail "--loudness -5: no note that it is out of reach"
run -O "$work/loud" "$input" --loudness -5 2>"$work/err" || fail "-O --loudness -5"
grep -q "^ttsread: $input: --loudness -5: reached .* more would need peaks over" "$work/err" ||
    fail "-O --loudness -5: the batch did not tell it (-q keeps warnings): $(cat "$work/err")"
run "$input" --loudness off -o "$work/off.wav" || fail "--loudness off"
cmp -s "$work/off.wav" "$work/base.wav" && fail "--loudness off changed nothing"
bad loudness "$input" --loudness -50 -o x.wav

case_of gap
run "$input" --gap 0 -o "$work/g0.wav" && run "$input" --gap 5000 -o "$work/g5.wav" || fail "--gap"
more "$(seconds "$work/g5.wav")" "$(seconds "$work/g0.wav")" 4.9 || fail "--gap 5000 added no pause"
near "$(seconds "$work/g0.wav")" "$(awk -v b="$base" 'BEGIN { print b - 0.35 }')" 0.01 ||
    fail "--gap 0 is not one 350 ms pause shorter than the default ($(seconds "$work/g0.wav") s)"
bad gap "$input" --gap banana -o x.wav
case_of speaker-gap
run "$input" --speaker-gap 0 -o "$work/sg0.wav" && run "$input" --speaker-gap 2000 -o "$work/sg2.wav" ||
    fail "--speaker-gap"
more "$(seconds "$work/sg2.wav")" "$(awk -v b="$(seconds "$work/sg0.wav")" 'BEGIN { print b + 5 * 2 }')" ||
    fail "--speaker-gap 2000 did not lengthen each change of speaker"
bad speaker-gap "$input" --speaker-gap -1 -o x.wav
case_of trim
run "$input" --trim -o "$work/trim.wav" || fail "--trim"
more "$base" "$(seconds "$work/trim.wav")" 0.05 || fail "--trim cut no silence"

case_of cues
run "$cues" --cues read -o "$work/read.wav" && run "$cues" --cues skip -o "$work/skip.wav" &&
    run "$cues" -o "$work/pause.wav" || fail "--cues"
more "$(seconds "$work/read.wav")" "$(seconds "$work/pause.wav")" 0.5 &&
    more "$(seconds "$work/pause.wav")" "$(seconds "$work/skip.wav")" 0.3 ||
    fail "--cues read > pause > skip does not hold"
bad cues "$cues" --cues shout -o x.wav
case_of emoji
printf 'ANA RUIZ, HOST:\nWe won \360\237\216\211 and cheered \360\237\216\211.\n' >"$work/emoji.txt"
[ "$(run "$work/emoji.txt" --emoji name --dump text)" != "$(run "$work/emoji.txt" --dump text)" ] ||
    fail "--emoji name changed nothing"
bad emoji "$work/emoji.txt" --emoji shout --dump text

case_of start-at
case_of end-at
run "$input" --start-at 3 --end-at 4 -o "$work/part.wav" --captions "$work/part.json" || fail "--start-at 3 --end-at 4"
python3 - "$work/base.json" "$work/part.json" "$(seconds "$work/part.wav")" <<'PYTHON' || fail "--start-at/--end-at turns"
import json, sys
whole, part, length = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), float(sys.argv[3])
turns = part["turns"]
assert len(turns) == 2, len(turns)
assert turns[0]["start_sample"] == 0, turns[0]
assert [t["text"] for t in turns] == [t["text"] for t in whole["turns"][2:4]]
assert length < 6, length
PYTHON
run "$input" --start-at 5s --end-at 0:10 -o "$work/time.wav" || fail "--start-at 5s --end-at 0:10"
near "$(seconds "$work/time.wav")" 5 0.001 || fail "--start-at 5s --end-at 0:10: $(seconds "$work/time.wav") s"
bad start-at "$input" --start-at 99 -o x.wav
bad start-at "$input" --start-at soon -o x.wav
bad end-at "$input" --start-at 4 --end-at 2 -o x.wav

# ---- Live: PortAudio into an ALSA file capture
case_of play
case_of resume
case_of device
case_of list-devices
export ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/capture.conf"
TTSREAD_CAPTURE="$work/played.raw" run "$input" </dev/null 2>"$work/err" || fail "no output: did not play: $(cat "$work/err")"
[ "$(stat -c %s "$work/played.raw" 2>/dev/null || echo 0)" -gt 100000 ] || fail "no output named: nothing played"
TTSREAD_CAPTURE="$work/device.raw" run "$input" --play --device 0 --end-at 1 </dev/null 2>/dev/null &&
    fail "--play took --end-at"
TTSREAD_CAPTURE="$work/device.raw" run "$input" --play --device 0 </dev/null || fail "--device 0"
cmp -s "$work/played.raw" "$work/device.raw" || fail "--device 0 played something else"
# nothing kept for this text yet: --resume starts at the start (tests/e2e/play_keys.sh quits
# and resumes on a terminal)
XDG_STATE_HOME="$work/state" TTSREAD_CAPTURE="$work/resumed.raw" run "$input" --resume </dev/null ||
    fail "--resume"
cmp -s "$work/played.raw" "$work/resumed.raw" || fail "--resume with nothing kept did not start at the start"
bad resume "$input" --resume -o x.wav
case_of no-mpris
# Whether --play owns its MPRIS name on a private session bus while it plays
# (tests/e2e/play_mpris.sh drives the media keys themselves).
if command -v dbus-daemon >/dev/null 2>&1 && command -v dbus-send >/dev/null 2>&1; then
    dbus-daemon --config-file="$PWD/tests/fixtures/play/session-bus.conf" --fork \
        --print-address=1 --print-pid=3 >"$work/bus.address" 3>"$work/bus.pid"
    bus_pid=$(cat "$work/bus.pid")
    # owned ARGS...: yes when ttsread --play ARGS held its name at some moment, no if never
    owned() {
        (DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$work/bus.address") TTSREAD_TEST_REALTIME=1 \
            TTSREAD_CAPTURE="$work/mpris.raw" exec "$TTSREAD" --no-config -q "$input" --play \
            --start-at 8 "$@" </dev/null) &
        player=$!
        seen=no
        while kill -0 "$player" 2>/dev/null; do
            DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$work/bus.address") dbus-send --session \
                --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
                "string:org.mpris.MediaPlayer2.ttsread.instance$player" 2>/dev/null |
                grep -q 'boolean true' && seen=yes
            sleep 0.1
        done
        wait "$player" || seen="exit $?"
        [ "$(stat -c %s "$work/mpris.raw" 2>/dev/null || echo 0)" -gt 100000 ] || seen="$seen, nothing played"
        echo "$seen"
    }
    if "$TTSREAD" --version | grep -q '^MPRIS media keys: built in'; then
        seen=$(owned)
        [ "$seen" = yes ] || fail "--play did not offer media keys on the bus ($seen)"
    fi
    seen=$(owned --no-mpris)
    [ "$seen" = no ] || fail "--no-mpris: the media keys were offered anyway ($seen)"
    kill "$bus_pid"
    bus_pid=""
fi
bad no-mpris "$input" --play --no-mpris=yes
# A switch given a value is told as such, not as an unknown option.
[ "$(cat "$work/bad.err")" = "ttsread: --no-mpris takes no value: --no-mpris=yes (see ttsread --help)" ] ||
    fail "--no-mpris=yes: $(cat "$work/bad.err")"
mkdir -p "$work/mpris-config/ttsread"
printf 'no-mpris = perhaps\n' >"$work/mpris-config/ttsread/config.ini"
XDG_CONFIG_HOME="$work/mpris-config" "$TTSREAD" "$input" --play </dev/null 2>"$work/err"
[ $? = 2 ] && [ "$(cat "$work/err")" = "ttsread: $work/mpris-config/ttsread/config.ini:1: no-mpris takes yes or no, not 'perhaps'" ] ||
    fail "no-mpris = perhaps in config.ini: $(cat "$work/err")"
run --list-devices | grep -q '^\* *0  default' || fail "--list-devices"
# Live options on the command line of a run that plays nothing would do
# nothing: refused. From config.ini they hold for the runs that play.
# So are the options that shape the speech in a run that speaks none.
bad device "$input" -o x.wav --device 0
grep -q -- "--device acts on --play; this run plays nothing" "$work/bad.err" ||
    fail "--device with -o: $(cat "$work/bad.err")"
bad device "$input" --captions x.vtt --device 0
bad no-mpris "$input" -o x.wav --no-mpris
bad resume "$input" --dump text --resume
bad rate "$input" --dump json --rate 48000
grep -q -- "--rate shapes the speech; this run speaks nothing" "$work/bad.err" ||
    fail "--rate with --dump: $(cat "$work/bad.err")"
bad speed "$input" --list-speakers --speed 2
bad start-at "$input" --save-cast cast.ini --start-at 2
bad announce-max-speed "$input" -o x.wav --announce-max-speed 1.5
grep -q -- "--announce is off" "$work/bad.err" || fail "--announce-max-speed alone: $(cat "$work/bad.err")"
bad readalong-audio "$input" -o x.wav --readalong-audio external
bad format "$input" --dump json --format flac
printf 'device = 0\nno-mpris = yes\next = flac\nspeed = 2\nrate = 48000\n' \
    >"$work/mpris-config/ttsread/config.ini"
XDG_CONFIG_HOME="$work/mpris-config" "$TTSREAD" -q "$input" -o "$work/config-set.wav" 2>"$work/err" ||
    fail "device, no-mpris and ext in config.ini stopped an -o run: $(cat "$work/err")"
[ "$(soxi -t "$work/config-set.wav")" = wav ] || fail "ext = flac in config.ini changed -o's format"
[ "$(soxi -r "$work/config-set.wav")" = 48000 ] || fail "rate = 48000 in config.ini did not hold for -o"
XDG_CONFIG_HOME="$work/mpris-config" "$TTSREAD" -q "$input" --dump text >/dev/null 2>"$work/err" ||
    fail "speed and rate in config.ini stopped --dump: $(cat "$work/err")"
"$TTSREAD" --no-config -q "$input" --play --device nosuch </dev/null 2>"$work/err" && fail "--device nosuch played"
[ "$(wc -l <"$work/err")" = 1 ] || fail "--device nosuch: $(cat "$work/err")"
TTSREAD_CAPTURE="$work/late.raw" "$TTSREAD" --no-config -q "$input" --play --start-at 40 </dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "there are only 9 turns" "$work/err" || fail "--play --start-at 40: $(cat "$work/err")"
export ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/no-device.conf"
run "$input" 2>"$work/err"
[ $? = 1 ] && [ "$(cat "$work/err")" = "ttsread: no audio output device; use -o FILE to write audio instead" ] ||
    fail "no device: $(cat "$work/err")"
unset ALSA_CONFIG_PATH

# ---- Batch
case_of output-dir
case_of ext
case_of inputs-from
case_of skip-existing
case_of manifest
mkdir "$work/in"
cp "$input" "$work/in/one.txt"
cp "$input" "$work/in/two.txt"
printf '%s\n' "$work/in/two.txt" >"$work/list.txt"
run -O "$work/out/" "$work/in/one.txt" --inputs-from "$work/list.txt" --ext flac --manifest "$work/m.jsonl" \
    --captions vtt --readalong x || fail "-O"
for name in one two; do
    [ "$(soxi -t "$work/out/$name.flac")" = flac ] || fail "-O --ext flac: $name"
    grep -q '<v Ana Ruiz>' "$work/out/$name.vtt" || fail "-O --captions vtt: $name"
    grep -q 'data:audio/flac' "$work/out/$name.html" || fail "-O --readalong: $name"
done
grep -q '//' "$work/m.jsonl" && fail "-O out/: doubled slash in $(cat "$work/m.jsonl")"
[ "$(grep -c '"status":[[:space:]]*"rendered"' "$work/m.jsonl")" = 2 ] || fail "--manifest: $(cat "$work/m.jsonl")"
touch -d '2001-01-01' "$work/out/one.flac"
run -O "$work/out" "$work/in/one.txt" --ext flac --skip-existing --manifest "$work/m2.jsonl" || fail "--skip-existing"
[ "$(stat -c %Y "$work/out/one.flac")" = "$(date -d 2001-01-01 +%s)" ] || fail "--skip-existing rendered again"
python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline()); assert r["status"]=="skipped" and r["duration"]>10, r' \
    "$work/m2.jsonl" || fail "--skip-existing: manifest: $(cat "$work/m2.jsonl")"
bad ext -O out "$input" --ext mp4
# Batch options where there is no batch would do nothing: refused, except
# --skip-existing, which keeps -o's file as it keeps a batch's.
bad ext "$input" -o x.wav --ext flac
grep -q -- "--ext names the format of -O's files" "$work/bad.err" || fail "--ext with -o: $(cat "$work/bad.err")"
bad manifest "$input" -o x.wav --manifest m.jsonl
bad format -O out "$input" --format flac
grep -q -- "with -O, --ext names the outputs'" "$work/bad.err" || fail "--format with -O: $(cat "$work/bad.err")"
bad skip-existing "$input" --skip-existing
bad skip-existing "$input" --dump json --skip-existing
bad skip-existing "$input" -o - --skip-existing
bad skip-existing "$input" --play -o x.wav --skip-existing
run "$input" -o "$work/kept.wav" --skip-existing || fail "--skip-existing -o: no file yet"
[ "$(seconds "$work/kept.wav")" = "$base" ] || fail "--skip-existing -o rendered $(seconds "$work/kept.wav") s"
touch -d '2001-01-01' "$work/kept.wav"
"$TTSREAD" --no-config "$input" -o "$work/kept.wav" --skip-existing 2>"$work/err" || fail "--skip-existing -o: kept"
[ "$(stat -c %Y "$work/kept.wav")" = "$(date -d 2001-01-01 +%s)" ] || fail "--skip-existing -o rendered again"
[ "$(cat "$work/err")" = "ttsread: $input: skipped, $work/kept.wav exists" ] ||
    fail "--skip-existing -o: $(cat "$work/err")"
run "$input" -o "$work/kept.wav" --skip-existing 2>"$work/err" && [ ! -s "$work/err" ] ||
    fail "--skip-existing -o -q: $(cat "$work/err")"
: >"$work/empty.wav"
run "$input" -o "$work/empty.wav" --skip-existing || fail "--skip-existing -o over an empty file"
[ "$(seconds "$work/empty.wav")" = "$base" ] || fail "--skip-existing kept an empty -o file"
bad captions -O out "$input" --captions vtx
case_of shard
# five inputs, two of one name, in three shards: together every input once,
# each output the bytes (and the name) of the run over the whole list
mkdir "$work/in/sub"
cp tests/fixtures/parse/radio.txt "$work/in/three.txt"
cp tests/fixtures/parse/radio.txt "$work/in/sub/one.txt"
head -c 300 "$input" >"$work/in/four.txt"
printf '%s\n' "$work/in/one.txt" "$work/in/two.txt" "$work/in/three.txt" "$work/in/sub/one.txt" \
    "$work/in/four.txt" >"$work/all.txt"
run -O "$work/whole" --inputs-from "$work/all.txt" --manifest "$work/whole.jsonl" || fail "--shard: the whole run"
for k in 0 1 2; do
    run -O "$work/sharded" --inputs-from "$work/all.txt" --shard $k/3 --manifest "$work/shard$k.jsonl" ||
        fail "--shard $k/3"
done
[ "$(wc -l <"$work/shard0.jsonl")" = 1 ] && [ "$(wc -l <"$work/shard2.jsonl")" = 2 ] ||
    fail "--shard: not the runs 0, 1-2, 3-4 of five inputs: $(wc -l "$work"/shard?.jsonl)"
cat "$work"/shard?.jsonl | python3 -c '
import json, sys
got = [json.loads(l)["input"] for l in sys.stdin]
want = open(sys.argv[1]).read().split()
assert got == want, (got, want)' "$work/all.txt" || fail "--shard: the shards do not list every input once"
[ "$(ls "$work/sharded")" = "$(ls "$work/whole")" ] || fail "--shard: names $(ls "$work/sharded")"
for file in "$work"/whole/*.wav; do
    cmp -s "$file" "$work/sharded/${file##*/}" || fail "--shard: ${file##*/} differs from the whole run's"
done
[ -f "$work/sharded/one-2.wav" ] || fail "--shard: sub/one.txt was not named one-2.wav"
bad shard -O out "$input" --shard 3/3
bad shard -O out "$input" --shard 1/0
bad shard -O out "$input" --shard -1/2
bad shard -O out "$input" --shard 1
bad shard "$input" --shard 0/2 -o x.wav

# ---- General
case_of jobs
run "$input" -j 1 -o "$work/j1.wav" && run "$input" -j 2 -o "$work/j2.wav" || fail "--jobs"
cmp -s "$work/j1.wav" "$work/j2.wav" || fail "-j 1 and -j 2 differ"
bad jobs "$input" -j 0 -o x.wav
case_of quiet
case_of verbose
"$TTSREAD" --no-config -v "$input" -o "$work/v.wav" 2>"$work/err" || fail "-v"
grep -q 's of audio, 2 speakers' "$work/err" || fail "-v printed no summary: $(cat "$work/err")"
# one line of unspoken spans by reason, the same count as --dump json lists
spans=$("$TTSREAD" --no-config "$input" --dump json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["unspoken"]))')
grep -qE "interview.txt: $spans unspoken spans: [0-9]+ label, [0-9]+ timestamp, [0-9]+ cue, [0-9]+ boilerplate, [0-9]+ markup, [0-9]+ note, [0-9]+ duplicate\$" "$work/err" ||
    fail "-v printed no count of unspoken spans ($spans): $(cat "$work/err")"
[ "$(grep -c 'unspoken spans' "$work/err")" = 1 ] || fail "-v printed the unspoken count more than once"
"$TTSREAD" --no-config -q "$input" -o "$work/v.wav" 2>"$work/err" && [ ! -s "$work/err" ] || fail "-q printed"
case_of no-config
mkdir -p "$work/config/ttsread"
printf 'speed = 2\ngap = 0\n' >"$work/config/ttsread/config.ini"
XDG_CONFIG_HOME="$work/config" "$TTSREAD" -q "$input" -o "$work/cfg.wav" || fail "config.ini"
more "$base" "$(seconds "$work/cfg.wav")" 5 || fail "config.ini speed = 2 changed nothing"
XDG_CONFIG_HOME="$work/config" "$TTSREAD" -q --no-config "$input" -o "$work/nocfg.wav" || fail "--no-config"
cmp -s "$work/nocfg.wav" "$work/base.wav" || fail "--no-config still read config.ini"
printf 'sped = 2\n' >"$work/config/ttsread/config.ini"
XDG_CONFIG_HOME="$work/config" "$TTSREAD" --help >/dev/null || fail "--help failed with a bad config.ini"
XDG_CONFIG_HOME="$work/config" "$TTSREAD" --version >/dev/null || fail "--version failed with a bad config.ini"
case_of version
"$TTSREAD" --version | grep -q '^eSpeak NG ' || fail "--version names no eSpeak NG"
"$TTSREAD" --version | grep -q '^MPRIS media keys: \(built in\|not built in\)' ||
    fail "--version does not say whether media keys (MPRIS) were built in"
case_of help
# the README's --help block is what --help prints
awk '/^`ttsread --help`:/ {on = 1; next} on && /^```$/ {if (started) exit; started = 1; next} on && started' \
    README.md >"$work/readme-help.txt"
"$TTSREAD" --help | cmp -s - "$work/readme-help.txt" ||
    fail "README's --help block differs: $("$TTSREAD" --help | diff - "$work/readme-help.txt" | head -5)"
[ "$("$TTSREAD" --help | awk 'length > 80' | wc -l)" = 0 ] || fail "--help has lines over 80 columns"
bad help --no-such-option "$input"
bad help --speeed 2 "$input"
[ "$(cat "$work/bad.err")" = "ttsread: unknown option --speeed; did you mean --speed? (see ttsread --help)" ] ||
    fail "a mistyped option: $(cat "$work/bad.err")"

# ---- every option of the table has its case above
for option in $("$TTSREAD" --completion-helper | awk '{sub(/^--/, "", $1); sub(/,.*/, "", $1); print $1}'); do
    case $covered in *" $option "*) ;; *) fail "option --$option has no case in tests/e2e/options.sh" ;; esac
done
echo "$(echo "$covered" | wc -w) options checked, $failures failures"
[ "$failures" = 0 ]
