#!/bin/sh
# check-scale.sh: the README's recipes for a batch past one machine, run for
# real on this machine: a one-node Slurm cluster (munged, slurmctld, slurmd
# in a temporary folder, on 127.0.0.1) runs the job-array recipe, and GNU
# parallel runs its recipe with 2 local job slots. Each must give the bytes
# of a single -O run, and the shards' manifests together must list every
# input exactly once. Usage: check-scale.sh BUILD_DIR (make check-scale).
# Skips (exit 0, with a message) when not root or the packages are missing:
# slurmd runs jobs as their user, which takes root.
set -u
BUILD=$(cd "${1:-build}" && pwd)
say() { echo "check-scale: $*"; }
if [ "$(id -u)" != 0 ]; then
    say "skipped: a Slurm cluster needs root (slurmd runs each job as its user)"
    exit 0
fi
for command in munged mungekey slurmctld slurmd sbatch scontrol parallel; do
    if ! command -v "$command" >/dev/null 2>&1; then
        say "skipped: $command is missing (make deps installs slurm-wlm, munge and parallel)"
        exit 0
    fi
done

started=$(date +%s)
work=$(mktemp -d /tmp/ttsread-scale.XXXXXX)
chmod 700 "$work"   # munged refuses a key or socket in a folder others can write
failures=0
fail() { say "FAIL: $*"; failures=$((failures + 1)); }

# The daemons this script started, stopped by their pid files on every way
# out (a failure, ^C, the end): each pid file is written by its daemon.
stop_daemons() {
    if [ -f "$work/slurmctld.pid" ]; then
        SLURM_CONF="$work/slurm.conf" scancel --quiet --user=root 2>/dev/null
    fi
    for daemon in slurmd slurmctld munged; do
        pid_file="$work/$daemon.pid"
        [ -s "$pid_file" ] || continue
        pid=$(cat "$pid_file")
        kill "$pid" 2>/dev/null || continue
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    done
}
finish() {
    stop_daemons
    rm -rf "$work"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- inputs: ~90 short transcripts from the parse fixtures, in folders
# whose files share names (set0/interview3.txt, set1/interview3.txt...), so
# that names with -2 must come out alike in every shard
mkdir -p "$work/pages/set0" "$work/pages/set1" "$work/pages/set2"
i=0
for round in $(seq 1 3); do
    for fixture in tests/fixtures/parse/*.txt; do
        for set in 0 1 2; do
            i=$((i + 1))
            name=$(basename "$fixture" .txt)
            { echo "Episode $i"; echo; head -n 12 "$fixture"; } >"$work/pages/set$set/$name$round.txt"
        done
    done
done
cd "$work" || exit 1
find pages -name '*.txt' | LC_ALL=C sort >pages.txt
count=$(wc -l <pages.txt)
say "$count inputs"
export PATH="$BUILD:$PATH"
export TTSREAD_VOICES="${TTSREAD_VOICES:-$OLDPWD/voices}"
shards=6

# ---- the reference: one machine, one -O run
ttsread -q --no-config -j 2 -O single --inputs-from pages.txt --manifest single.jsonl ||
    fail "the single -O run"
[ "$(ls single | wc -l)" = "$count" ] || fail "the single run wrote $(ls single | wc -l) files"

# same_as_single FOLDER MANIFESTS...: the folder holds the single run's
# files, byte for byte, and the manifests (in shard order) list each input once
same_as_single() {
    folder=$1
    shift
    [ "$(ls "$folder")" = "$(ls single)" ] || fail "$folder: other files than the single run's"
    for file in single/*; do
        cmp -s "$file" "$folder/${file#single/}" || fail "$folder/${file#single/} differs"
    done
    cat "$@" | python3 -c '
import json, sys
got = [json.loads(line)["input"] for line in sys.stdin]
want = open("pages.txt").read().split()
assert sorted(got) == sorted(want) and len(set(got)) == len(got), "not every input once"
assert got == want, "the shards are not the list in order"
' || fail "$folder: the manifests do not list every input exactly once"
}

# ---- a one-node Slurm cluster: a key, munged, then slurmctld and slurmd
mungekey --create --keyfile="$work/munge.key" || fail "mungekey"
munged --force --socket="$work/munge.socket" --key-file="$work/munge.key" \
    --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munged.seed" ||
    { fail "munged: $(tail -n 3 "$work/munged.log")"; exit 1; }
# two free ports, so that another cluster on this machine is no bother
set -- $(python3 -c '
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])')
host=$(hostname -s)
mkdir -p "$work/state" "$work/spool"
cat >"$work/slurm.conf" <<EOF
ClusterName=ttsread-check
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
$(slurmd -C | head -n 1) NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
for _ in $(seq 1 60); do
    scontrol show node "$host" 2>/dev/null | grep -q 'State=IDLE' && break
    sleep 0.5
done
scontrol show node "$host" 2>/dev/null | grep -q 'State=IDLE' ||
    { fail "the node did not come up: $(tail -n 5 "$work/slurmctld.log" "$work/slurmd.log")"; exit 1; }
say "Slurm up on $host (ports $1, $2)"

# ---- the README's job-array recipe (a list, a shard per task)
mkdir -p manifests audio
timeout 900 sbatch --wait --quiet --output=/dev/null --array=0-$((shards - 1)) --cpus-per-task=1 --wrap \
  "ttsread -q --no-config -j \"\$SLURM_CPUS_PER_TASK\" -O audio --skip-existing \
     --inputs-from pages.txt --shard \"\$SLURM_ARRAY_TASK_ID/$shards\" \
     --manifest \"manifests/\$SLURM_ARRAY_TASK_ID.jsonl\"" || fail "the job array failed"
same_as_single audio $(seq -f 'manifests/%g.jsonl' 0 $((shards - 1)))
say "Slurm job array: $shards shards, $(ls audio | wc -l) files"

# ---- the README's GNU parallel recipe, with this machine's 2 job slots
mkdir -p parallel/audio parallel/manifests
parallel --will-cite --sshlogin 2/: --workdir "$PWD" \
    ttsread -q --no-config --skip-existing -O parallel/audio --inputs-from pages.txt \
    --shard {}/3 --manifest parallel/manifests/{}.jsonl ::: 0 1 2 || fail "GNU parallel failed"
same_as_single parallel/audio parallel/manifests/0.jsonl parallel/manifests/1.jsonl \
    parallel/manifests/2.jsonl
say "GNU parallel: 3 shards, $(ls parallel/audio | wc -l) files"

say "$failures failures in $(($(date +%s) - started)) s"
[ "$failures" = 0 ]
