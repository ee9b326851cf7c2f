#!/bin/sh
# Fast speech stays speech: --speed 4 reads the six-speaker piece at 650
# words a minute or more (counted over the audio, with the pauses between
# turns set to 0 and each turn's edges trimmed), and pocketsphinx still
# recognizes its words better than the same audio scored against the words
# shuffled.
set -u
[ -n "${TTS_SANITIZED:-}" ] && { echo "skipped under the sanitizers: the audio is the plain build's, scored there"; exit 77; }
for tool in pocketsphinx_continuous sox python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "skipped: $tool is not installed"; exit 77; }
done
[ -d /usr/share/pocketsphinx/model/en-us/en-us ] || { echo "skipped: no pocketsphinx-en-us model"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
piece=tests/fixtures/listening/six-voices.txt
"$TTSREAD" --no-config -q "$piece" --speed 4 --gap 0 --speaker-gap 0 --trim -o "$work/fast.wav" ||
    { echo "FAIL: render at --speed 4"; exit 1; }
python3 - "$work" "$piece" <<'PY'
import json, os, subprocess, sys
sys.path.insert(0, "bench")
import asr
work, piece = sys.argv[1], sys.argv[2]
program = os.environ["TTSREAD"]
dump = json.loads(subprocess.run([program, "--no-config", piece, "--dump", "json"], check=True,
                                 capture_output=True, text=True).stdout)
text = "\n\n".join(t["spoken"] for t in dump["turns"] if t["kind"] in ("title", "speech"))
pronunciations = asr.read_dictionary()
sentences, _ = asr.spoken_sentences(text, pronunciations)
words = [w for s in sentences for w in s]
seconds = float(subprocess.run(["soxi", "-D", os.path.join(work, "fast.wav")], check=True,
                               capture_output=True, text=True).stdout)
wpm = len(words) / seconds * 60
audio = os.path.join(work, "fast.16k.wav")
# pocketsphinx's acoustic model was trained on speech at ordinary rates and
# cannot follow 800 words a minute; the audio is slowed back by the same
# factor (sox tempo keeps the pitch) so that what is scored is whether every
# word is there and distinct, which is what fast listeners rely on.
subprocess.run(["sox", "-D", os.path.join(work, "fast.wav"), "-r", "16000", "-c", "1", "-b", "16",
                audio, "tempo", "-s", "0.25"], check=True)
shuffled, control = asr.shuffled_control(sentences)
heard = asr.word_error_rate(words, asr.decode(audio, sentences, pronunciations, work, "real",
                                              asr.FAST))
guessed = asr.word_error_rate(shuffled, asr.decode(audio, control, pronunciations, work,
                                                   "shuffled", asr.FAST))
print("--speed 4: %d words in %.1f s = %.0f wpm; WER %.3f against the words, %.3f shuffled"
      % (len(words), seconds, wpm, heard, guessed))
failed = wpm < 650 or heard >= guessed
print("FAIL" if failed else "ok")
sys.exit(1 if failed else 0)
PY
