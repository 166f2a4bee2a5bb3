#!/usr/bin/env bash
# Proves that the distributable runs without a Swift toolchain: unpacks TARBALL into a temporary folder, then,
# in a private mount namespace where the toolchain's folder and this checkout's build folders are hidden under
# empty tmpfs mounts (so neither the Swift runtime libraries nor the resource bundle of the build can be
# reached), checks with ldd that no library is missing and runs the quickstart at --ics 4 to completion through
# a symbolic link on PATH (the datasets must be found beside the real file). Needs root, or unprivileged user
# namespaces (unshare --user).
#
#   bash deploy/dist/check.sh [TARBALL]      (default: the newest dist/lyapsweep-*.tar.gz; `make dist-check`)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
fail() { echo "dist-check: FAIL: $*" >&2; exit 1; }

tarball=${1:-$(ls -t dist/lyapsweep-*.tar.gz 2> /dev/null | head -n 1 || true)}
[[ -n $tarball && -f $tarball ]] || fail "no tarball (make dist writes dist/lyapsweep-VERSION-linux-ARCH.tar.gz)"
tarball=$(readlink -f "$tarball")

# What to hide: the toolchain's whole prefix (or only its Swift library folders when it is installed in /usr),
# and every build folder of this checkout (the executable remembers its build's bundle path as a fallback).
hidden=()
if swift=$(command -v swift); then
    prefix=$(dirname "$(dirname "$(readlink -f "$swift")")")
    if [[ $prefix == /usr ]]; then
        for folder in /usr/lib/swift /usr/lib/swift_static; do [[ -d $folder ]] && hidden+=("$folder"); done
    else
        hidden+=("$prefix")
    fi
fi
for folder in "$repo"/.build*/; do [[ -d $folder ]] && hidden+=("${folder%/}"); done

work=$(mktemp -d /tmp/lyapsweep-dist-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
top=$(find "$work" -mindepth 1 -maxdepth 1 -type d)
[[ $(wc -l <<< "$top") == 1 && -x $top/bin/lyapsweep ]] || fail "the tarball does not hold one folder with bin/lyapsweep"
for file in INSTALL sweeps/quickstart.toml slurm/lyapsweep.sbatch; do
    [[ -f $top/$file ]] || fail "the tarball lacks $file"
done
[[ -f $top/bin/lyapsweep_Dynamics.resources/iris.csv ]] || fail "the tarball lacks the datasets bundle beside bin/lyapsweep"
mkdir "$work/path"
ln -s "$top/bin/lyapsweep" "$work/path/lyapsweep"

if (( $(id -u) == 0 )); then namespace=(unshare --mount --propagation private); else namespace=(unshare --user --map-root-user --mount); fi
echo "dist-check: $(basename "$tarball") unpacked; hiding ${hidden[*]:-nothing}"
# The run inside the namespace: hide, prove it is hidden, then the quickstart at --ics 4.
set +e
"${namespace[@]}" env HIDDEN="${hidden[*]}" TOP="$top" PATH="$work/path:/usr/sbin:/usr/bin:/sbin:/bin" bash -euo pipefail -c '
    for folder in $HIDDEN; do mount -t tmpfs -o size=1m,mode=755 lyapsweep-hidden "$folder"; done
    for folder in $HIDDEN; do [[ -z $(ls -A "$folder") ]] || { echo "dist-check: $folder is still visible" >&2; exit 1; }; done
    ! command -v swift > /dev/null || { echo "dist-check: swift is still on PATH" >&2; exit 1; }
    echo "dist-check: ldd $TOP/bin/lyapsweep:"
    ldd "$TOP/bin/lyapsweep" | sed "s/^/    /"
    ! ldd "$TOP/bin/lyapsweep" | grep -E "not found|libswift|libFoundation|libdispatch" || { echo "dist-check: a library is missing or from the toolchain" >&2; exit 1; }
    cd "$TOP"
    lyapsweep --version
    lyapsweep run sweeps/quickstart.toml --ics 4 --workers 2
' 2>&1 | tee "$work/check.log"
status=${PIPESTATUS[0]}
set -e
(( status == 0 )) || fail "the run in the namespace exited with status $status"
grep -q "4/4 tasks done" "$work/check.log" || fail "the run did not report 4/4 tasks done"
grep -q "lambda_nMLE" "$work/check.log" || fail "the run printed no λ table"
compgen -G "$top/results/*/lambda.csv" > /dev/null || fail "the run wrote no results/*/lambda.csv"
echo "dist-check: PASS ($(basename "$tarball"): the quickstart at --ics 4 ran with the Swift toolchain hidden)"
