#!/usr/bin/env python3
"""Speed and memory of ttsread against plain espeak-ng on the same words.

For the seed and for the seed repeated 20 times: ttsread -j 1 and -j 2 versus
`espeak-ng -f body.txt -w ref.wav` (default voice), where body.txt is
`ttsread --dump text INPUT`. Medians of N runs after one warm-up, the
commands of an input taking turns run after run (so that a change in the
machine's load falls on all of them alike); CPU time is
user + system of the process and every child it waited for (getrusage), peak
memory is the largest resident set of any one process (ru_maxrss).
Also: a batch of 20 copies of the seed with -j 2 against -j 1 (their runs
alternate; --batch-only measures just that, `make bench-batch`), and the CPU
espeak-ng itself needs to speak the same turns in the cast's voices and rates
(each voice's turns in one espeak-ng run): the floor under ttsread's CPU.

Usage: bench/speed.py [--runs N] [--ttsread build/ttsread] [--seed PATH] [--batch-only]
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(command, rss_file):
    """Wall seconds, CPU seconds and peak RSS (KiB) of one run of command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    # /usr/bin/time reports the peak resident set of the program itself
    # (a forked Python would report its own size before the exec).
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + command, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Every process waited for counts: ttsread and its synthesis workers.
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, int(open(rss_file).read().split()[-1])


def measure_alternating(commands, runs):
    """For each command: median wall seconds, median CPU seconds, max peak
    RSS (KiB) and the CPU seconds of every run, in order. The commands take
    turns, run after run, so that a change in the machine's load falls on
    all of them alike."""
    for command in commands:  # warm-up
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rss_file = tempfile.NamedTemporaryFile(prefix="ttsread-rss-", delete=False).name
    samples = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            samples[index].append(run_once(command, rss_file))
    os.unlink(rss_file)
    return [(statistics.median(s[0] for s in runs_of), statistics.median(s[1] for s in runs_of),
             max(s[2] for s in runs_of), [s[1] for s in runs_of]) for runs_of in samples]


def measure(command, runs):
    """Median wall seconds, median CPU seconds, max peak RSS (KiB) of command."""
    return measure_alternating([command], runs)[0]


def batch_ratio(ttsread, seed, work, runs):
    """20 copies of the seed into a folder, -j 2 against -j 1."""
    pages = os.path.join(work, "pages")
    os.mkdir(pages)
    for i in range(20):
        shutil.copy(seed, os.path.join(pages, "story%02d.txt" % i))
    files = sorted(os.path.join(pages, f) for f in os.listdir(pages))
    one, two = measure_alternating([[ttsread, "-q", "-O", os.path.join(work, "batch%d" % jobs),
                                     "-j", str(jobs)] + files for jobs in (1, 2)], runs)
    print("batch of 20 seeds (median of %d runs each, alternating): -j1 %.2fs, -j2 %.2fs wall, "
          "ratio %.2f; cpu -j1 %.2fs, -j2 %.2fs" % (runs, one[0], two[0], two[0] / one[0], one[1], two[1]))


def voices_floor(ttsread, path, work):
    """The command whose CPU is what espeak-ng itself needs for the same
    turns in the voices (language, variant, rate, pitch) the cast gives
    them: each voice's turns in one espeak-ng run, the runs one after
    another (a shell script, so that it is timed as one command, alternating
    with ttsread's runs)."""
    script = json.loads(subprocess.run([ttsread, path, "--dump", "json"], check=True,
                                       capture_output=True, text=True).stdout)
    voices = {speaker["id"]: speaker["voice"] for speaker in script["speakers"]}
    voices["narrator"] = script["narrator"]
    texts = {}
    for turn in script["turns"]:
        voice = voices.get(turn["speaker"], voices["narrator"])
        key = (voice["espeak"], voice["variant"], voice["rate"], voice["pitch"])
        texts.setdefault(key, []).append(turn.get("spoken") or turn["text"])
    lines = []
    for index, ((language, variant, rate, pitch), parts) in enumerate(sorted(texts.items())):
        text_path = os.path.join(work, "voice%d.txt" % index)
        with open(text_path, "w", encoding="utf-8") as out:
            out.write("\n\n".join(parts) + "\n")
        name = language + ("+" + variant if variant else "")
        lines.append("espeak-ng -v '%s' -s %d -p %d -f '%s' -w '%s'" % (
            name, rate, pitch, text_path, os.path.join(work, "voice.wav")))
    floor_path = os.path.join(work, "floor.sh")
    with open(floor_path, "w") as out:
        out.write("set -e\n" + "\n".join(lines) + "\n")
    return ["sh", floor_path]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--ttsread", default="build/ttsread")
    parser.add_argument("--seed", default="../shared/seeds/npr-cyberattack-transcript.txt")
    parser.add_argument("--batch-only", action="store_true", help="only the batch of 20 seeds")
    args = parser.parse_args()
    if not os.path.exists(args.seed):
        sys.exit("bench: the seed %s is absent" % args.seed)
    if args.batch_only:
        work = tempfile.mkdtemp(prefix="ttsread-bench-")
        batch_ratio(args.ttsread, args.seed, work, max(5, args.runs // 2))
        shutil.rmtree(work, ignore_errors=True)
        return
    if shutil.which("espeak-ng") is None:
        sys.exit("bench: espeak-ng (the program) is needed as the reference")
    work = tempfile.mkdtemp(prefix="ttsread-bench-")
    seed_text = open(args.seed, encoding="utf-8").read()
    inputs = {"seed": args.seed}
    # 20x: the story repeated, boilerplate and all, as one long page.
    long_path = os.path.join(work, "seed-x20.txt")
    body = seed_text.split("Transcript provided by NPR")[0]
    with open(long_path, "w", encoding="utf-8") as out:
        out.write(body + "".join(body.split("\n\n", 3)[3] for _ in range(19)) + " Transcript provided by NPR, Copyright NPR.\n")
    inputs["seed x20"] = long_path

    rows = []
    for name, path in inputs.items():
        text_path = os.path.join(work, "body.txt")
        with open(text_path, "w") as out:
            subprocess.run([args.ttsread, path, "--dump", "text"], check=True, stdout=out)
        words = len(open(text_path).read().split())
        wav = os.path.join(work, "out.wav")
        # In turns, run after run: the ratios compare runs made under the same load.
        ref, one, two, plain, floor = measure_alternating([
            ["espeak-ng", "-f", text_path, "-w", os.path.join(work, "ref.wav")],
            [args.ttsread, path, "-o", wav, "-j", "1"],
            [args.ttsread, path, "-o", wav, "-j", "2"],
            [args.ttsread, path, "-o", wav, "-j", "1", "--loudness", "off"],
            voices_floor(args.ttsread, path, work)], args.runs)
        # ttsread's CPU over the floor's in the same round, round by round: on
        # two vCPUs the kernel's placement of the workers moves it by 20 %
        # from run to run, so the spread is part of the figure.
        spread = [a / b for a, b in zip(one[3], floor[3])]
        rows.append((name, words, ref, one, two, plain, floor[1], spread))

    print("%-9s %6s | %-22s | %-22s | %-22s | %s" % ("input", "words", "espeak-ng wall/cpu/rss",
          "ttsread -j1", "ttsread -j2", "ratios"))
    for name, words, ref, one, two, plain, floor, spread in rows:
        fmt = lambda m: "%5.3fs %5.3fs %6.1fMB" % (m[0], m[1], m[2] / 1024)
        print("%-9s %6d | %s | %s | %s | cpu j1/espeak %.2f (%.2f with --loudness off), wall j2/espeak %.2f" % (
            name, words, fmt(ref), fmt(one), fmt(two), one[1] / ref[1], plain[1] / ref[1], two[0] / ref[0]))
    for name, words, ref, one, two, plain, floor, spread in rows:
        print("%-9s floor (espeak-ng speaking each voice's turns in that voice and rate): cpu %.3fs; "
              "ttsread -j1 cpu %.2f x floor (rounds %.2f-%.2f; %.2f with --loudness off); "
              "wall -j2/-j1 %.2f" % (name, floor, one[1] / floor, min(spread), max(spread),
                                     plain[1] / floor, two[0] / one[0]))
    rss = [row[3][2] / 1024 for row in rows]
    print("peak RSS of ttsread -j1: %.1f MB (seed) vs %.1f MB (seed x20), difference %.1f MB" % (
        rss[0], rss[1], abs(rss[1] - rss[0])))

    batch_ratio(args.ttsread, args.seed, work, max(5, args.runs // 2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
