#!/bin/sh
# latency.sh: how soon `ttsread --play` is heard. Measures, over several runs,
# the time from starting the process to the first non-silent sample that
# reaches the audio device, captured by ALSA's file plugin into a FIFO
# (tests/fixtures/play/capture.conf), next to the same for plain espeak-ng
# on the same text.
# Usage: bench/latency.sh [path/to/ttsread] [input] [runs]
#   input defaults to the seed ($TTS_SEED or ../shared/seeds/...), else the
#   play fixture; runs defaults to 20.
# Note: the file plugin holds one device buffer (35 ms of audio for ttsread)
# before writing, so a capture sample shows up once that much more audio has
# been handed over; the null device behind it plays instantly, so this adds
# only the time to produce that audio. espeak-ng is measured into the same
# device (its own ALSA output) and, for reference, to a pipe.
# `ttsread -v --play` prints its own figure ("first audio written N ms after
# start"), measured inside the process. bench/first_sound_floor.c, built here
# with cc, is the least any reader on eSpeak NG and PortAudio does before its
# first sound; it is timed the same way, as the floor beside both.
set -eu

binary=${1:-build/ttsread}
seed=${TTS_SEED:-../shared/seeds/npr-cyberattack-transcript.txt}
[ -f "$seed" ] || seed=tests/fixtures/play/dialogue.txt
input=${2:-$seed}
runs=${3:-20}

if [ ! -x "$binary" ]; then
    echo "latency.sh: $binary is not an executable (build it first)" >&2
    exit 2
fi
command -v python3 >/dev/null || { echo "latency.sh: python3 is needed" >&2; exit 2; }
export TTSREAD_VOICES="${TTSREAD_VOICES:-$PWD/voices}"
export ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/capture.conf"

exec python3 - "$binary" "$input" "$runs" <<'PYTHON'
import array, os, select, shutil, statistics, subprocess, sys, tempfile, time

binary, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def first_sound(command, env, fifo, header=0):
    """Milliseconds from starting command to its first non-zero sample on fifo
    (or on its stdout, after `header` bytes)."""
    if fifo is not None:
        # The capture file is opened twice (PortAudio probes the device first):
        # a writer of our own keeps the FIFO from reporting end-of-file between.
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        keeper = os.open(fifo, os.O_WRONLY)
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE,
                               stdout=subprocess.PIPE if fifo is None else subprocess.DEVNULL)
    if fifo is None:
        reader = process.stdout.fileno()
    heard, data, skipped = None, b"", 0
    while True:
        ready, _, _ = select.select([reader], [], [], 0.05)
        chunk = os.read(reader, 65536) if ready else b""
        if not chunk and (process.poll() is not None or (fifo is None and ready)):
            break
        if skipped < header:
            take = min(header - skipped, len(chunk))
            skipped += take
            chunk = chunk[take:]
        if heard is None and chunk:
            data += chunk
            usable = len(data) - len(data) % 2
            if any(array.array("h", data[:usable])):
                heard = (time.monotonic() - started) * 1000
            data = data[usable:]
    errors = process.stderr.read().decode(errors="replace")
    if fifo is not None:
        os.close(reader)
        os.close(keeper)
    if process.wait() != 0 or heard is None:
        sys.exit("%s failed: %s" % (command[0], errors or "no sound"))
    return heard, errors

def summary(name, values):
    values = sorted(values)
    print("%-34s median %6.1f ms   min %6.1f   max %6.1f   (%d runs)"
          % (name, statistics.median(values), values[0], values[-1], len(values)))

directory = tempfile.mkdtemp()
fifo = os.path.join(directory, "capture.fifo")
os.mkfifo(fifo)
env = dict(os.environ, TTSREAD_CAPTURE=fifo)
captured, reported = [], []
for _ in range(runs):
    heard, errors = first_sound([binary, path, "--play", "-v"], env, fifo)
    captured.append(heard)
    for line in errors.splitlines():
        if "first audio written" in line:
            reported.append(float(line.split("written ")[1].split(" ms")[0]))
print("input:", path)
summary("ttsread --play, at the device", captured)
if reported:
    summary("ttsread --play -v, its own figure", reported)

espeak = shutil.which("espeak-ng")
if espeak:
    # The same text as ttsread's first turn would be unfair either way;
    # plain espeak-ng reads the whole file from its start. Into the same
    # device (its own ALSA output, through the same file plugin) is the
    # comparison that counts; to a pipe, for reference.
    device = [first_sound([espeak, "-f", path], env, fifo)[0] for _ in range(runs)]
    summary("espeak-ng, at the device", device)
    plain = [first_sound([espeak, "-f", path, "--stdout"], os.environ, None, header=44)[0]
             for _ in range(runs)]
    summary("espeak-ng --stdout, first sample", plain)
    # What any reader on eSpeak NG and PortAudio pays (bench/first_sound_floor.c):
    # PortAudio's start alone (its JACK probe sleeps 3 ms in libjack when no
    # JACK server runs) is most of espeak-ng's whole first sound.
    floor_binary = os.path.join(directory, "first_sound_floor")
    built = subprocess.run("cc -std=c11 -D_GNU_SOURCE -O2 bench/first_sound_floor.c -o %s "
                           "$(pkg-config --cflags portaudio-2.0) -lespeak-ng -lpthread -ldl"
                           % floor_binary, shell=True, stderr=subprocess.PIPE)
    floor = []
    if built.returncode == 0:
        floor = [first_sound([floor_binary, path], env, fifo)[0] for _ in range(runs)]
        summary("eSpeak NG + PortAudio floor", floor)
    else:
        print("(bench/first_sound_floor.c did not build: %s)"
              % built.stderr.decode(errors="replace").strip().splitlines()[-1:])
    ratio = statistics.median(captured) / statistics.median(device)
    print("ratio at the device: %.2f" % ratio + ("; the floor's: %.2f" % (
        statistics.median(floor) / statistics.median(device)) if floor else ""))
shutil.rmtree(directory)
PYTHON
