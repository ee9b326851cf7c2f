#!/bin/sh
# --stereo places a conversation: speakers stand by order of first speech
# (first centre-left, second centre-right, later ones between), the narrator
# in the centre, whatever their profiles. Measured as each speaker's energy
# in the left and right channels over the caption spans of their turns: the
# seed's two men (Kuhn, then Greene) stand on opposite sides.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
pieces="tests/fixtures/listening/six-voices.txt"
[ -f "${TTS_SEED:-}" ] && pieces="$pieces $TTS_SEED"
for piece in $pieces; do
    name=$(basename "$piece" .txt)
    "$TTSREAD" "$piece" --stereo -q -j 2 -o "$work/$name.wav" --captions "$work/$name.json" ||
        fail "render $piece"
    "$TTSREAD" "$piece" --dump json >"$work/$name.dump.json" || fail "dump $piece"
done
python3 - "$work" $pieces <<'PY' || exit 1
import array, json, math, os, sys, wave
work, pieces = sys.argv[1], sys.argv[2:]
def sides(name):
    audio = wave.open(os.path.join(work, name + ".wav"))
    assert audio.getnchannels() == 2, "--stereo wrote %d channels" % audio.getnchannels()
    samples = array.array("h", audio.readframes(audio.getnframes()))
    energy = {}
    for turn in json.load(open(os.path.join(work, name + ".json")))["turns"]:
        left, right = energy.setdefault(turn["speaker"], [0.0, 0.0])
        part = samples[2 * turn["start_sample"]:2 * turn["end_sample"]]
        energy[turn["speaker"]] = [left + sum(x * x for x in part[0::2]),
                                   right + sum(x * x for x in part[1::2])]
    # Balance from -1 (all left) to 1 (all right).
    return {who: (r - l) / (r + l) for who, (l, r) in energy.items() if l + r > 0}
for piece in pieces:
    name = os.path.basename(piece)[:-4]
    balance = sides(name)
    dump = json.load(open(os.path.join(work, name + ".dump.json")))
    order = []
    for turn in dump["turns"]:
        if turn["kind"] == "speech" and turn["speaker"] != "narrator" and turn["speaker"] not in order:
            order.append(turn["speaker"])
    for who in ["narrator"] + order:
        print("%-8s %-16s balance %+.2f" % (name[:8], who, balance.get(who, float("nan"))))
    if "narrator" in balance:
        assert abs(balance["narrator"]) < 0.05, "the narrator is off centre: %.2f" % balance["narrator"]
    assert balance[order[0]] < -0.3, "first speaker %s not left: %.2f" % (order[0], balance[order[0]])
    assert balance[order[1]] > 0.3, "second speaker %s not right: %.2f" % (order[1], balance[order[1]])
    for later in order[2:]:
        assert 0.05 < abs(balance[later]) < abs(balance[order[0]]) + 0.05, \
            "%s: %.2f is not between the first two" % (later, balance[later])
    if "anthony-kuhn" in balance:
        genders = {s["id"]: s["voice"]["gender"] for s in dump["speakers"]}
        assert genders["anthony-kuhn"] == genders["david-greene"] == "male"
        assert balance["anthony-kuhn"] < -0.3 < 0.3 < balance["david-greene"], balance
print("stereo: speakers placed by order of first speech")
PY
