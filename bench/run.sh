#!/usr/bin/env bash
# Runs `lyapsweep bench` and the comparison implementations side by side on this machine, one core each,
# one after the other, and prints every result as a JSON line (then a summary table).
#
#   bench/run.sh                # everything; JAX is installed into bench/.venv on first use (pip)
#   NO_JAX=1 bench/run.sh       # skip JAX
#   NO_NATIVE=1 bench/run.sh    # skip the `-target-cpu native` build
#   NO_BUILD=1 bench/run.sh     # time the binaries already built (.build/release, and .build-bench if there)
#   JAX_PYTHON=/path/to/python bench/run.sh   # use an existing Python that has jax
#   VARIANTS="avx2 portable" bench/run.sh     # the forced kernel variants to time besides the chosen one
#                                             # (default: avx2; portable is tens of times slower on x86-64)
#
# lyapsweep is the default release build (`swift build -c release`, what `make run` builds: every kernel
# variant in one binary, the variant chosen at start-up from the CPU); it runs with the variant it chooses,
# and again with each of $VARIANTS forced through LYAPSWEEP_KERNEL. For comparison, a build with
# `-Xswiftc -target-cpu -Xswiftc native` (every module for this host's CPU) goes into .build-bench. Results
# do not depend on the build or the variant (README, Performance), only the speed does. NumPy runs with one
# BLAS/OpenMP thread.
set -euo pipefail
cd "$(dirname "$0")/.."
VARIANTS="${VARIANTS-avx2}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

if [[ -z "${NO_BUILD:-}" ]]; then
    swift build -c release --product lyapsweep >&2
    if [[ -z "${NO_NATIVE:-}" ]]; then
        swift build -c release --scratch-path .build-bench --product lyapsweep \
            -Xswiftc -target-cpu -Xswiftc native >&2
    fi
fi
LYAPSWEEP=.build/release/lyapsweep
if [[ -z "${NO_NATIVE:-}" && -x .build-bench/release/lyapsweep ]]; then
    NATIVE=.build-bench/release/lyapsweep
fi
gcc -O3 -march=native bench/plain.c -o "$OUT/plain" -lm

JAX_PYTHON="${JAX_PYTHON:-bench/.venv/bin/python}"
if [[ -z "${NO_JAX:-}" && ! -x "$JAX_PYTHON" ]]; then
    python3 -m venv bench/.venv >&2 && bench/.venv/bin/pip install -q jax numpy >&2
fi
echo "load: $(uptime)" >&2

# Three rounds, each implementation once per round, interleaved so that a noisy neighbour on a shared machine
# hits all of them alike; the summary keeps each one's best (each `lyapsweep bench` keeps its best of two rounds).
# lyapsweep lines are labelled with their build ("default" or "native"); their `variant` says which kernel ran.
{
    for round in 1 2 3; do
        "$LYAPSWEEP" bench --json --rounds 2 | sed 's/^{/{"build":"default",/'
        for variant in $VARIANTS; do
            LYAPSWEEP_KERNEL="$variant" "$LYAPSWEEP" bench --json --rounds 2 | sed 's/^{/{"build":"default",/'
        done
        if [[ -n "${NATIVE:-}" ]]; then
            "$NATIVE" bench --json --rounds 2 | sed 's/^{/{"build":"native",/'
        fi
        (cd bench && "$OUT/plain" 66 1000)
        OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 python3 bench/numpy_batched.py 66 600
        if [[ -z "${NO_JAX:-}" ]]; then
            "$JAX_PYTHON" bench/jax_vmap.py 66 600 2>/dev/null
        fi
    done
} | tee "$OUT/results.jsonl"
echo "load: $(uptime)" >&2

python3 - "$OUT/results.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
def name(r):
    if "variant" not in r:
        return r.get("implementation", "?")
    return f"lyapsweep {r['variant']}" + (" (native)" if r["build"] == "native" else "")
best = {}
for r in rows:
    if "case" in r:
        key = (r["case"], name(r))
        if r["trajectory_steps_per_second"] > best.get(key, {}).get("trajectory_steps_per_second", 0):
            best[key] = r
# "kernel is": the default build with the variant it chooses (the first lyapsweep line) against each row.
chosen = next(name(r) for r in rows if "variant" in r)
kernel = {case: r["trajectory_steps_per_second"] for (case, n), r in best.items() if n == chosen}
# Shares of the peak: the comparisons with the kernel's FLOP count per trajectory-step and the peak of the
# chosen variant (the machine's FMA peak for its instruction set, measured in the same run); every lyapsweep
# row also against its own variant's peak.
flop = {r["case"]: r["flop_per_trajectory_step"] for r in rows if "flop_per_trajectory_step" in r}
peaks = {}
for r in rows:
    if "peak_gflops" in r:
        peaks[name(r)] = max(peaks.get(name(r), 0), r["peak_gflops"])
peak = peaks[chosen]
print()
print("peaks (GFLOP/s, best round): " + ", ".join(f"{n} {p:.1f}" for n, p in peaks.items()))
print(f"{'case':10} {'implementation':28} {'traj-steps/s':>13} {'chosen is':>10} {'% of peak':>10} {'% own peak':>11}   (best run of each)")
order = list(dict.fromkeys(r["case"] for r in rows if "case" in r))
names = list(dict.fromkeys(name(r) for r in rows if "case" in r))
for (case, n), r in sorted(best.items(), key=lambda item: (order.index(item[0][0]), names.index(item[0][1]))):
    rate = r["trajectory_steps_per_second"]
    ratio = kernel.get(case, float("nan")) / rate
    percent = 100 * rate * flop.get(case, float("nan")) / 1e9 / peak
    own = f"{r['percent_of_peak']:10.1f}%" if "percent_of_peak" in r else ""
    print(f"{case:10} {n:28} {rate:13.0f} {ratio:9.2f}× {percent:9.1f}% {own:>11}")
PY
