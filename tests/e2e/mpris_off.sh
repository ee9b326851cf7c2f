#!/bin/sh
# mpris_off.sh: a build without media keys (make MPRIS=0) links no
# libsystemd and holds no sd-bus code, says so in --version and in -v, and
# plays a turn whole with a session bus there without taking a name on it;
# the build under test links libsystemd. Apart from play_mpris.sh, which
# runs alone (keys at set moments): building takes a while, this need not.
set -u
TTSREAD=${TTSREAD:-build/ttsread}
for tool in python3 dbus-daemon dbus-send readelf flock; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is needed (Debian: dbus-daemon, dbus-bin, binutils, util-linux)"; exit 77; }
done
work=$(mktemp -d /tmp/mpris_off.XXXXXX)
bus_pid=""
trap '[ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null; rm -rf "$work"' EXIT
fixture=tests/fixtures/play/dialogue.txt

# One plain MPRIS=0 build for every runner of this tree (make check runs the
# plain and the sanitizer tests at once): the second finds it made. Plain
# whichever runner makes it: make exports its command line's SANITIZE and
# OPTIMIZE to the tests, and objects made with them would not link with
# those made without.
nompris=build/nompris
mkdir -p build
( unset MAKEFLAGS MFLAGS MAKELEVEL SANITIZE OPTIMIZE
  flock "$nompris.lock" make -s BUILD="$nompris" MPRIS=0 "$nompris/ttsread" ) >"$work/build.log" 2>&1 ||
    { echo "FAIL: make MPRIS=0: $(tail -5 "$work/build.log")"; exit 1; }
"$TTSREAD" --no-config "$fixture" -q --loudness off -o "$work/reference.wav" \
    --captions "$work/reference.json" || { echo "FAIL: could not render the fixture"; exit 1; }

. tests/support/session_bus.sh
start_session_bus || { echo "FAIL: dbus-daemon did not start"; exit 1; }

ALSA_CONFIG_PATH="$PWD/tests/fixtures/play/capture.conf" TTSREAD_TEST_REALTIME=1 \
python3 - "$TTSREAD" "$nompris/ttsread" "$fixture" "$work" <<'PYTHON'
import array, json, os, re, subprocess, sys, time, wave
sys.path.insert(0, "tests/support")
from capture import check, failures

binary, nompris, fixture, work = sys.argv[1:5]
reference = wave.open(os.path.join(work, "reference.wav"))
ref = array.array("h", reference.readframes(reference.getnframes()))
turn_7 = json.load(open(os.path.join(work, "reference.json")))["turns"][6]["start_sample"]

def owned(name):
    run = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/",
                          "org.freedesktop.DBus.NameHasOwner", "string:" + name],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=20)
    return b"boolean true" in run.stdout

capture = os.path.join(work, "turn7.raw")
player = subprocess.Popen([nompris, "--no-config", fixture, "--play", "--loudness", "off",
                           "--start-at", "7", "-v"], stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=dict(os.environ, TTSREAD_CAPTURE=capture))
name = "org.mpris.MediaPlayer2.ttsread.instance%d" % player.pid
ever_owned = False
while player.poll() is None:
    ever_owned = ever_owned or owned(name)
    time.sleep(0.1)
errors = player.stderr.read().decode(errors="replace")
check(player.returncode == 0, "MPRIS=0 --play: exit status %d: %s" % (player.returncode, errors[-300:]))
check(not ever_owned, "MPRIS=0 --play: %s was owned on the bus" % name)
heard = array.array("h", open(capture, "rb").read()) if os.path.exists(capture) else array.array("h")
check(heard == ref[turn_7:], "MPRIS=0 --play: the capture is not turn 7 (%d samples, expected %d)"
      % (len(heard), len(ref) - turn_7))
lines = [line for line in errors.splitlines() if "media keys off" in line]
check(len(lines) == 1 and "built without MPRIS" in lines[0],
      "MPRIS=0 -v did not say once that media keys are off, built without MPRIS: %r" % errors)

for program, expected in ((nompris, "not built in"), (binary, "built in")):
    version = subprocess.run([program, "--version"], stdout=subprocess.PIPE).stdout.decode()
    check(re.search(r"^MPRIS media keys: %s\b" % expected, version, re.M) is not None,
          "%s --version says %r" % (program, version))
# Linked directly, not only through eSpeak NG's audio library as ldd would show.
def links_libsystemd(program):
    dynamic = subprocess.run(["readelf", "-d", program], stdout=subprocess.PIPE).stdout.decode()
    check("(NEEDED)" in dynamic, "readelf -d %s shows no library at all" % program)
    return re.search(r"\(NEEDED\).*\[libsystemd\.so", dynamic) is not None
check(links_libsystemd(binary), "%s, built with MPRIS, does not link libsystemd" % binary)
check(not links_libsystemd(nompris), "the MPRIS=0 build links libsystemd")
check(b"sd_bus" not in open(nompris, "rb").read(), "the MPRIS=0 build holds sd-bus code")

if failures:
    sys.exit(1)
print("MPRIS=0: no libsystemd, no sd-bus code, --version and -v say so, and turn 7 plays whole")
print("with a session bus there, no name taken on it; the build under test links libsystemd")
PYTHON
