#!/usr/bin/env bash
# Runs every command of README.md as a new user would, right after `make run`: in a copy of the files git tracks
# (what a fresh clone holds) whose .build is this checkout's (built first: `make build`), it runs `make run`, then
# each command of the README's command blocks in order, in that folder, with .build/release on PATH as
# `lyapsweep`. Every command must exit with status 0 within 5 minutes; the check reports each one and fails
# naming those that did not.
#
# Which fenced blocks are commands: a block with no info string or with `sh`, `shell`, `bash` or `console` holds
# commands, one a line (a line ending in a backslash continues; `# …` is a comment, as in the shell). Any other
# info string is not run: ```text for examples that need a cluster or a placeholder (HOST, SWEEP.toml), ```toml
# for file contents. `make run` is the precondition (run first, as above) and `make test` runs this check: lines
# starting with `make` are not run again.
#
#   bash .ci/readme-commands.sh [README]        (default: README.md; `make readme-check`, part of `make test`)
#   KEEP=1 bash .ci/readme-commands.sh          keeps the copy it ran in and says where
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
readme=${1:-README.md}
[[ -f $readme ]] || { echo "readme-commands: no $readme" >&2; exit 2; }
[[ -x .build/release/lyapsweep ]] || { echo "readme-commands: no .build/release/lyapsweep (make build)" >&2; exit 2; }

# The commands: "LINE<TAB>COMMAND" with continued lines joined (the newline kept for the shell).
commands() {
    awk '
        /^[[:space:]]*```/ {
            if (!inside) { info = $0; sub(/^[[:space:]]*```[[:space:]]*/, "", info); sub(/[[:space:]].*$/, "", info)
                           inside = 1; run = (info == "" || info == "sh" || info == "shell" || info == "bash" || info == "console"); next }
            inside = 0; next
        }
        inside && run {
            line = $0
            if (pending != "") { pending = pending "\n" line } else { if (line ~ /^[[:space:]]*(#.*)?$/) next; start = NR; pending = line }
            if (line ~ /\\$/) next
            gsub(/\t/, " ", pending); gsub(/\n/, "\\n", pending)
            printf "%d\t%s\n", start, pending; pending = ""
        }
    ' "$1"
}

work=$(mktemp -d /tmp/lyapsweep-readme.XXXXXX)
if [[ -n ${KEEP:-} ]]; then echo "readme-commands: working in $work (kept)"; else trap 'rm -rf "$work"' EXIT; fi
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    git ls-files -z | xargs -0 cp --parents -t "$work" 2> /dev/null   # a tracked file deleted here is left out
else
    tar -c --exclude='./.build*' --exclude=./results --exclude=./dist . | tar -x -C "$work"
fi
ln -sfn "$repo/.build" "$work/.build"
export PATH="$repo/.build/release:$PATH"

echo "readme-commands: make run (the precondition) in a copy of the checkout"
if ! make -C "$work" -o deps -o build run > "$work/make-run.log" 2>&1; then
    tail -n 30 "$work/make-run.log" >&2
    echo "readme-commands: FAIL: make run failed" >&2
    exit 1
fi

failed=()
count=0
while IFS=$'\t' read -r number command; do
    command=$(printf '%b' "$command")
    if [[ $command =~ ^[[:space:]]*make([[:space:]]|$) ]]; then
        shown=${command%%#*}
        echo "  $readme:$number: not run again: ${shown%"${shown##*[![:space:]]}"}"
        continue
    fi
    (( count += 1 ))
    log=$work/command-$number.log
    started=$SECONDS
    (cd "$work" && timeout 300 bash -c "$command" < /dev/null > "$log" 2>&1)
    status=$?
    if (( status == 0 )); then
        echo "  $readme:$number: ok ($(( SECONDS - started )) s): $command"
    else
        echo "  $readme:$number: FAIL (exit status $status): $command"
        tail -n 15 "$log" | sed 's/^/      | /'
        failed+=("$readme:$number: $command")
    fi
done < <(commands "$readme")

if (( ${#failed[@]} > 0 )); then
    echo "readme-commands: FAIL: ${#failed[@]} of $count commands of $readme failed:" >&2
    printf '  %s\n' "${failed[@]}" >&2
    exit 1
fi
echo "readme-commands: PASS: all $count commands of $readme ran right after make run"
