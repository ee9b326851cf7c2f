#!/usr/bin/env python3
# asr.py: do dropped marks ("(As Jesus)", "(unintelligible)", "Mr. X (Actor):") cost words?
# Renders a mark-rich corpus transcript and a hand-cleaned copy, scores both with pocketsphinx.
"""Usage: bench/asr.py [path/to/ttsread]  (default $TTSREAD, else build/ttsread)

The DESIGN's "every word reaches the audio" recipe: each render is converted to
16 kHz mono, decoded by pocketsphinx with a bigram model built from the words a
listener should hear, and scored by word error rate (WER) against them. Both
renders are scored against the same reference, the cleaned transcript's words.
The control decodes the marked render against the same words shuffled; it must
score far worse, or the check could not fail.

Exit 0 when the marked render scores no worse than the cleaned one (within
TOLERANCE) and the control fails as it should; 1 otherwise; 2 on a setup
error; 77 when the corpus is absent. The corpus is read in place: the cleaned
copy is made at run time in a temporary directory and never kept.
"""
import collections
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

CORPUS = os.environ.get("TTS_CORPUS", "../shared/corpus")
TRANSCRIPT = "mediasum/npr-1.txt"
# The hand cleaning: what a careful editor would delete from TRANSCRIPT so that
# only spoken words and plain speaker names are left. Each must match.
MARKS = [
    ("(As Jesus) ", ""),
    ("(As Angel) ", ""),
    ("That (unintelligible).", "That."),
    ("and (unintelligible) who", "and who"),
    ("FARAI CHIDEYA, host:", "FARAI CHIDEYA:"),
    ("Mr. BLAIR UNDERWOOD (Actor):", "BLAIR UNDERWOOD:"),
    ("Ms. WENDY RAQUEL ROBINSON (Actress):", "WENDY RAQUEL ROBINSON:"),
    ('Mr. KYLE BOWSER (Co-producer, "The Bible Experience: The Complete Bible"):',
     "KYLE BOWSER:"),
]
# After cleaning every paragraph starts with a bare upper-case name.
LABEL = re.compile(r"^[A-Z][A-Z .'-]*:\s*")
WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
MODEL = "/usr/share/pocketsphinx/model/en-us"
TOLERANCE = 0.02      # WER the marked render may lose to the cleaned one
CONTROL_FLOOR = 0.6   # WER the shuffled control must reach
DISCOUNT = 0.5        # absolute discount of seen bigrams
# One decoding pass instead of three: about 40% faster, a few points more WER
# for every voice alike; for tests that compare renders decoded the same way.
FAST = ("-fwdflat", "no", "-bestpath", "no")


def fail_setup(message):
    print("asr.py: " + message, file=sys.stderr)
    sys.exit(2)


def clean(text):
    for mark, replacement in MARKS:
        if mark not in text:
            fail_setup("hand cleaning no longer matches %s: %r" % (TRANSCRIPT, mark))
        text = text.replace(mark, replacement)
    return text


def read_dictionary():
    """word -> its pronunciation lines (alternates included), from cmudict."""
    pronunciations = collections.defaultdict(list)
    with open(os.path.join(MODEL, "cmudict-en-us.dict"), encoding="utf-8") as lexicon:
        for line in lexicon:
            entry = line.split(None, 1)
            if len(entry) == 2:
                pronunciations[re.sub(r"\(\d+\)$", "", entry[0])].append(line.rstrip("\n"))
    return pronunciations


def spoken_sentences(cleaned, pronunciations):
    """Each turn's words that the recogniser can know; numbers and names missing
    from the dictionary are left out of both the model and the reference."""
    sentences, unknown = [], 0
    for paragraph in cleaned.split("\n"):
        paragraph = LABEL.sub("", paragraph.strip())
        if not paragraph:
            continue
        tokens = WORD.findall(paragraph.replace("\u2019", "'").lower())
        known = [token for token in tokens if token in pronunciations]
        unknown += len(tokens) - len(known)
        if known:
            sentences.append(known)
    return sentences, unknown


def write_bigram_model(sentences, path):
    """ARPA bigram model with absolute discounting and backoff to add-one unigrams.
    Hand-written because Debian ships no ARPA builder for pocketsphinx (cmuclmtk
    left Debian) and the model needs only these counts."""
    unigrams, bigrams = collections.Counter(), collections.Counter()
    for sentence in sentences:
        words = ["<s>"] + sentence + ["</s>"]
        unigrams.update(words)
        bigrams.update(zip(words, words[1:]))
    vocabulary = sorted(unigrams)
    total = sum(count for word, count in unigrams.items() if word != "<s>")
    unigram = {word: (unigrams[word] + 1) / (total + len(vocabulary) - 1)
               for word in vocabulary if word != "<s>"}
    followers = collections.defaultdict(list)
    for (history, word), count in bigrams.items():
        followers[history].append((word, count))

    backoff = {}
    for history, seen in followers.items():
        left_over = DISCOUNT * len(seen) / unigrams[history]
        unseen_mass = 1.0 - sum(unigram[word] for word, _ in seen)
        backoff[history] = left_over / unseen_mass if unseen_mass > 0 else 1e-9

    with open(path, "w", encoding="utf-8") as model:
        model.write("\\data\\\nngram 1=%d\nngram 2=%d\n\n\\1-grams:\n"
                    % (len(vocabulary), len(bigrams)))
        for word in vocabulary:
            probability = -99.0 if word == "<s>" else math.log10(unigram[word])
            if word in backoff:
                model.write("%.4f %s %.4f\n" % (probability, word, math.log10(backoff[word])))
            else:
                model.write("%.4f %s\n" % (probability, word))
        model.write("\n\\2-grams:\n")
        for (history, word), count in sorted(bigrams.items()):
            probability = (count - DISCOUNT) / unigrams[history]
            model.write("%.4f %s %s\n" % (math.log10(probability), history, word))
        model.write("\n\\end\\\n")


def write_dictionary(sentences, pronunciations, path):
    with open(path, "w", encoding="utf-8") as dictionary:
        for word in sorted({word for sentence in sentences for word in sentence}):
            dictionary.write("\n".join(pronunciations[word]) + "\n")


def render(binary, transcript, directory, *options):
    """ttsread's audio for transcript, as the 16 kHz mono WAV pocketsphinx wants."""
    stem = os.path.join(directory, os.path.basename(transcript))
    subprocess.run([binary, transcript, "-o", stem + ".wav", "-j", "2", *options], check=True)
    # -D: sox's default dither is random, and it alone moves the WER by ~0.015.
    subprocess.run(["sox", "-D", stem + ".wav", "-r", "16000", "-c", "1", "-b", "16",
                    stem + ".16k.wav"], check=True)
    return stem + ".16k.wav"


def decode(audio, sentences, pronunciations, directory, name, options=()):
    """options: more pocketsphinx_continuous options, such as FAST."""
    model, dictionary = (os.path.join(directory, name + ext) for ext in (".arpa", ".dict"))
    write_bigram_model(sentences, model)
    write_dictionary(sentences, pronunciations, dictionary)
    run = subprocess.run(["pocketsphinx_continuous", "-infile", audio,
                          "-hmm", os.path.join(MODEL, "en-us"), "-lm", model,
                          "-dict", dictionary, "-logfn", os.path.join(directory, name + ".log"),
                          *options],
                         capture_output=True, text=True, check=True)
    return WORD.findall(run.stdout.lower())


def shuffled_control(sentences, seed=13):
    """The control of every recognition check: the same words in another
    order, each sentence keeping its length, as (flat words, sentences)."""
    shuffled = [word for sentence in sentences for word in sentence]
    random.Random(seed).shuffle(shuffled)
    control, start = [], 0
    for sentence in sentences:
        control.append(shuffled[start:start + len(sentence)])
        start += len(sentence)
    return shuffled, control


def word_error_rate(reference, hypothesis):
    """(substitutions + deletions + insertions) / reference words."""
    previous = list(range(len(hypothesis) + 1))
    for row, expected in enumerate(reference, 1):
        current = [row]
        for column, heard in enumerate(hypothesis, 1):
            current.append(min(previous[column] + 1, current[column - 1] + 1,
                               previous[column - 1] + (expected != heard)))
        previous = current
    return previous[-1] / len(reference)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TTSREAD", "build/ttsread")
    source = os.path.join(CORPUS, TRANSCRIPT)
    if not os.path.isfile(source):
        print("asr.py: no corpus transcript at %s (skipped)" % source)
        return 77
    if not os.access(binary, os.X_OK):
        fail_setup("%s is not an executable (build it first)" % binary)
    for tool in ("sox", "pocketsphinx_continuous"):
        if shutil.which(tool) is None:
            fail_setup("%s is needed (.ci/install-deps installs it)" % tool)
    if not os.path.isdir(os.path.join(MODEL, "en-us")):
        fail_setup("the pocketsphinx-en-us model is needed (.ci/install-deps installs it)")
    if not os.environ.get("TTSREAD_VOICES") and os.path.isdir("voices"):
        os.environ["TTSREAD_VOICES"] = os.path.abspath("voices")

    with open(source, encoding="utf-8") as transcript:
        marked_text = transcript.read()
    cleaned_text = clean(marked_text)
    pronunciations = read_dictionary()
    sentences, unknown = spoken_sentences(cleaned_text, pronunciations)
    reference = [word for sentence in sentences for word in sentence]
    # The shuffled words keep the turns' lengths, so only their order differs.
    shuffled, shuffled_sentences = shuffled_control(sentences)

    with tempfile.TemporaryDirectory(prefix="ttsread-asr-") as directory:
        os.mkdir(os.path.join(directory, "marked"))
        os.mkdir(os.path.join(directory, "cleaned"))
        cleaned_path = os.path.join(directory, "cleaned", os.path.basename(TRANSCRIPT))
        with open(cleaned_path, "w", encoding="utf-8") as cleaned:
            cleaned.write(cleaned_text)
        # Cleaning a label ("Mr. BLAIR UNDERWOOD (Actor):") takes away what casting
        # reads gender from; the same cast keeps the voices, so only the words differ.
        cast = os.path.join(directory, "cast.ini")
        marked_audio = render(binary, source, os.path.join(directory, "marked"),
                              "--save-cast", cast)
        cleaned_audio = render(binary, cleaned_path, os.path.join(directory, "cleaned"),
                               "--cast", cast)
        marked = word_error_rate(reference, decode(marked_audio, sentences, pronunciations,
                                                   directory, "marked"))
        cleaned_score = word_error_rate(reference, decode(cleaned_audio, sentences,
                                                          pronunciations, directory, "cleaned"))
        control = word_error_rate(shuffled, decode(marked_audio, shuffled_sentences,
                                                   pronunciations, directory, "control"))

    print("%s: %d reference words (%d not in the dictionary, left out)"
          % (TRANSCRIPT, len(reference), unknown))
    print("WER marked   %.3f" % marked)
    print("WER cleaned  %.3f" % cleaned_score)
    print("WER shuffled control %.3f" % control)
    if control <= CONTROL_FLOOR:
        print("FAIL: the shuffled control scores %.3f, not above %.2f; the check cannot fail"
              % (control, CONTROL_FLOOR))
        return 1
    if marked > cleaned_score + TOLERANCE:
        print("FAIL: the marked transcript loses %.3f WER to the hand-cleaned one"
              % (marked - cleaned_score))
        return 1
    print("ok: the marks cost no words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
