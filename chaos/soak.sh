#!/usr/bin/env bash
# chaos/soak.sh — a chaos soak of a real distributed run: faults for a bounded time, then exactness checks.
#
#   chaos/soak.sh [--duration SECONDS] [--binary PATH] [--tasks N] [--seed N] [--workdir DIR]
#
# Computes chaos/soak.toml calmly (`lyapsweep run`), then again with a coordinator and four workers in three
# network namespaces while injecting random faults for --duration seconds; then lets the run finish calmly and
# checks that every task is stored exactly once, none failed, and lambda.csv/fits.csv equal the calm run's byte
# for byte. Prints faults per kind and the checks; exits 1 if a check fails, 2 on a setup error. Needs root,
# iproute2 (ip), util-linux (unshare), nftables and python3 (pyzmq is installed into chaos/.venv if missing). Everything it creates —
# namespaces, the tmpfs, processes, nftables rules — is removed on exit, also on failure or Ctrl-C; logs, the
# databases and the tables stay in the work folder (default /tmp/lyapsweep-soak.XXXXXX). See chaos/README.md.
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=180
BINARY=.build/release/lyapsweep
TASKS=""
SEED=$(( $(date +%s) % 100000 ))
WORKDIR=""
SWEEP=$ROOT/chaos/soak.toml
EPSILONS=3              # ε values of chaos/soak.toml
VENV=${SOAK_VENV:-$ROOT/chaos/.venv}

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "soak: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case $1 in
        --duration) DURATION=$2; shift 2 ;;
        --binary) BINARY=$2; shift 2 ;;
        --tasks) TASKS=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --workdir) WORKDIR=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
[[ $DURATION =~ ^[0-9]+$ ]] && [ "$DURATION" -ge 10 ] || die "--duration must be a whole number of seconds ≥ 10, not '$DURATION'"
[ -z "$TASKS" ] || [[ $TASKS =~ ^[0-9]+$ && $TASKS -ge 10 ]] || die "--tasks must be a whole number ≥ 10, not '$TASKS'"
[[ $SEED =~ ^[0-9]+$ ]] || die "--seed must be a whole number, not '$SEED'"
[ "$(id -u)" = 0 ] || die "needs root (network namespaces, nftables, a tmpfs mount)"
for tool in ip nft unshare python3 mount umount dd; do command -v $tool >/dev/null || die "needs '$tool' (make soak installs iproute2 and nftables)"; done
[ -x "$BINARY" ] || die "no lyapsweep binary at $BINARY (build it: swift build -c release, or pass --binary)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")
if ! "$VENV/bin/python" -c 'import zmq' 2>/dev/null; then
    echo "soak: installing pyzmq into $VENV"
    { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pyzmq; } || die "could not install pyzmq into $VENV (python3-venv missing?)"
fi
PYTHON=$VENV/bin/python
RANDOM=$SEED

W=${WORKDIR:-$(mktemp -d /tmp/lyapsweep-soak.XXXXXX)}
mkdir -p "$W/logs" || die "cannot create $W"
W=$(cd "$W" && pwd)
LOGS=$W/logs
FS=$W/dbfs                 # the chaos run's database lives on a tmpfs of its own, so the disk can be filled
TAG=$(printf '%05x' $(( (RANDOM << 5 ^ RANDOM ^ $$) & 0xFFFFF )))
SUBNET=10.231.$(( RANDOM % 254 + 1 ))
NS_C=lsk-c-$TAG; NS_A=lsk-a-$TAG; NS_B=lsk-b-$TAG
NAMESPACES=()
MOUNTED=0

now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
rand() { REPLY=$(( $1 + RANDOM % ($2 - $1 + 1) )); }      # REPLY = a whole number in [$1, $2] (no subshell: one seeded stream)
stamp() { date -u +%H:%M:%S; }
say() { echo "[$(stamp)] $*" | tee -a "$LOGS/soak.log"; }

# ---------------------------------------------------------------- processes of the chaos run

NAMES=(coordinator worker-a1 worker-a2 worker-b1 worker-b2)
declare -A PID STATE NSOF RESTART_AT STARTS
NSOF=([coordinator]=$NS_C [worker-a1]=$NS_A [worker-a2]=$NS_A [worker-b1]=$NS_B [worker-b2]=$NS_B)
UNEXPECTED=()              # exits nobody asked for: "name status time"
DONE=0                     # the coordinator finished the sweep (exit status 0)
HOSTILE_PID=""
ACTIVE_FAULT=""            # the fault in progress, for the record of what the sweep's completion met
AT_COMPLETION=none

# A process runs as on its own host: `ip netns exec` into the host's namespace, then `unshare --uts` with the host
# name soak-c, soak-a or soak-b (so workers report distinct hosts). Each wrapper execs the next, so $! is the
# lyapsweep process itself; that is why this is a simple command and not a function (a function sent to the
# background runs in a subshell of its own, and $! would be that subshell).
HOST_WRAPPER='echo "$0" > /proc/sys/kernel/hostname && exec "$@"'

start_proc() {
    local name=$1
    echo "=== soak $(stamp): start (${STARTS[$name]:-0} earlier starts) ===" >> "$LOGS/$name.log"
    if [ "$name" = coordinator ]; then
        ip netns exec "${NSOF[$name]}" unshare --uts sh -c "$HOST_WRAPPER" "soak-${NSOF[$name]:4:1}" "$BINARY" coordinator "$SWEEP" --ics "$TASKS" --bind "$ENDPOINT" --insecure \
            --db "$FS/results.sqlite" --out "$OUT" >> "$LOGS/$name.log" 2>&1 &
    else
        ip netns exec "${NSOF[$name]}" unshare --uts sh -c "$HOST_WRAPPER" "soak-${NSOF[$name]:4:1}" "$BINARY" worker --connect "$ENDPOINT" --processes 1 >> "$LOGS/$name.log" 2>&1 &
    fi
    PID[$name]=$!
    STATE[$name]=up
    STARTS[$name]=$(( ${STARTS[$name]:-0} + 1 ))
}

exited() { [ ! -e /proc/$1 ] || [ "$(cut -d' ' -f3 /proc/$1/stat 2>/dev/null)" = Z ]; }

# Looks at every process the soak keeps up: one that exited on its own is recorded and restarted a second later
# (as a supervisor would), unless the sweep is complete; the coordinator's exit status 0 ends the run.
reap() {
    local name pid status now
    now=$(now_ms)
    for name in "${NAMES[@]}"; do
        case ${STATE[$name]:-} in
            up)
                pid=${PID[$name]}
                exited "$pid" || continue
                wait "$pid"; status=$?
                if [ "$name" = coordinator ] && [ $status = 0 ]; then
                    DONE=1; STATE[$name]=finished
                    AT_COMPLETION=${ACTIVE_FAULT:-none}
                    say "coordinator finished the sweep (fault in progress: $AT_COMPLETION)"
                elif [ $status = 0 ]; then
                    # A worker exits 0 after SHUTDOWN, which the coordinator sends just before it ends.
                    STATE[$name]=shutdown; RESTART_AT[$name]=$(( now + 15000 ))
                else
                    UNEXPECTED+=("$name exited on its own with status $status at $(stamp) (start ${STARTS[$name]}, log $LOGS/$name.log)")
                    say "UNEXPECTED: $name exited with status $status; restarting it in 1 s"
                    [ "${#UNEXPECTED[@]}" -le 100 ] || { say "more than 100 unexpected exits: giving up"; exit 1; }
                    STATE[$name]=restart; RESTART_AT[$name]=$(( now + 1000 ))
                fi ;;
            restart)
                if [ "$DONE" = 0 ] && [ "$now" -ge "${RESTART_AT[$name]}" ]; then start_proc "$name"; fi ;;
            shutdown)
                if [ "$DONE" = 1 ]; then
                    STATE[$name]=finished
                elif [ "$now" -ge "${RESTART_AT[$name]}" ]; then
                    UNEXPECTED+=("$name exited with status 0 (SHUTDOWN) but the coordinator did not end within 15 s (start ${STARTS[$name]}, log $LOGS/$name.log)")
                    say "UNEXPECTED: $name exited with status 0 but the sweep goes on; restarting it"
                    start_proc "$name"
                fi ;;
        esac
    done
}

# Waits $1 milliseconds, reaping every quarter second; returns early when the sweep is complete.
hold() {
    local end=$(( $(now_ms) + $1 ))
    while [ "$(now_ms)" -lt $end ] && [ "$DONE" = 0 ]; do reap; sleep 0.25; done
}

pick_worker() {  # REPLY = a random worker that is up; fails if none is
    local up=() name
    for name in "${NAMES[@]:1}"; do [ "${STATE[$name]}" = up ] && up+=("$name"); done
    [ ${#up[@]} -gt 0 ] && REPLY=${up[RANDOM % ${#up[@]}]}
}

# ---------------------------------------------------------------- faults

declare -A FAULTS
KINDS=(kill-worker kill-coordinator stop-worker stop-coordinator partition packet-drop disk-full hostile-frames)
for kind in "${KINDS[@]}"; do FAULTS[$kind]=0; done
declare -A HOSTILE=([garbage]=0 [bad_header]=0 [forged]=0 [replayed]=0 [raw_tcp]=0)
PROTOCOL="?"               # the coordinator's wire protocol version, as hostile.py learnt it

fault_kill() {  # $1: coordinator or a worker
    local name=$1 pause
    [ "${STATE[$name]}" = up ] || return 1
    rand "$2" "$3"; pause=$REPLY
    say "fault: SIGKILL $name (pid ${PID[$name]}), restart in ${pause} ms"
    kill -KILL "${PID[$name]}"; wait "${PID[$name]}" 2>/dev/null
    STATE[$name]=down
    hold "$pause"
    [ "$DONE" = 1 ] || start_proc "$name"
}

fault_stop() {
    local name=$1 pause
    [ "${STATE[$name]}" = up ] || return 1
    rand 2000 8000; pause=$REPLY
    say "fault: SIGSTOP $name (pid ${PID[$name]}) for ${pause} ms"
    kill -STOP "${PID[$name]}" 2>/dev/null    # (it may have just exited after SHUTDOWN: reap sees to that)
    STATE[$name]=stopped
    hold "$pause"
    kill -CONT "${PID[$name]}" 2>/dev/null
    STATE[$name]=up
}

nft_in() {  # $1 namespace, $2… an nftables rule for its input hook
    local ns=$1; shift
    ip netns exec "$ns" nft add table inet chaos &&
        ip netns exec "$ns" nft add chain inet chaos in '{ type filter hook input priority 0; }' &&
        ip netns exec "$ns" nft add rule inet chaos in "$@"
}
nft_clear() { ip netns exec "$1" nft delete table inet chaos 2>/dev/null; return 0; }

fault_network() {  # $1: partition or packet-drop
    local ns=${NAMESPACES[RANDOM % 3]} pause share
    if [ "$1" = partition ]; then
        rand 2000 8000; pause=$REPLY
        say "fault: partition $ns (all input dropped) for ${pause} ms"
        nft_in "$ns" drop || return 1
    else
        rand 5000 15000; pause=$REPLY; rand 10 30; share=$REPLY
        say "fault: drop ${share}% of $ns's input packets for ${pause} ms"
        nft_in "$ns" numgen random mod 100 '<' "$share" drop || return 1
    fi
    hold "$pause"
    nft_clear "$ns"
}

fault_disk() {
    local pause
    rand 2000 6000; pause=$REPLY
    dd if=/dev/zero of="$FS/fill" bs=1M status=none 2>/dev/null
    say "fault: database disk full ($(df --output=avail -B1 "$FS" | tail -1 | tr -d ' ') bytes left) for ${pause} ms"
    hold "$pause"
    rm -f "$FS/fill"
}

fault_hostile() {
    local seconds out
    rand 2 5; seconds=$REPLY
    say "fault: hostile frames to $ENDPOINT from $NS_B for ${seconds} s"
    out=$LOGS/hostile-${FAULTS[hostile-frames]}.json
    ip netns exec "$NS_B" "$PYTHON" "$ROOT/chaos/hostile.py" --endpoint "$ENDPOINT" --seconds "$seconds" \
        --calm-db "$W/calm/results.sqlite" --tasks "$TASKS" --seed "$RANDOM" > "$out" 2>> "$LOGS/hostile.log" &
    HOSTILE_PID=$!
    while ! exited $HOSTILE_PID && [ "$DONE" = 0 ]; do reap; sleep 0.25; done
    kill -KILL $HOSTILE_PID 2>/dev/null; wait $HOSTILE_PID 2>/dev/null; HOSTILE_PID=""
ACTIVE_FAULT=""            # the fault in progress, for the record of what the sweep's completion met
AT_COMPLETION=none
    local key value
    while read -r key value; do
        if [ "$key" = protocol ]; then PROTOCOL=$value; else HOSTILE[$key]=$(( ${HOSTILE[$key]:-0} + value )); fi
    done < <(
        "$PYTHON" -c 'import json,sys; [print(k, v) for k, v in json.load(open(sys.argv[1])).items()]' "$out" 2>/dev/null)
}

inject() {  # one random fault; counts it if it was injected
    local kind=${KINDS[RANDOM % ${#KINDS[@]}]}
    ACTIVE_FAULT=$kind
    case $kind in
        kill-worker) pick_worker && fault_kill "$REPLY" 300 2000 ;;
        kill-coordinator) fault_kill coordinator 500 3000 ;;
        stop-worker) pick_worker && fault_stop "$REPLY" ;;
        stop-coordinator) fault_stop coordinator ;;
        partition|packet-drop) fault_network $kind ;;
        disk-full) fault_disk ;;
        hostile-frames) fault_hostile ;;
    esac && FAULTS[$kind]=$(( FAULTS[$kind] + 1 ))
    ACTIVE_FAULT=""
}

calm_down() {  # stops every fault: rules, fill file, stopped processes; restarts what is down
    local ns name
    for ns in "${NAMESPACES[@]}"; do nft_clear "$ns"; done
    rm -f "$FS/fill"
    for name in "${NAMES[@]}"; do
        case ${STATE[$name]:-} in
            stopped) kill -CONT "${PID[$name]}"; STATE[$name]=up ;;
            down|restart) [ "$DONE" = 1 ] || start_proc "$name" ;;
            shutdown) [ "$DONE" = 1 ] && STATE[$name]=finished ;;
        esac
    done
}

# ---------------------------------------------------------------- cleanup

FG_PID=""
# Runs a long command and waits for it with `wait`, which a signal interrupts (a foreground command would make
# the INT/TERM trap wait for its end); returns the command's status.
in_background() {
    "$@" &
    FG_PID=$!
    wait "$FG_PID"
    local status=$?
    FG_PID=""
    return $status
}

cleanup() {
    local status=$? name ns
    trap - EXIT INT TERM
    [ -n "$HOSTILE_PID" ] && kill -KILL "$HOSTILE_PID" 2>/dev/null
    [ -n "$FG_PID" ] && kill -KILL "$FG_PID" 2>/dev/null
    for name in "${NAMES[@]}"; do
        case ${STATE[$name]:-} in
            up|stopped) kill -CONT "${PID[$name]}" 2>/dev/null; kill -KILL "${PID[$name]}" 2>/dev/null; wait "${PID[$name]}" 2>/dev/null ;;
        esac
    done
    if [ "$MOUNTED" = 1 ]; then
        rm -f "$FS/fill"
        mkdir -p "$W/chaos-db" && cp -p "$FS"/results.sqlite* "$W/chaos-db/" 2>/dev/null
        umount "$FS" || umount -l "$FS"
    fi
    for ns in "${NAMESPACES[@]}"; do ip netns delete "$ns" 2>/dev/null; done
    echo "soak: cleaned up (namespaces, tmpfs, processes); logs, databases and tables in $W"
    exit $status
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- 1. calibration and the calm run

say "soak: duration ${DURATION} s, seed $SEED, binary $BINARY, work folder $W"
if [ -z "$TASKS" ]; then
    CAL=40
    t0=$(now_ms)
    in_background "$BINARY" run "$SWEEP" --ics $CAL --db "$W/calibration/results.sqlite" --out "$W/calibration" --quiet \
        > "$LOGS/calibration.log" 2>&1 || die "the calibration run failed: see $LOGS/calibration.log"
    elapsed=$(( $(now_ms) - t0 ))
    # A round (one chaos run of the sweep) is sized for min(duration, 4 min) at the calibrated rate; the chaos run's
    # four workers compute about as fast as the calm run's two, and the calibration's start-up makes it look slower.
    round_seconds=$(( DURATION < 240 ? DURATION : 240 ))
    TASKS=$(( CAL * round_seconds * 1000 / elapsed ))
    [ "$TASKS" -ge 100 ] || TASKS=100
    say "calibration: $CAL tasks in ${elapsed} ms → $TASKS tasks a round"
fi
t0=$(now_ms)
in_background "$BINARY" run "$SWEEP" --ics "$TASKS" --db "$W/calm/results.sqlite" --out "$W/calm" --quiet > "$LOGS/calm.log" 2>&1 ||
    die "the calm run failed: see $LOGS/calm.log"
CALM_MS=$(( $(now_ms) - t0 ))
say "calm run: $TASKS tasks in $(( CALM_MS / 1000 )) s"

# ---------------------------------------------------------------- 2. hosts, disk, processes

ip netns add "$NS_C" && NAMESPACES+=("$NS_C") || die "ip netns add failed"
ip netns add "$NS_A" && NAMESPACES+=("$NS_A") || die "ip netns add failed"
ip netns add "$NS_B" && NAMESPACES+=("$NS_B") || die "ip netns add failed"
# The coordinator's host carries a bridge with address .1; each worker host has a veth into it (.2, .3).
ip -n "$NS_C" link add br0 type bridge && ip -n "$NS_C" addr add "$SUBNET.1/24" dev br0 &&
    ip -n "$NS_C" link set br0 up && ip -n "$NS_C" link set lo up || die "bridge setup failed"
host=2
for ns in "$NS_A" "$NS_B"; do
    outer=lskc$host$TAG inner=lskw$host$TAG
    ip link add "$outer" type veth peer name "$inner" &&
        ip link set "$outer" netns "$NS_C" && ip link set "$inner" netns "$ns" &&
        ip -n "$NS_C" link set "$outer" master br0 && ip -n "$NS_C" link set "$outer" up &&
        ip -n "$ns" addr add "$SUBNET.$host/24" dev "$inner" && ip -n "$ns" link set "$inner" up &&
        ip -n "$ns" link set lo up || die "veth setup for $ns failed"
    host=$(( host + 1 ))
done
rand 20000 60000; ENDPOINT=tcp://$SUBNET.1:$REPLY

calm_bytes=$(du -cb "$W/calm"/results.sqlite* | tail -1 | cut -f1)
FS_MB=$(( calm_bytes * 2 / 1048576 + 32 ))
[ $FS_MB -ge 64 ] || FS_MB=64
mkdir -p "$FS" && mount -t tmpfs -o size=${FS_MB}m soak-db "$FS" && MOUNTED=1 || die "cannot mount a tmpfs on $FS"
say "hosts: coordinator in $NS_C at $ENDPOINT, workers in $NS_A and $NS_B; database on a ${FS_MB} MB tmpfs"


store_query() {  # one value from the chaos run's database (read-only; the coordinator may be writing)
    "$PYTHON" -c 'import sqlite3, sys; print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=5).execute(sys.argv[2]).fetchone()[0])' \
        "$FS/results.sqlite" "$1" 2>/dev/null || echo "?"
}

# ---------------------------------------------------------------- 3. rounds of chaos, the last one finished calmly

# Faults go on for the whole duration. A sweep that completes before the end is checked, and the next round
# computes it again on a fresh database; the round running when the duration ends finishes calmly.
CHECK_ORDER=()
declare -A CHECK_FAILS CHECK_DETAIL
FAILED=0; FAIL_COUNT=0
record() {  # $1 PASS/FAIL, $2 check, $3 detail: collected over the rounds
    local name=$2
    [ -n "${CHECK_DETAIL[$name]+set}" ] || { CHECK_ORDER+=("$name"); CHECK_FAILS[$name]=""; CHECK_DETAIL[$name]=$3; }
    if [ "$1" = FAIL ]; then
        [ -n "${CHECK_FAILS[$name]}" ] || CHECK_DETAIL[$name]=$3
        CHECK_FAILS[$name]+="$ROUND "
        FAILED=1; FAIL_COUNT=$(( FAIL_COUNT + 1 ))
    fi
}

check_round() {  # the checks of the round just finished; its tables are in $OUT
    local name verdict detail table difference
    if [ "$DONE" = 1 ]; then
        record PASS "coordinator completed the sweep" "exit status 0"
    else
        record FAIL "coordinator completed the sweep" "round $ROUND: $STALLED"
    fi
    if [ ${#UNEXPECTED[@]} = "$UNEXPECTED_BEFORE" ]; then
        record PASS "no process exited on its own" "every exit was a SIGKILL of the soak or after SHUTDOWN"
    else
        record FAIL "no process exited on its own" "$(( ${#UNEXPECTED[@]} - UNEXPECTED_BEFORE )) in round $ROUND, first: ${UNEXPECTED[$UNEXPECTED_BEFORE]}"
    fi
    if [ "$DONE" = 0 ]; then
        :   # no SHUTDOWN was sent: nothing to check
    elif [ ${#lingering[@]} = 0 ]; then
        record PASS "workers exited after SHUTDOWN" "status 0"
    else
        record FAIL "workers exited after SHUTDOWN" "round $ROUND: still running 30 s after the sweep ended (killed): ${lingering[*]}; fault in progress at completion: $AT_COMPLETION; last line of ${lingering[0]}.log: $(tail -1 "$LOGS/${lingering[0]}.log" | cut -c1-160)"
    fi
    while IFS=$'\t' read -r verdict name detail; do
        case $verdict in
            PASS|FAIL) record "$verdict" "$name" "round $ROUND: $detail" ;;
            INFO) echo "round $ROUND: $name: $detail" >> "$LOGS/store-info.txt" ;;
        esac
    done < <("$PYTHON" "$ROOT/chaos/check_store.py" "$FS/results.sqlite" "$TASKS" "$EPSILONS" 2>&1 || true)
    for table in lambda.csv fits.csv; do
        if [ ! -f "$OUT/$table" ]; then
            record FAIL "$table equals the calm run's" "round $ROUND wrote no $table"
        elif difference=$(cmp "$W/calm/$table" "$OUT/$table" 2>&1); then
            record PASS "$table equals the calm run's" "byte for byte ($(wc -c < "$W/calm/$table") bytes)"
        else
            record FAIL "$table equals the calm run's" "round $ROUND: $difference"
        fi
    done
}

CHAOS_START=$(now_ms)
chaos_end=$(( CHAOS_START + DURATION * 1000 ))
ROUND=0
while :; do
    ROUND=$(( ROUND + 1 ))
    OUT=$W/chaos/round-$ROUND
    mkdir -p "$OUT"
    rm -f "$FS"/results.sqlite*
    DONE=0; AT_COMPLETION=none; STALLED=""
    UNEXPECTED_BEFORE=${#UNEXPECTED[@]}
    say "round $ROUND: $TASKS tasks, database $FS/results.sqlite, tables in $OUT"
    start_proc coordinator
    sleep 1
    for name in "${NAMES[@]:1}"; do start_proc "$name"; done
    rand 1000 3000; hold "$REPLY"
    while [ "$(now_ms)" -lt $chaos_end ] && [ "$DONE" = 0 ]; do
        inject
        rand 500 3000; hold "$REPLY"
    done
    calm_down
    if [ "$DONE" = 0 ]; then
        say "faults stopped after $(( ($(now_ms) - CHAOS_START) / 1000 )) s; letting round $ROUND finish calmly"
        # Calm, with everything up, the results must keep coming: 120 s without a new one is a stall.
        tail_limit=$(( $(now_ms) + 2 * CALM_MS + 300000 )); last_done=-1; progress_at=$(now_ms); next_look=0
        STALLED="did not finish within $(( (2 * CALM_MS + 300000) / 1000 )) s of calm"
        while [ "$DONE" = 0 ] && [ "$(now_ms)" -lt $tail_limit ]; do
            reap; sleep 0.5
            [ "$(now_ms)" -ge $next_look ] || continue
            next_look=$(( $(now_ms) + 5000 ))
            done_now=$(store_query "SELECT count(*) FROM task WHERE state = 'done'")
            if [ "$done_now" != "$last_done" ]; then
                last_done=$done_now; progress_at=$(now_ms)
            elif [ $(( $(now_ms) - progress_at )) -ge 120000 ]; then
                STALLED="stalled at $done_now/$TASKS done: no result stored for 120 s of calm with every process up; tasks not done: $(store_query "SELECT group_concat('task ' || id || ' (' || state || ', attempts ' || attempts || ', failures ' || failures || ')', '; ') FROM (SELECT * FROM task WHERE state != 'done' ORDER BY id LIMIT 10)")"
                break
            fi
        done
        [ "$DONE" = 1 ] || say "round $ROUND: the coordinator did not finish: $STALLED"
    fi
    lingering=()
    workers_limit=$(( $(now_ms) + (DONE == 1 ? 30000 : 0) ))
    while [ "$(now_ms)" -lt $workers_limit ]; do
        reap
        lingering=()
        for name in "${NAMES[@]:1}"; do [ "${STATE[$name]}" = up ] && lingering+=("$name"); done
        [ ${#lingering[@]} = 0 ] && break
        sleep 0.5
    done
    for name in "${NAMES[@]}"; do
        case ${STATE[$name]} in
            up|stopped) kill -CONT "${PID[$name]}"; kill -KILL "${PID[$name]}"; wait "${PID[$name]}" 2>/dev/null ;;
        esac
        STATE[$name]=finished
    done
    fails_before=$FAIL_COUNT
    check_round
    [ "$FAIL_COUNT" = "$fails_before" ] || cp -p "$FS"/results.sqlite* "$OUT/" 2>/dev/null    # a failing round's database stays
    [ "$(now_ms)" -lt $chaos_end ] || break
done

# ---------------------------------------------------------------- 5. summary

echo
echo "== chaos soak: ${DURATION} s of faults over $ROUND rounds of $TASKS tasks, seed $SEED =="
printf '%-18s %s\n' "fault" "injected"
total=0
for kind in "${KINDS[@]}"; do printf '%-18s %d\n' "$kind" "${FAULTS[$kind]}"; total=$(( total + FAULTS[$kind] )); done
printf '%-18s %d\n' "total" $total
echo "hostile messages sent: garbage ${HOSTILE[garbage]}, bad header ${HOSTILE[bad_header]}, forged ${HOSTILE[forged]}, replayed ${HOSTILE[replayed]} (genuine results, each twice), raw TCP ${HOSTILE[raw_tcp]}; protocol version $PROTOCOL"
echo "process starts: $(for name in "${NAMES[@]}"; do printf '%s %s  ' "$name" "${STARTS[$name]}"; done)"
[ -f "$LOGS/store-info.txt" ] && grep "^round $ROUND:" "$LOGS/store-info.txt" | sed 's/^/  /' &&
    echo "  (every round's in $LOGS/store-info.txt)"
echo
printf '%-4s  %-34s %s\n' "" "check (every round)" "detail (of the first failing round)"
for name in "${CHECK_ORDER[@]}"; do
    if [ -z "${CHECK_FAILS[$name]}" ]; then
        printf '%-4s  %-34s %s\n' PASS "$name" "${ROUND} of ${ROUND} rounds; ${CHECK_DETAIL[$name]}"
    else
        printf '%-4s  %-34s %s\n' FAIL "$name" "rounds ${CHECK_FAILS[$name]% }; ${CHECK_DETAIL[$name]}"
    fi
done
if [ $FAILED = 1 ]; then
    echo
    echo "evidence (logs in $LOGS):"
    for entry in "${UNEXPECTED[@]}"; do echo "  $entry"; done
    grep -hnE 'error|critical|Fatal|failed|FULL|full|corrupt|exited' "$LOGS/coordinator.log" |
        grep -v 'protocol version mismatch' | head -40 | sed 's/^/  coordinator.log:/'
    for name in "${NAMES[@]:1}"; do
        grep -hnE 'error|critical|Fatal|giving up|refused' "$LOGS/$name.log" | head -5 | sed "s/^/  $name.log:/"
    done
    echo "soak: FAILED"
    exit 1
fi
echo "soak: all checks passed"
exit 0
