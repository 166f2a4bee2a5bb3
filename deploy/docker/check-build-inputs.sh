#!/usr/bin/env bash
# Checks that `docker build -f deploy/docker/Dockerfile .` (run from the repository root) would find every
# file it copies, without a Docker engine: every source of every COPY and ADD of the Dockerfile must exist in
# the build context as a clone of this commit holds it, and must not be excluded by the Dockerfile's ignore file
# (deploy/docker/Dockerfile.dockerignore, else .dockerignore at the root).
#
#   bash deploy/docker/check-build-inputs.sh [DOCKERFILE]
#
# In a git checkout the files are those git tracks (`git ls-files`: what a fresh clone gets, so a file that is
# only on this disk does not count); elsewhere, the files on disk. Sources may be files, folders or globs
# (`*`, `?`, `[…]` within one path segment, `**` across segments), several per line, in shell or JSON form,
# over continued lines. Not checked: `COPY --from=…` (copies from another stage or image), URL sources of
# ADD, heredocs, and sources with a build argument that has no default in the Dockerfile.
# When the Dockerfile copies Package.swift, the folder of every target the manifest declares (`swift package
# dump-package`; tests and fuzzers too: SwiftPM refuses a package with a missing target folder) must be copied too.
# Exit status: 0 when every source is there, 1 naming each missing or ignored one, 2 for a usage error.
set -euo pipefail
shopt -s extglob

root=$(cd "$(dirname "$0")/../.." && pwd)
dockerfile=${1:-$root/deploy/docker/Dockerfile}
[[ -f $dockerfile ]] || { echo "check-build-inputs.sh: no Dockerfile at $dockerfile" >&2; exit 2; }
dockerfile=$(cd "$(dirname "$dockerfile")" && pwd)/$(basename "$dockerfile")
cd "$root"

# Every path of the build context, files and the folders that hold them, one per line, relative to the root.
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    files=$(git -c core.quotepath=off ls-files)
    origin="tracked by git"
else
    files=$(find . -path ./.git -prune -o -type f -print | sed 's|^\./||')
    origin="on disk"
fi
paths=$(printf '%s\n' "$files" | awk -F/ 'NF { p = $1; print p; for (i = 2; i <= NF; i++) { p = p "/" $i; print p } }' | sort -u)

# An anchored extended regex for a glob: `**` any run of characters, `*` and `?` within one segment.
glob_regex() {
    local glob=$1 regex="" c i=0 special=".+(){}|^\$\\"
    while (( i < ${#glob} )); do
        c=${glob:i:1}
        if [[ $c == '*' && ${glob:i+1:1} == '*' ]]; then
            if [[ ${glob:i+2:1} == / ]]; then regex+='(.*/)?'; (( i += 3 )); else regex+='.*'; (( i += 2 )); fi
            continue
        fi
        case $c in
            '*') regex+='[^/]*' ;;
            '?') regex+='[^/]' ;;
            '[') local class=${glob:i+1}; class=${class%%]*}
                 if [[ ${class:0:1} == '!' ]]; then class="^${class:1}"; fi
                 regex+="[$class]"; (( i += ${#class} + 1 )) ;;
            *) if [[ $special == *"$c"* ]]; then regex+="\\$c"; else regex+=$c; fi ;;
        esac
        (( i += 1 ))
    done
    printf '^%s$' "$regex"
}

# The context's paths a source names: the path itself, or every path a glob matches; folders stand for their contents.
matches() {
    local source=$1
    if [[ $source == *[\*\?\[]* ]]; then
        grep -E -- "$(glob_regex "$source")" <<< "$paths" || true
    else
        grep -Fx -- "$source" <<< "$paths" || true
    fi
}

# The ignore file's rules, in order ("!" re-includes); a rule that names a folder covers what is inside it.
ignore_file=""
for candidate in "$dockerfile.dockerignore" "$root/.dockerignore"; do
    [[ -f $candidate ]] && { ignore_file=$candidate; break; }
done
rules=()
if [[ -n $ignore_file ]]; then
    while IFS= read -r rule || [[ -n $rule ]]; do
        rule=${rule%%+([[:space:]])}; rule=${rule##+([[:space:]])}
        [[ -z $rule || $rule == \#* ]] && continue
        rules+=("$rule")
    done < "$ignore_file"
fi

# Whether the ignore file leaves a path in the build context: the last rule matching it or a folder above it wins.
included() {
    local path=$1 keep=1 rule pattern negated regex prefix
    for rule in "${rules[@]}"; do
        negated=0; pattern=$rule
        if [[ $pattern == !* ]]; then negated=1; pattern=${pattern:1}; fi
        pattern=${pattern#/}; pattern=${pattern%/}
        regex=$(glob_regex "$pattern")
        prefix=$path
        while :; do
            if [[ $prefix =~ $regex ]]; then keep=$negated; break; fi
            [[ $prefix == */* ]] || break
            prefix=${prefix%/*}
        done
    done
    (( keep == 1 ))
}

# The Dockerfile as logical instructions: comments dropped, continued lines joined; "LINE<TAB>TEXT" each.
instructions() {
    local number=0 start=0 text="" line
    while IFS= read -r line || [[ -n $line ]]; do
        (( number += 1 ))
        [[ $line =~ ^[[:space:]]*# ]] && continue
        [[ -z $text && -z ${line//[[:space:]]/} ]] && continue
        (( start == 0 )) && start=$number
        if [[ $line =~ ^(.*)\\[[:space:]]*$ ]]; then
            text+="${BASH_REMATCH[1]} "
            continue
        fi
        text+=$line
        printf '%s\t%s\n' "$start" "$text"
        text=""; start=0
    done < "$dockerfile"
    [[ -n $text ]] && printf '%s\t%s\n' "$start" "$text"
    return 0
}

declare -A args=()
problems=()
checked=0
copied=()      # every checked source, as "LINE<TAB>PATH"
while IFS=$'\t' read -r number text; do
    read -r keyword rest <<< "$text"
    keyword=${keyword^^}
    if [[ $keyword == ARG ]]; then
        read -r -a words <<< "$rest"
        for word in "${words[@]}"; do
            if [[ $word == *=* ]]; then args[${word%%=*}]=${word#*=}; fi
        done
        continue
    fi
    [[ $keyword == COPY || $keyword == ADD ]] || continue

    # Flags come first: --from names another stage or image, the others do not change what is read.
    words=()
    read -r -a words <<< "$rest"
    while (( ${#words[@]} > 0 )) && [[ ${words[0]} == --* ]]; do
        [[ ${words[0]} == --from=* ]] && continue 2
        words=("${words[@]:1}")
    done
    rest="${words[*]}"
    if [[ $rest == \[* ]]; then  # JSON form: ["src", …, "dest"]
        words=()
        json=$rest
        while [[ $json =~ \"(([^\"\\]|\\.)*)\"(.*) ]]; do
            words+=("${BASH_REMATCH[1]}")
            json=${BASH_REMATCH[3]}
        done
    fi
    if (( ${#words[@]} < 2 )); then
        problems+=("$(basename "$dockerfile"):$number: $keyword needs a source and a destination")
        continue
    fi

    for source in "${words[@]:0:${#words[@]}-1}"; do
        [[ $source == "<<"* ]] && continue                                   # heredoc
        [[ $keyword == ADD && $source =~ ^([a-z]+://|git@) ]] && continue    # remote source
        for name in "${!args[@]}"; do
            source=${source//\$\{$name\}/${args[$name]}}
            source=${source//\$$name/${args[$name]}}
        done
        if [[ $source == *\$* ]]; then
            echo "check-build-inputs.sh: $(basename "$dockerfile"):$number: cannot check $source (a build argument without a default)" >&2
            continue
        fi
        source=${source#./}; source=${source#/}; source=${source%/}
        (( checked += 1 ))
        copied+=("$number"$'\t'"$source")
        [[ -z $source || $source == . ]] && continue
        found=$(matches "$source")
        if [[ -z $found ]]; then
            problems+=("$(basename "$dockerfile"):$number: $keyword source '$source' is not $origin")
            continue
        fi
        [[ ${#rules[@]} -eq 0 ]] && continue
        # Every file the source brings must survive the ignore file.
        while IFS= read -r match; do
            while IFS= read -r file; do
                [[ -z $file ]] && continue
                if ! included "$file"; then
                    problems+=("$(basename "$dockerfile"):$number: $keyword source '$source': $file is excluded by ${ignore_file#"$root"/}")
                    break 2
                fi
            done < <(awk -v m="$match" '$0 == m || index($0, m "/") == 1' <<< "$files")
        done <<< "$found"
    done
done < <(instructions)

# A Swift package builds only when every target its manifest declares has its folder, tests and fuzzers
# included: when Package.swift is copied, each target's folder must be copied too (and be in a clone).
manifest_line=""
for entry in "${copied[@]}"; do [[ ${entry#*$'\t'} == Package.swift ]] && manifest_line=${entry%%$'\t'*}; done
if [[ -n $manifest_line && -f Package.swift ]]; then
    if command -v swift > /dev/null; then
        scratch=$(mktemp -d /tmp/lyapsweep-manifest.XXXXXX)
        targets=$(swift package --scratch-path "$scratch" dump-package | python3 -c '
import json, sys
folders = {"test": "Tests", "plugin": "Plugins"}
for target in json.load(sys.stdin)["targets"]:
    print(target["name"] + "\t" + (target.get("path") or folders.get(target["type"], "Sources") + "/" + target["name"]))')
        rm -rf "$scratch"
        while IFS=$'\t' read -r target folder; do
            (( checked += 1 ))
            covered=0
            for entry in "${copied[@]}"; do
                source=${entry#*$'\t'}
                [[ $folder == "$source" || $folder == "$source"/* || $source == . || -z $source ]] && covered=1
            done
            if ! grep -Fxq -- "$folder" <<< "$paths"; then
                problems+=("$(basename "$dockerfile"):$manifest_line: Package.swift's target $target needs $folder, which is not $origin")
            elif (( covered == 0 )); then
                problems+=("$(basename "$dockerfile"):$manifest_line: Package.swift's target $target needs $folder, which no COPY brings in")
            fi
        done <<< "$targets"
    else
        echo "check-build-inputs.sh: swift is not installed; the folders of Package.swift's targets were not checked" >&2
    fi
fi

if (( ${#problems[@]} > 0 )); then
    printf 'check-build-inputs.sh: %s\n' "${problems[@]}" >&2
    echo "check-build-inputs.sh: ${#problems[@]} source(s) of $(basename "$dockerfile") missing from the build context" >&2
    exit 1
fi
echo "check-build-inputs.sh: all $checked COPY/ADD sources and package target folders of ${dockerfile#"$root"/} are $origin and in the build context"
