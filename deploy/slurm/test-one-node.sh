#!/usr/bin/env bash
# Brings up a one-node SLURM cluster on this machine (Debian's slurm-wlm and munge), unpacks the distributable
# (`make dist`) into a work folder as a site would onto a shared filesystem, submits its slurm/lyapsweep.sbatch
# with its quickstart at --ics 4, waits for the job, checks its results, and removes everything it started or
# wrote. Needs root (apt-get, daemons). Takes about a minute once packages and the tarball are there.
#
#   deploy/slurm/test-one-node.sh                          # the newest dist/lyapsweep-*.tar.gz (make dist if none)
#   LYAPSWEEP_DIST=/path/to/lyapsweep-….tar.gz deploy/slurm/test-one-node.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ $(id -u) == 0 ]] || { echo "test-one-node: needs root (apt-get, slurmctld, slurmd)" >&2; exit 1; }

tarball=${LYAPSWEEP_DIST:-$(ls -t dist/lyapsweep-*.tar.gz 2> /dev/null | head -n 1 || true)}
if [[ -z $tarball ]]; then
    make dist
    tarball=$(ls -t dist/lyapsweep-*.tar.gz | head -n 1)
fi
tarball=$(readlink -f "$tarball")

missing=()
for package in slurm-wlm munge; do dpkg -s "$package" > /dev/null 2>&1 || missing+=("$package"); done
if (( ${#missing[@]} )); then
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi

work=$(mktemp -d /tmp/lyapsweep-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    local status=$?
    if [[ -n ${SLURM_CONF:-} ]]; then scancel --quiet --user="$(id -un)" 2> /dev/null || true; fi
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2> /dev/null || true
    done
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
fail() { echo "test-one-node: FAIL: $*" >&2; for log in "$work"/*.log "$work"/job/*.out; do [[ -f $log ]] && { echo "--- $log"; tail -n 30 "$log"; }; done >&2; exit 1; }

# munge: a private key, socket and logs in the work folder.
mkdir -m 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge.log" --seed-file="$work/munge/seed"
pids+=("$(cat "$work/munge/munged.pid")")

# slurm: one node named after this host with the CPUs slurmd detects, everything under the work folder.
host=$(hostname -s)
node=$(slurmd -C | head -n 1)
mkdir -p "$work/state" "$work/spool" "$work/job"
export SLURM_CONF=$work/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=lyapsweep-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
$node State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=30 State=UP
CONF
slurmctld -i -f "$SLURM_CONF"
for _ in $(seq 100); do [[ -s $work/slurmctld.pid ]] && break; sleep 0.1; done
pids+=("$(cat "$work/slurmctld.pid")")
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do [[ -s $work/slurmd.pid ]] && break; sleep 0.1; done
pids+=("$(cat "$work/slurmd.pid")")
for _ in $(seq 60); do sinfo -h -o %t 2> /dev/null | grep -qx idle && break; sleep 1; done
sinfo -h -o %t | grep -qx idle || fail "the node did not become idle: $(sinfo -h -N -o '%N %t %E' 2>&1)"
echo "test-one-node: cluster up: $(sinfo -h -N -o '%N %c CPUs %t')"

# The distributable, unpacked as onto a shared filesystem.
mkdir "$work/opt"
tar -xzf "$tarball" -C "$work/opt"
dist=$(find "$work/opt" -mindepth 1 -maxdepth 1 -type d)
[[ -x $dist/bin/lyapsweep && -f $dist/slurm/lyapsweep.sbatch ]] || fail "$tarball lacks bin/lyapsweep or slurm/lyapsweep.sbatch"
echo "test-one-node: $(basename "$tarball") unpacked: $("$dist/bin/lyapsweep" --version)"

# The job: the tarball's quickstart at 4 initial conditions, one worker per core, database in the work folder.
cp "$dist/sweeps/quickstart.toml" "$work/job/"
job=$(cd "$work/job" && LYAPSWEEP_BIN=$dist/bin/lyapsweep LYAPSWEEP_SWEEP=quickstart.toml LYAPSWEEP_DB=$work/job/db/quickstart.sqlite \
    LYAPSWEEP_ARGS="--ics 4" sbatch --parsable --nodes=1 --ntasks-per-node=2 --time=10 "$dist/slurm/lyapsweep.sbatch")
echo "test-one-node: submitted job $job"
state=
for _ in $(seq 600); do
    state=$(scontrol show job "$job" 2> /dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
    [[ $state =~ ^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY)$ ]] && break
    sleep 1
done
output=$work/job/lyapsweep-$job.out
[[ $state == COMPLETED ]] || fail "job $job ended as ${state:-unknown}"
grep -q "4/4 tasks done" "$output" || fail "the job's output lacks '4/4 tasks done'"
grep -q "lambda_nMLE" "$output" || fail "the job's output lacks the λ table"
[[ -s $work/job/db/quickstart.sqlite && -s $work/job/db/lambda.csv ]] || fail "no database or lambda.csv in $work/job/db"
compgen -G "$work/job/.lyapsweep-keys*" > /dev/null && fail "the job left its generated keys behind"
echo "test-one-node: job $job COMPLETED; its output:"
sed 's/^/    /' "$output"
echo "test-one-node: PASS"
