#!/usr/bin/env bash
# Runs `lyapsweep bench` and the comparison implementations side by side on this machine, one core each,
# one after the other, and prints every result as a JSON line (then a summary table).
#
#   bench/run.sh                # everything; JAX is installed into bench/.venv on first use (pip)
#   NO_JAX=1 bench/run.sh       # skip JAX
#   JAX_PYTHON=/path/to/python bench/run.sh   # use an existing Python that has jax
#   TARGET_CPU=haswell bench/run.sh   # the lyapsweep build's -target-cpu (default: native)
#
# lyapsweep is built in release mode with `-target-cpu $TARGET_CPU` into .build-bench (the default build
# uses `haswell` for the Dynamics module, see Package.swift); the kernel's results do not depend on the
# target (README, Performance), only its speed does. NumPy runs with one BLAS/OpenMP thread.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_CPU="${TARGET_CPU:-native}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

swift build -c release --scratch-path .build-bench --product lyapsweep \
    -Xswiftc -target-cpu -Xswiftc "$TARGET_CPU" >&2
LYAPSWEEP="$(swift build -c release --scratch-path .build-bench --show-bin-path)/lyapsweep"
gcc -O3 -march=native bench/plain.c -o "$OUT/plain" -lm

JAX_PYTHON="${JAX_PYTHON:-bench/.venv/bin/python}"
if [[ -z "${NO_JAX:-}" && ! -x "$JAX_PYTHON" ]]; then
    python3 -m venv bench/.venv >&2 && bench/.venv/bin/pip install -q jax numpy >&2
fi

# Three rounds, each implementation once per round, interleaved so that a noisy neighbour on a shared machine
# hits all of them alike; the summary keeps each one's best (each `lyapsweep bench` keeps its best of two rounds).
{
    for round in 1 2 3; do
        "$LYAPSWEEP" bench --json --rounds 2
        (cd bench && "$OUT/plain" 66 1000)
        OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 python3 bench/numpy_batched.py 66 600
        if [[ -z "${NO_JAX:-}" ]]; then
            "$JAX_PYTHON" bench/jax_vmap.py 66 600 2>/dev/null
        fi
    done
} | tee "$OUT/results.jsonl"

python3 - "$OUT/results.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
best = {}
for r in rows:
    if "case" in r:
        key = (r["case"], r.get("implementation", "lyapsweep"))
        if r["trajectory_steps_per_second"] > best.get(key, {}).get("trajectory_steps_per_second", 0):
            best[key] = r
kernel = {case: r["trajectory_steps_per_second"] for (case, name), r in best.items() if name == "lyapsweep"}
# The comparisons' share of the peak: the same FLOP count per trajectory-step and the peak lyapsweep measured.
flop = {r["case"]: r["flop_per_trajectory_step"] for r in rows if "flop_per_trajectory_step" in r}
peak = max((r["peak_gflops"] for r in rows if "peak_gflops" in r), default=float("nan"))
print()
print(f"{'case':10} {'implementation':16} {'traj-steps/s':>13} {'kernel is':>10} {'% of peak':>10}   (best run of each)")
order = list(dict.fromkeys(r["case"] for r in rows if "case" in r))
for (case, name), r in sorted(best.items(), key=lambda item: (order.index(item[0][0]), item[0][1] != "lyapsweep")):
    rate = r["trajectory_steps_per_second"]
    ratio = kernel.get(case, float("nan")) / rate
    percent = r.get("percent_of_peak", 100 * rate * flop.get(case, float("nan")) / 1e9 / peak)
    percent = f"{percent:9.1f}%"
    print(f"{case:10} {name:16} {rate:13.0f} {ratio:9.2f}× {percent:>10}")
PY
