#!/usr/bin/env bash
# Packs the distributable: dist/lyapsweep-VERSION-linux-ARCH.tar.gz, one folder lyapsweep-VERSION/ holding
#   bin/lyapsweep                        the release executable (built with --static-swift-stdlib: no Swift runtime needed)
#   bin/*.resources/                     its resource bundles (lyapsweep_Dynamics: the datasets), found beside the executable
#   sweeps/                              the example sweeps
#   slurm/lyapsweep.sbatch, slurm/README.md   the SLURM job script
#   INSTALL                              the Debian packages it needs (from ldd and dpkg at packing time) and how to start
#
#   bash deploy/dist/build.sh [BIN_DIR [OUT_DIR]]      (defaults: .build/release, dist; `make dist` builds first)
#
# Refuses an executable that loads a Swift runtime library (libswiftCore, Foundation, Dispatch) dynamically.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin_dir=${1:-.build/release}
out_dir=${2:-dist}
fail() { echo "dist: $*" >&2; exit 1; }

executable=$bin_dir/lyapsweep
[[ -x $executable ]] || fail "no executable at $executable (make dist builds it)"
bundles=("$bin_dir"/*.resources)
[[ -d $bin_dir/lyapsweep_Dynamics.resources ]] || fail "no resource bundle lyapsweep_Dynamics.resources beside $executable"

libraries=$(ldd "$executable")
if grep -E 'not found|libswift|libFoundation|libdispatch|libBlocksRuntime|lib_Foundation' <<< "$libraries"; then
    fail "$executable loads the libraries above from the Swift toolchain; build it with --static-swift-stdlib"
fi

# The Debian package of every shared library the executable names (its NEEDED entries, where ldd finds them; what
# those load in turn comes with their packages' dependencies).
packages=()
while read -r library; do
    path=$(awk -v l="$library" '$1 == l && $2 == "=>" { print $3 } $1 ~ "/" l "$" { print $1 }' <<< "$libraries" | sed -n 1p)
    [[ -n $path ]] || fail "ldd does not resolve $library"
    package=""
    for candidate in "$path" "$(readlink -f "$path")" "${path#/usr}" "/usr$path"; do
        package=$(dpkg -S "$candidate" 2> /dev/null | sed -n 1p | cut -d: -f1) && [[ -n $package ]] && break
    done
    [[ -n $package ]] || fail "no Debian package owns $path"
    packages+=("$package")
done < <(objdump -p "$executable" | awk '$1 == "NEEDED" { print $2 }')
mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
# libc6, libgcc-s1 and libstdc++6 are on every Debian system (apt itself needs them); the rest may need installing.
required=() others=()
for package in "${packages[@]}"; do
    if [[ " libc6 libgcc-s1 libstdc++6 " == *" $package "* ]]; then required+=("$package"); else others+=("$package"); fi
done

version=$("$executable" --version | awk '{ print $2 }')
arch=$(uname -m)
name=lyapsweep-$version
glibc=$(ldd --version | sed -n 1p | grep -oE '[0-9]+\.[0-9]+$')
debian=$(. /etc/os-release && echo "$PRETTY_NAME")

stage=$(mktemp -d /tmp/lyapsweep-dist.XXXXXX)
trap 'rm -rf "$stage"' EXIT
root=$stage/$name
mkdir -p "$root/bin" "$root/slurm"
cp "$executable" "$root/bin/"
strip --strip-debug "$root/bin/lyapsweep"    # a third of the size; the symbols stay, so crash backtraces name functions
cp -R "${bundles[@]}" "$root/bin/"
cp -R sweeps "$root/sweeps"
cp deploy/slurm/lyapsweep.sbatch deploy/slurm/README.md "$root/slurm/"
cat > "$root/INSTALL" <<TEXT
lyapsweep $version for Linux $arch ($("$executable" --version))

Built on $debian (glibc $glibc): runs on that release or a newer one. The Swift runtime is linked
into the executable, so no Swift toolchain is needed. It loads libraries from these Debian packages:

    apt-get install ${others[*]}

and from ${required[*]:-no other}, which every Debian system has.

Contents:
    bin/lyapsweep                        the executable
    bin/lyapsweep_Dynamics.resources/    its datasets (Iris, digits); it and any other bin/*.resources/ stay beside it
    sweeps/                              the example sweeps (README: "The experiments of the source study")
    slurm/lyapsweep.sbatch               the SLURM job script; slurm/README.md says how to submit it

Install: unpack the folder anywhere — on a cluster, on a filesystem every node sees — and put its bin/
on PATH, or link bin/lyapsweep from a folder on PATH (a symbolic link finds the datasets beside the
real file). Do not copy the executable alone: the datasets stay beside it.

Try it:
    cd $name && bin/lyapsweep run sweeps/quickstart.toml --ics 4

On SLURM, from the folder that holds your sweep file:
    LYAPSWEEP_BIN=\$PWD/$name/bin/lyapsweep LYAPSWEEP_SWEEP=$name/sweeps/quickstart.toml \\
        sbatch --nodes=2 --ntasks-per-node=32 $name/slurm/lyapsweep.sbatch
TEXT

mkdir -p "$out_dir"
rm -f "$out_dir"/lyapsweep-*-linux-"$arch".tar.gz
tarball=$out_dir/$name-linux-$arch.tar.gz
tar -czf "$tarball" -C "$stage" --owner=0 --group=0 "$name"
echo "dist: $tarball ($(du -h "$tarball" | cut -f1); executable $(du -h "$executable" | cut -f1)); needs: ${others[*]} (and ${required[*]:-no other})"
