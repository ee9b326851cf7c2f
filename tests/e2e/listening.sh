#!/bin/sh
# Every word reaches the listener in every voice: pocketsphinx's word error
# rate (WER) on the seed render and on a six-speaker piece (3 women, 3 men,
# NPR labels) stays within 1.3x that of plain `espeak-ng -v en-us` reading the
# same words in the same run; the six-speaker audio scored against its words
# shuffled must fail (WER >= 0.8), or this test could not fail.
set -u
[ -n "${TTS_SANITIZED:-}" ] && { echo "skipped under the sanitizers: the audio is the plain build's, scored there"; exit 77; }
for tool in pocketsphinx_continuous sox espeak-ng python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "skipped: $tool is not installed"; exit 77; }
done
[ -d /usr/share/pocketsphinx/model/en-us/en-us ] || { echo "skipped: no pocketsphinx-en-us model"; exit 77; }
[ -f "${TTS_SEED:-}" ] || { echo "skipped: no seed transcript (../shared/seeds)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$TTS_SEED" tests/fixtures/listening/six-voices.txt <<'PY'
import concurrent.futures, json, os, subprocess, sys, time
sys.path.insert(0, "bench")
import asr  # the recipe: bigram model of the expected words, cmudict, WER

RATIO = 1.3           # ttsread may lose this much to plain espeak-ng
CONTROL_FLOOR = 0.8   # the shuffled control must score at least this
work, pieces = sys.argv[1], {"seed": sys.argv[2], "six": sys.argv[3]}
program = os.environ["TTSREAD"]
pronunciations = asr.read_dictionary()
started = time.time()

def sixteen_k(wav, name):
    out = os.path.join(work, name + ".16k.wav")
    subprocess.run(["sox", "-D", wav, "-r", "16000", "-c", "1", "-b", "16", out], check=True)
    return out

jobs, words = [], {}
for name, path in pieces.items():
    dump = json.loads(subprocess.run([program, path, "--dump", "json"], check=True,
                                     capture_output=True, text=True).stdout)
    # What ttsread says (titles and speech, labels gone) is what plain espeak-ng reads.
    text = "\n\n".join(t["spoken"] for t in dump["turns"] if t["kind"] in ("title", "speech"))
    with open(os.path.join(work, name + ".txt"), "w") as out:
        out.write(text + "\n")
    sentences, _ = asr.spoken_sentences(text, pronunciations)
    words[name] = sentences
    voices = sorted({s["voice"]["name"] for s in dump["speakers"]} | {dump["narrator"]["name"]}
                    if isinstance(dump.get("narrator"), dict) else
                    {s["voice"]["name"] for s in dump["speakers"]})
    print("%s: %d words, voices %s" % (name, sum(map(len, sentences)), ", ".join(voices)))
    subprocess.run([program, path, "-o", os.path.join(work, name + ".wav"), "-q", "-j", "1"],
                   check=True)
    subprocess.run(["espeak-ng", "-v", "en-us", "-f", os.path.join(work, name + ".txt"),
                    "-w", os.path.join(work, name + ".plain.wav")], check=True)
    jobs.append((name, sixteen_k(os.path.join(work, name + ".wav"), name), sentences))
    jobs.append((name + " plain", sixteen_k(os.path.join(work, name + ".plain.wav"),
                                            name + ".plain"), sentences))

# The control: the six-speaker render against the same words in another order
# (each turn keeps its length).
_, control = asr.shuffled_control(words["six"])
jobs.append(("six shuffled", jobs[2][1], control))

def score(job):
    name, audio, sentences = job
    reference = [w for sentence in sentences for w in sentence]
    # One pass (asr.FAST) keeps the test short; both renders are decoded alike.
    hypothesis = asr.decode(audio, sentences, pronunciations, work, name.replace(" ", "-"),
                            asr.FAST)
    return name, asr.word_error_rate(reference, hypothesis)

with concurrent.futures.ThreadPoolExecutor(2) as pool:
    wer = dict(pool.map(score, jobs))
failed = False
for name in pieces:
    mine, plain = wer[name], wer[name + " plain"]
    ok = mine <= plain * RATIO
    failed |= not ok
    print("%-5s ttsread WER %.3f, plain espeak-ng -v en-us %.3f: %.2fx (at most %.1fx) %s"
          % (name, mine, plain, mine / plain, RATIO, "ok" if ok else "FAIL"))
ok = wer["six shuffled"] >= CONTROL_FLOOR
failed |= not ok
print("six shuffled control WER %.3f (at least %.1f) %s"
      % (wer["six shuffled"], CONTROL_FLOOR, "ok" if ok else "FAIL: the check cannot fail"))
print("%.0f s" % (time.time() - started))
sys.exit(1 if failed else 0)
PY
