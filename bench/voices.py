#!/usr/bin/env python3
# voices.py: how intelligible is each voice profile? Every palette profile reads the
# same text, scored by pocketsphinx next to plain `espeak-ng -v en-us` in the same run.
"""Usage: bench/voices.py [--ttsread PATH] [--tsv FILE] [--jobs N] [--try NAME:KEY=VALUE,...]

The DESIGN's "every word reaches the audio" recipe, once per profile: the seed
transcript's spoken words (its turns as ttsread says them, labels left out) are
rendered by ttsread with one profile reading everything (a cast file pins the
narrator, the only speaker of the unlabelled text), converted to 16 kHz mono,
decoded with a bigram model of those words and scored by word error rate
(WER). The reference, plain `espeak-ng -v en-us` (the program, eSpeak NG's own
default voice), reads the same text file. A profile whose WER is more than
LIMIT times the reference's is reported as failing.

--tsv FILE writes the table (profile, its settings, WER, WER / reference);
`make bench-voices` writes voices/intelligibility.tsv. --try scores settings
that no profile has yet (a profile plus cast file keys), for retuning:
  bench/voices.py --try "low:voice=alex,pitch=20,variant=m1"
Exit 0 when every profile is within LIMIT, 1 otherwise, 2 on a setup error.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import asr  # noqa: E402  (the shared decoder, model builder and WER)

SEED = os.environ.get("TTS_SEED", "../shared/seeds/npr-cyberattack-transcript.txt")
LIMIT = 2.0   # the bound: no profile over twice plain espeak-ng's WER
REFERENCE = "espeak-ng -v en-us"


def fail_setup(message):
    print("voices.py: " + message, file=sys.stderr)
    sys.exit(2)


def spoken_text(binary, seed):
    """The seed's speech turns as ttsread says them, one paragraph each."""
    run = subprocess.run([binary, seed, "--dump", "json", "--no-config"],
                         capture_output=True, text=True, check=True)
    turns = json.loads(run.stdout)["turns"]
    return "\n\n".join(turn["spoken"] for turn in turns if turn["kind"] == "speech") + "\n"


def profiles(voices):
    """name -> its settings, for every profile the palette offers and the narrator."""
    found = {}
    for entry in sorted(os.listdir(voices)):
        if not entry.endswith(".ini") or entry == "palette.ini":
            continue
        settings = {}
        with open(os.path.join(voices, entry), encoding="utf-8") as profile:
            for line in profile:
                if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
                    key, value = line.split("=", 1)
                    settings[key.strip()] = value.strip()
        found[entry[:-4]] = settings
    return found


def to_16k(wav, directory, name):
    out = os.path.join(directory, name + ".16k.wav")
    # -D: sox's default dither is random and moves the WER by itself.
    subprocess.run(["sox", "-D", wav, "-r", "16000", "-c", "1", "-b", "16", out], check=True)
    return out


def score(audio, sentences, reference, pronunciations, directory, name):
    # Each decode gets its own model files: decodes run in parallel.
    return asr.word_error_rate(reference, asr.decode(audio, sentences, pronunciations,
                                                     directory, name))


def render_profile(binary, text_path, directory, name, cast_lines):
    cast = os.path.join(directory, name + ".cast.ini")
    with open(cast, "w", encoding="utf-8") as out:
        out.write("[narrator]\n" + "".join("%s = %s\n" % pair for pair in cast_lines))
    wav = os.path.join(directory, name + ".wav")
    subprocess.run([binary, text_path, "-o", wav, "-q", "--no-config", "-j", "1",
                    "--cast", cast], check=True)
    return to_16k(wav, directory, name)


def render_reference(text_path, directory):
    wav = os.path.join(directory, "reference.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-f", text_path, "-w", wav], check=True)
    return to_16k(wav, directory, "reference")


def parse_try(option):
    name, _, settings = option.partition(":")
    pairs = [tuple(part.split("=", 1)) for part in settings.split(",") if "=" in part]
    if not name or not pairs or pairs[0][0] != "voice":
        fail_setup("--try NAME:voice=PROFILE,KEY=VALUE,... (got %r)" % option)
    return name, pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ttsread", default=os.environ.get("TTSREAD", "build/ttsread"))
    parser.add_argument("--tsv", help="write the table here")
    parser.add_argument("--jobs", type=int, default=2, help="decodes at a time (default 2)")
    parser.add_argument("--try", dest="tries", action="append", default=[],
                        help="NAME:voice=PROFILE,KEY=VALUE,... settings to score instead")
    args = parser.parse_args()
    if not os.path.isfile(SEED):
        print("voices.py: no seed transcript at %s (skipped)" % SEED)
        return 77
    for tool in ("sox", "pocketsphinx_continuous", "espeak-ng"):
        if shutil.which(tool) is None:
            fail_setup("%s is needed (.ci/install-deps installs it)" % tool)
    if not os.environ.get("TTSREAD_VOICES") and os.path.isdir("voices"):
        os.environ["TTSREAD_VOICES"] = os.path.abspath("voices")
    voices = os.environ["TTSREAD_VOICES"]

    text = spoken_text(args.ttsread, SEED)
    pronunciations = asr.read_dictionary()
    sentences, _ = asr.spoken_sentences(text, pronunciations)
    reference = [word for sentence in sentences for word in sentence]
    found = profiles(voices)
    if args.tries:
        jobs = [parse_try(option) for option in args.tries]
    else:
        jobs = [(name, [("voice", name)]) for name in found]

    with tempfile.TemporaryDirectory(prefix="ttsread-voices-") as directory:
        text_path = os.path.join(directory, "seed.txt")
        with open(text_path, "w", encoding="utf-8") as out:
            out.write(text)

        def run(job):
            name, cast_lines = job
            if name == REFERENCE:
                audio = render_reference(text_path, directory)
            else:
                audio = render_profile(args.ttsread, text_path, directory, name, cast_lines)
            safe = name.replace(" ", "_")
            return name, score(audio, sentences, reference, pronunciations, directory, safe)

        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            results = dict(pool.map(run, [(REFERENCE, [])] + jobs))

    plain = results.pop(REFERENCE)
    print("%d reference words; %s WER %.3f; limit %.3f (%.1fx)"
          % (len(reference), REFERENCE, plain, plain * LIMIT, LIMIT))
    rows = []
    for name, cast_lines in jobs:
        settings = dict(found.get(dict(cast_lines)["voice"], {}))
        settings.update(dict(cast_lines[1:]))
        rows.append((results[name], name, settings))
    rows.sort(key=lambda row: (row[0], row[1]))
    failing = 0
    for wer, name, settings in rows:
        over = wer > plain * LIMIT
        failing += over
        print("%-10s %-15s %-8s %-6s pitch %2s range %2s rate %3s  WER %.3f  %.2fx%s"
              % (name, settings.get("espeak", ""), settings.get("variant", ""),
                 settings.get("gender", ""), settings.get("pitch", ""), settings.get("range", ""),
                 settings.get("rate", ""), wer, wer / plain, "  over" if over else ""))
    if args.tsv:
        with open(args.tsv, "w", encoding="utf-8") as out:
            out.write("# Pocketsphinx WER of each profile reading the seed's %d words, next to\n"
                      "# plain `%s` (WER %.3f) in the same run. Remade by `make bench-voices`\n"
                      "# (bench/voices.py --tsv voices/intelligibility.tsv).\n"
                      % (len(reference), REFERENCE, plain))
            out.write("profile\tespeak\tvariant\tgender\tpitch\trange\trate\twer\tratio\n")
            out.write("%s\ten-us\t\tmale\t50\t50\t175\t%.3f\t1.00\n" % (REFERENCE, plain))
            for wer, name, settings in rows:
                out.write("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.3f\t%.2f\n"
                          % (name, settings.get("espeak", ""), settings.get("variant", ""),
                             settings.get("gender", ""), settings.get("pitch", ""),
                             settings.get("range", ""), settings.get("rate", ""), wer, wer / plain))
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
