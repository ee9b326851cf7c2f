#!/bin/sh
# play_keys.sh: keys drive --play through a pseudo-terminal (python3's pty),
# with the audio captured by ALSA's file plugin. The null device behind the
# capture swallows audio as fast as it comes, so TTSREAD_TEST_REALTIME=1 makes
# the player pace its writes to the wall clock: a key pressed a second into a
# turn then lands a second into that turn's audio. Checked: n skips the rest
# of a turn (the capture holds turn 2's start, then turn 3, and not turn 2's
# end); . and , move by sentences; space pauses without losing or adding a sample; q quits with status 0;
# SIGTERM exits 143; the terminal settings (tcgetattr, as stty -g shows them)
# are the same afterwards every time. A jump starts a fresh mix, without the
# limiter's history from the whole file, so these runs use --loudness off.
set -u
TTSREAD=${TTSREAD:-build/ttsread}
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed for the pseudo-terminal"; exit 77; }
work=$(mktemp -d /tmp/play_keys.XXXXXX)
trap 'rm -rf "$work"' EXIT
fixture=tests/fixtures/play/dialogue.txt

"$TTSREAD" "$fixture" -q --loudness off -o "$work/reference.wav" --captions "$work/reference.json" || {
    echo "FAIL: could not render the fixture"; exit 1; }

ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/capture.conf" TTSREAD_TEST_REALTIME=1 \
exec python3 - "$TTSREAD" "$fixture" "$work" <<'PYTHON'
import array, fcntl, json, os, pty, select, signal, subprocess, sys, termios, time, wave
sys.path.insert(0, "tests/support")
import capture
from capture import check, failures

binary, fixture, work = sys.argv[1:4]
RATE = 22050
ref, turns, start, end = capture.reference(work)

class Session:
    """ttsread on a pseudo-terminal that is its controlling terminal."""
    def __init__(self, name, *options):
        self.name = name
        self.capture = os.path.join(work, name + ".raw")
        self.master, self.slave = pty.openpty()
        self.modes_before = termios.tcgetattr(self.slave)
        self.output = b""
        def controlling_terminal():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        env = dict(os.environ, TTSREAD_CAPTURE=self.capture)
        self.started = time.monotonic()
        command = [binary, fixture, "--play", "--loudness", "off"] + list(options)
        self.process = subprocess.Popen(command,
                                        stdin=self.slave, stdout=self.slave, stderr=self.slave,
                                        preexec_fn=controlling_terminal, env=env)

    def pump(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    return

    def wait_for(self, text, timeout=20):
        mark = len(self.output)
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output[mark:] and time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            self.pump(0.02)
        found = text.encode() in self.output[mark:]
        check(found, "%s: the status line never showed %r" % (self.name, text))
        return found

    def key(self, bytes_):
        os.write(self.master, bytes_)

    def finish(self, expected_status, timeout=30):
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.pump(0.05)
        if self.process.poll() is None:
            self.process.kill()
            check(False, "%s: still running after %d s" % (self.name, timeout))
        self.pump(0.1)
        self.seconds = time.monotonic() - self.started
        check(self.process.returncode == expected_status,
              "%s: exit status %s, expected %d" % (self.name, self.process.returncode,
                                                   expected_status))
        check(termios.tcgetattr(self.slave) == self.modes_before,
              "%s: terminal settings not restored" % self.name)
        os.close(self.master)
        os.close(self.slave)
        return array.array("h", open(self.capture, "rb").read()) if os.path.exists(self.capture) \
            else array.array("h")

def first_difference(heard, offset):
    return capture.first_difference(heard, ref, offset)

find = capture.find

# n during turn 2 skips to turn 3; q quits with status 0.
skip = Session("skip")
if skip.wait_for("turn 2 of 7"):
    skip.pump(1.5)
    skip.key(b"n")
    if skip.wait_for("turn 3 of 7"):
        skip.pump(1.3)
skip.key(b"q")
heard = skip.finish(0)
same = first_difference(heard, 0)
check(same >= start[1] + RATE // 2,
      "skip: only %.2f s of turn 2 were heard before the cut" % ((same - start[1]) / RATE))
check(same < end[1] - RATE, "skip: turn 2 was not cut short (heard up to %d of %d)" % (same, end[1]))
turn3 = find(heard, ref[start[2]:start[2] + RATE // 4])
check(turn3 >= same, "skip: the start of turn 3 is missing after the cut")
check(turn3 < start[2], "skip: turn 3 came no earlier than without the skip")
check(find(heard, ref[end[1] - RATE:end[1]]) < 0, "skip: the end of turn 2 was played anyway")
check(b"Anna Reyes  turn 3 of 7" in skip.output, "skip: no status line naming the speaker")

# . jumps to the next sentence of the turn, , back to the one before: the
# capture goes on from the sentence's first word, after a short breath.
def word_sample(turn, text):
    word = next(w for w in turns[turn]["words"] if w["text"] == text)
    return int(round(word["start"] * RATE))
second = word_sample(1, "Tonight")
first = word_sample(1, "The")
sentence = Session("sentence")
if sentence.wait_for("turn 2 of 7"):
    sentence.pump(1.0)
    sentence.key(b".")
    sentence.pump(1.5)
    sentence.key(b",")
    sentence.pump(1.0)
sentence.key(b"q")
heard = sentence.finish(0)
cut = first_difference(heard, 0)
check(cut < second - RATE, "sentence: the first sentence was not cut (heard up to %d)" % cut)
at = find(heard, ref[second + RATE // 20:second + RATE // 20 + RATE // 4]) - RATE // 20
check(at >= cut and at - cut <= int(0.175 * RATE) + RATE // 10,
      "sentence: . did not resume at the next sentence within 100 ms (cut %d, found %d)" % (cut, at))
# the turn's first word is timed from the turn's start, its sound a little later
back = find(heard[at + RATE // 4:], ref[first + RATE // 10:first + RATE // 10 + RATE // 4]) if at >= 0 else -1
check(back >= 0, "sentence: , did not go back to the sentence before")

# q keeps the place (the sentence being heard); --resume starts there.
os.environ["XDG_STATE_HOME"] = os.path.join(work, "state")
quit_ = Session("quit")
if quit_.wait_for("turn 2 of 7"):
    quit_.pump(1.0)
    quit_.key(b".")
    quit_.pump(1.0)
quit_.key(b"q")
quit_.finish(0)
resumed = Session("resumed", "--resume")
resumed.pump(1.5)
resumed.key(b"q")
heard = resumed.finish(0)
# (a word's time in the captions and where its sound starts can differ by a
# few samples: compare from 50 ms into it)
at = find(heard, ref[second + RATE // 20:second + RATE // 20 + RATE // 4])
check(0 <= at <= RATE // 20 + RATE // 10,
      "resume: the capture does not start at the sentence quit in (found at %d)" % at)
# a damaged position file is a one-line note, and playback starts at the start
folder = os.path.join(work, "state", "ttsread", "positions")
for name in os.listdir(folder):
    open(os.path.join(folder, name), "w").write("garbage\n")
damaged = Session("damaged", "--resume", "--start-at", "7")
damaged.finish(0)
check(b"ignoring the saved position" in damaged.output, "resume: no note for a damaged file")
del os.environ["XDG_STATE_HOME"]

# Space pauses and resumes without losing or adding a sample; --start-at a turn.
pause = Session("pause", "--start-at", "6")
if pause.wait_for("turn 6 of 7"):
    pause.pump(1.0)
    pause.key(b" ")
    pause.wait_for("(paused)")
    pause.pump(1.5)
    pause.key(b" ")
heard = pause.finish(0)
check(heard == ref[start[5]:],
      "pause: the capture is not turns 6 and 7 exactly (%d samples, expected %d, differ at %d)"
      % (len(heard), len(ref) - start[5], first_difference(heard, start[5])))
audio_seconds = (len(ref) - start[5]) / RATE
check(pause.seconds > audio_seconds + 1.2,
      "pause: finished in %.1f s, no longer than the %.1f s of audio" % (pause.seconds, audio_seconds))

# The clock: during plain playback the position never goes back, and the
# total, once measured (no "~"), is the piece's length within a second.
import re
clock = Session("clock", "--start-at", "6")
clock.finish(0)
times = [(int(m[0]) * 60 + int(m[1]), m[2], int(m[3]) * 60 + int(m[4]))
         for m in re.findall(rb"turn \d+ of 7  (\d+):(\d\d) / (~?)(\d+):(\d\d)", clock.output)]
check(len(times) >= 3, "clock: too few status lines: %r" % clock.output[-300:])
check(all(b[0] >= a[0] for a, b in zip(times, times[1:])),
      "clock: the position went back: %s" % [t[0] for t in times])
measured = [t[2] for t in times if t[1] == b""]
check(measured and abs(measured[-1] - len(ref) / RATE) <= 1.0,
      "clock: total %s, the piece lasts %.1f s" % (measured[-1:] or "never measured", len(ref) / RATE))

# +, s and ? do what they say and playback goes on; Esc quits.
keys = Session("keys", "--start-at", "3")
if keys.wait_for("turn 3 of 7"):
    keys.key(b"+")
    keys.wait_for("speed 1.1")
    keys.key(b"s")
    keys.wait_for("speaking: Anna Reyes (host)")
    keys.key(b"?")
    keys.wait_for("q or Esc  quit")
keys.key(b"\x1b")
keys.finish(0)

# -q: no status line, even on a terminal.
quiet = Session("quiet", "--start-at", "7", "-q")
quiet.finish(0)
check(b"turn" not in quiet.output, "quiet: a status line was drawn: %r" % quiet.output[:200])

# SIGTERM mid-play: exit 143, terminal restored.
term = Session("term")
if term.wait_for("turn 2 of 7"):
    term.pump(0.5)
term.process.send_signal(signal.SIGTERM)
term.finish(143)

if failures:
    sys.exit(1)
print("keys skip, pause, quit and restore the terminal")
PYTHON
