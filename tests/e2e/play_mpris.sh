#!/bin/sh
# play_mpris.sh: media keys (MPRIS on the D-Bus session bus) drive --play as
# keys do. A private dbus-daemon is the session bus; dbus-send calls the
# player; the audio is captured by ALSA's file plugin, paced to the wall
# clock (TTSREAD_TEST_REALTIME=1), as in play_keys.sh. Checked on the
# capture: Pause stops it growing without losing a sample, Play resumes,
# Next cuts turn 2 for turn 3, Previous goes back a turn, Stop and Quit end
# with status 0; the properties (PlaybackStatus, Metadata naming the
# speaker heard, Rate, Can*) and their PropertiesChanged signals; --no-mpris
# and a bus that is not there play on without media keys. The build without
# them (make MPRIS=0) is mpris_off.sh's, which need not run alone.
set -u
TTSREAD=${TTSREAD:-build/ttsread}
for tool in python3 dbus-daemon dbus-send dbus-monitor; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is needed (Debian: dbus-daemon, dbus-bin)"; exit 77; }
done
"$TTSREAD" --version | grep -q '^MPRIS media keys: built in' ||
    { echo "FAIL: $TTSREAD has no media keys (built with MPRIS=0, or without libsystemd-dev)"; exit 1; }
work=$(mktemp -d /tmp/play_mpris.XXXXXX)
bus_pid=""
trap '[ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null; rm -rf "$work"' EXIT
fixture=tests/fixtures/play/dialogue.txt

"$TTSREAD" --no-config "$fixture" -q --loudness off -o "$work/reference.wav" \
    --captions "$work/reference.json" || { echo "FAIL: could not render the fixture"; exit 1; }

. tests/support/session_bus.sh
start_session_bus || { echo "FAIL: dbus-daemon did not start"; exit 1; }

ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/capture.conf" TTSREAD_TEST_REALTIME=1 \
python3 - "$TTSREAD" "$fixture" "$work" <<'PYTHON'
import array, json, os, re, subprocess, sys, time, wave
sys.path.insert(0, "tests/support")
import capture
from capture import check, failures

binary, fixture, work = sys.argv[1:4]
RATE = 22050
ref, turns, start, end = capture.reference(work)

def dbus(*arguments, destination="org.freedesktop.DBus", path="/"):
    """dbus-send --print-reply: (exit status, output and errors)."""
    run = subprocess.run(["dbus-send", "--session", "--print-reply", "--reply-timeout=5000",
                          "--dest=" + destination, path] + list(arguments),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=20)
    return run.returncode, run.stdout.decode()

def owned(name):
    return 'boolean true' in dbus("org.freedesktop.DBus.NameHasOwner", "string:" + name)[1]

class Session:
    """ttsread --play on the private bus, its audio captured."""
    def __init__(self, name, *options, environment=None):
        self.name = name
        self.capture = os.path.join(work, name + ".raw")
        self.errors = os.path.join(work, name + ".err")
        env = dict(os.environ, TTSREAD_CAPTURE=self.capture, **(environment or {}))
        command = [binary, "--no-config", fixture, "--play", "--loudness", "off"] + list(options)
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=open(self.errors, "wb"),
                                        env=env)
        self.bus_name = "org.mpris.MediaPlayer2.ttsread.instance%d" % self.process.pid

    def call(self, interface_method, *arguments):
        return dbus(interface_method, *arguments, destination=self.bus_name,
                    path="/org/mpris/MediaPlayer2")

    def get(self, interface, prop):
        status, text = self.call("org.freedesktop.DBus.Properties.Get", "string:" + interface,
                                 "string:" + prop)
        return text if status == 0 else None

    def status(self):
        text = self.get("org.mpris.MediaPlayer2.Player", "PlaybackStatus") or ""
        found = re.search(r'string "(\w+)"', text)
        return found.group(1) if found else None

    def metadata(self):
        text = self.get("org.mpris.MediaPlayer2.Player", "Metadata") or ""
        track = re.search(r'object path "([^"]+)"', text)
        artist = re.search(r'"xesam:artist"\s*variant\s*array \[\s*string "([^"]*)"', text)
        return (track.group(1) if track else None, artist.group(1) if artist else None)

    def wait_for_name(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if owned(self.bus_name):
                return True
            time.sleep(0.05)
        return check(False, "%s: %s never appeared on the bus" % (self.name, self.bus_name))

    def samples(self):
        try:
            return os.path.getsize(self.capture) // 2
        except OSError:
            return 0

    def wait_for_sample(self, sample, timeout=30):
        deadline = time.monotonic() + timeout
        while self.samples() < sample and time.monotonic() < deadline and self.process.poll() is None:
            time.sleep(0.02)
        return check(self.samples() >= sample, "%s: the capture never reached sample %d" % (self.name, sample))

    def finish(self, expected_status, timeout=30):
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            check(False, "%s: still running after %d s" % (self.name, timeout))
        self.stderr = open(self.errors, "rb").read().decode(errors="replace")
        check(self.process.returncode == expected_status,
              "%s: exit status %s, expected %d: %s" % (self.name, self.process.returncode,
                                                        expected_status, self.stderr[-300:]))
        return array.array("h", open(self.capture, "rb").read()) if os.path.exists(self.capture) \
            else array.array("h")

def first_difference(heard, offset):
    return capture.first_difference(heard, ref, offset)

find = capture.find

def turn_path(index):
    return "/org/mpris/MediaPlayer2/ttsread/turn%d" % (index + 1)

# PropertiesChanged, as a desktop's media applet would see them.
monitor_log = open(os.path.join(work, "monitor.log"), "wb")
monitor = subprocess.Popen(["dbus-monitor", "--session",
                            "type='signal',interface='org.freedesktop.DBus.Properties',"
                            "member='PropertiesChanged',path='/org/mpris/MediaPlayer2'"],
                           stdout=monitor_log, stderr=subprocess.STDOUT)
time.sleep(0.3)

# ---- Pause, Play, Next and Stop, heard in the capture.
main = Session("main")
if main.wait_for_name():
    check(main.status() == "Playing", "main: PlaybackStatus is %r, not Playing" % main.status())
    root = main.call("org.freedesktop.DBus.Properties.GetAll", "string:org.mpris.MediaPlayer2")[1]
    for expected in [r'"Identity"\s*variant\s*string "ttsread"', r'"CanQuit"\s*variant\s*boolean true',
                     r'"CanRaise"\s*variant\s*boolean false', r'"HasTrackList"\s*variant\s*boolean false',
                     r'"SupportedUriSchemes"\s*variant\s*array \[\s*string "file"\s*string "http"\s*string "https"',
                     r'"SupportedMimeTypes"\s*variant\s*array \[\s*string "text/plain"']:
        check(re.search(expected, root), "main: org.mpris.MediaPlayer2 lacks %s: %s" % (expected, root))
    player = main.call("org.freedesktop.DBus.Properties.GetAll", "string:org.mpris.MediaPlayer2.Player")[1]
    for expected in [r'"Rate"\s*variant\s*double 1\s', r'"MinimumRate"\s*variant\s*double 0.5',
                     r'"MaximumRate"\s*variant\s*double 4', r'"Volume"\s*variant\s*double 1\s',
                     r'"CanGoNext"\s*variant\s*boolean true', r'"CanGoPrevious"\s*variant\s*boolean true',
                     r'"CanPlay"\s*variant\s*boolean true', r'"CanPause"\s*variant\s*boolean true',
                     r'"CanControl"\s*variant\s*boolean true', r'"CanSeek"\s*variant\s*boolean false',
                     r'"Position"\s*variant\s*int64 \d+']:
        check(re.search(expected, player), "main: the Player lacks %s: %s" % (expected, player))
    status, text = main.call("org.mpris.MediaPlayer2.Player.Seek", "int64:5000000")
    check(status != 0 and "NotSupported" in text, "main: Seek did not reply NotSupported: %s" % text)

    # a second into turn 2, the narrator's
    main.wait_for_sample(start[1] + RATE)
    track, artist = main.metadata()
    check(track == turn_path(1), "main: Metadata's track in turn 2 is %r" % track)
    check(artist == turns[1]["name"], "main: xesam:artist %r in turn 2, %r speaks" % (artist, turns[1]["name"]))
    check(re.search(r'"xesam:title"\s*variant\s*string "Night Ferry"', main.get(
        "org.mpris.MediaPlayer2.Player", "Metadata") or ""), "main: xesam:title is not the piece's")

    main.call("org.mpris.MediaPlayer2.Player.Pause")
    check(main.status() == "Paused", "main: PlaybackStatus %r after Pause" % main.status())
    time.sleep(0.3)
    paused_at = main.samples()
    time.sleep(1.2)
    check(main.samples() == paused_at, "main: the capture grew by %d samples while paused"
          % (main.samples() - paused_at))
    main.call("org.mpris.MediaPlayer2.Player.Pause")  # a second Pause changes nothing
    main.call("org.mpris.MediaPlayer2.Player.Play")
    check(main.status() == "Playing", "main: PlaybackStatus %r after Play" % main.status())
    time.sleep(0.6)
    check(main.samples() > paused_at + RATE // 4, "main: the capture did not grow after Play")

    main.call("org.mpris.MediaPlayer2.Player.Next")
    time.sleep(0.2)
    track, artist = main.metadata()
    check(track == turn_path(2), "main: Metadata's track after Next is %r" % track)
    check(artist == turns[2]["name"], "main: xesam:artist %r after Next, %r speaks" % (artist, turns[2]["name"]))
    time.sleep(1.3)
    main.call("org.mpris.MediaPlayer2.Player.Stop")
heard = main.finish(0, timeout=10)
same = first_difference(heard, 0)
check(same >= start[1] + RATE, "main: only %.2f s of turn 2 were heard, unbroken by the pause, before the cut"
      % ((same - start[1]) / RATE))
check(same < end[1] - RATE, "main: turn 2 was not cut short (heard up to %d of %d)" % (same, end[1]))
turn3 = find(heard, ref[start[2]:start[2] + RATE // 4])
check(turn3 >= same, "main: the start of turn 3 is missing after Next")
check(find(heard, ref[end[1] - RATE:end[1]]) < 0, "main: the end of turn 2 was played anyway")
check(len(heard) < len(ref) - RATE, "main: Stop did not stop (%d of %d samples)" % (len(heard), len(ref)))

# ---- Previous goes back a turn; Quit ends as q does.
back = Session("back", "--start-at", "5")
if back.wait_for_name():
    back.wait_for_sample(RATE // 2)
    back.call("org.mpris.MediaPlayer2.Player.Previous")
    time.sleep(0.2)
    check(back.metadata()[0] == turn_path(3), "back: Metadata's track after Previous is %r" % back.metadata()[0])
    time.sleep(1.0)
    back.call("org.mpris.MediaPlayer2.Quit")
heard = back.finish(0, timeout=10)
check(first_difference(heard, start[4]) >= RATE // 2, "back: turn 5 was not heard first")
check(find(heard, ref[start[3]:start[3] + RATE // 4]) > RATE // 2, "back: turn 4 was not heard after Previous")

time.sleep(0.3)
monitor.terminate()
monitor.wait()
signals = open(os.path.join(work, "monitor.log"), "rb").read().decode(errors="replace")
check(re.search(r'string "PlaybackStatus"\s*variant\s*string "Paused"', signals),
      "no PropertiesChanged said Paused: %s" % signals[-500:])
check(re.search(r'string "PlaybackStatus"\s*variant\s*string "Playing"', signals),
      "no PropertiesChanged said Playing")
check(turn_path(2) in signals and turns[2]["name"] in signals,
      "no PropertiesChanged gave turn 3's Metadata")

# ---- No media keys: --no-mpris, no bus. Each plays
# turn 7 whole, and -v says why the keys are off.
def plays_without_keys(name, why, *options, environment=None):
    session = Session(name, "--start-at", "7", "-v", *options, environment=environment)
    ever_owned = False
    while session.process.poll() is None:
        ever_owned = ever_owned or owned(session.bus_name)
        time.sleep(0.1)
    heard = session.finish(0)
    check(not ever_owned, "%s: the name was owned anyway" % name)
    check(heard == ref[start[6]:], "%s: the capture is not turn 7 (%d samples, expected %d)"
          % (name, len(heard), len(ref) - start[6]))
    lines = [line for line in session.stderr.splitlines() if "media keys off" in line]
    check(len(lines) == 1 and why in lines[0], "%s: -v did not say once why media keys are off (%r): %s"
          % (name, why, session.stderr))
    return session

plays_without_keys("no-mpris", "media keys off: --no-mpris", "--no-mpris")
nowhere = "unix:path=" + os.path.join(work, "no-bus-here")
plays_without_keys("no-bus", nowhere + ": no D-Bus session bus", environment={
    "DBUS_SESSION_BUS_ADDRESS": nowhere})
if failures:
    sys.exit(1)
print("media keys: Pause, Play, Next, Previous, Stop and Quit drive --play; the properties and")
print("their signals follow; without a bus or with --no-mpris it plays on without them")
PYTHON
