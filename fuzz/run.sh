#!/bin/sh
# fuzz/run.sh RUNS [SECONDS] — builds the fuzzing harness with libFuzzer and AddressSanitizer and runs it on each
# target (FUZZ_TARGETS, default "sweep csv wire idx") for RUNS inputs, or SECONDS per target if that comes first.
# Run from the repository root; `make fuzz` and `make fuzz-ci` call it. fuzz/README.md explains the bounds.
#
#   FUZZ_SEED   libFuzzer's random seed (default 1, so a run repeats); 0 picks one
#   FUZZ_SKIP   known finding classes to step over (LYAPSWEEP_FUZZ_SKIP, comma-separated; default none)
#
# Inputs the fuzzer finds go to .build/fuzz/work/TARGET (fresh each run); a crash, a hang (10 s) or an allocation
# above the bound is written to .build/fuzz/findings/TARGET-* and makes the script exit 1 after the other targets.
set -u
runs=${1:-100000}
seconds=${2:-0}
scratch=.build/fuzz
mkdir -p "$scratch"
# SwiftPM rebuilds everything when the environment changes, so it gets the same one from make and a shell.
# With AddressSanitizer too, -sanitize=fuzzer alone leaves Swift code without coverage counters (libFuzzer then
# mutates blindly: "INITED" without "cov:"), so the coverage is asked for explicitly.
env -i PATH="$PATH" HOME="$HOME" swift build --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address \
    -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
    -Xswiftc -DLIBFUZZER --product LyapsweepFuzz > "$scratch/build.log" 2>&1
built=$?
grep -v "warning: Cannot export local symbol" "$scratch/build.log" | tail -n 20
[ "$built" -eq 0 ] || exit 1
status=0
for target in ${FUZZ_TARGETS:-sweep csv wire idx}; do
    work="$scratch/work/$target"
    log="$scratch/$target.log"
    rm -rf "$work" && mkdir -p "$work" "$scratch/findings"
    start=$(date +%s)
    # Memory: one allocation above 512 MB (-malloc_limit_mb) or a resident set above 512 MB (-rss_limit_mb) is a
    # finding. TOMLKit leaks a few KB per parse (fuzz/README.md), so leak detection is off.
    SWIFT_BACKTRACE=enable=no LYAPSWEEP_FUZZ_TARGET="$target" LYAPSWEEP_FUZZ_SKIP="${FUZZ_SKIP:-}" \
    ASAN_OPTIONS=detect_leaks=0:quarantine_size_mb=16 \
        "$scratch/debug/LyapsweepFuzz" -runs="$runs" -max_total_time="$seconds" -seed="${FUZZ_SEED:-1}" \
        -rss_limit_mb=512 -malloc_limit_mb=512 -max_len=4096 -timeout=10 -detect_leaks=0 \
        -dict="fuzz/dict/$target.dict" -artifact_prefix="$scratch/findings/$target-" -print_final_stats=1 \
        "$work" "fuzz/corpus/$target" > "$log" 2>&1
    result=$?
    elapsed=$(( $(date +%s) - start ))
    executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    if [ "$result" -eq 0 ]; then
        echo "fuzz $target: ${executed:-?} inputs in ${elapsed} s (${rate:-?}/s), no crash, no allocation above 512 MB"
    else
        status=1
        echo "fuzz $target: FINDING after ${elapsed} s (log: $log):"
        grep -E "ERROR|SUMMARY|Assertion|Fatal error|out-of-memory|Test unit written" "$log" | head -n 8
        grep -m 1 -E "^ +#[0-9]+ .* in .*/(Sources|fuzz)/[A-Za-z]+/" "$log" | sed 's/^ */first frame in the project: /'
    fi
done
exit $status
