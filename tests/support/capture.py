"""capture.py: where a captured stream of 16-bit samples (array "h") agrees
with a reference render, and the FAIL lines, for the --play tests
(play_keys.sh, play_mpris.sh, mpris_off.sh)."""

failures = []


def check(condition, message):
    """Records and prints a failure unless condition holds; returns condition."""
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def first_difference(heard, reference, offset):
    """First index where heard stops matching reference[offset:]."""
    count = min(len(heard), len(reference) - offset)
    for i in range(count):
        if heard[i] != reference[offset + i]:
            return i
    return count


def find(heard, samples):
    """Sample index of the first place heard holds samples, or -1."""
    at = heard.tobytes().find(samples.tobytes())
    while at >= 0 and at % 2:
        at = heard.tobytes().find(samples.tobytes(), at + 1)
    return at // 2 if at >= 0 else -1


def reference(work):
    """The reference render work/reference.wav as samples, the turns of its
    captions work/reference.json, and each turn's start and end sample."""
    import array, json, os, wave
    audio = wave.open(os.path.join(work, "reference.wav"))
    samples = array.array("h", audio.readframes(audio.getnframes()))
    turns = json.load(open(os.path.join(work, "reference.json")))["turns"]
    return samples, turns, [t["start_sample"] for t in turns], [t["end_sample"] for t in turns]
