#!/usr/bin/env bash
# Checks lyapsweep-worker.service with `systemd-analyze verify`, substituting /bin/true for the binary
# (which this machine need not have installed). Does not install or start anything.
set -euo pipefail
cd "$(dirname "$0")"
command -v systemd-analyze > /dev/null || { echo "verify.sh: systemd-analyze not installed; skipped"; exit 0; }
scratch=$(mktemp -d /tmp/lyapsweep-systemd.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
sed 's|/opt/lyapsweep/bin/lyapsweep|/bin/true|' lyapsweep-worker.service > "$scratch/lyapsweep-worker.service"
output=$(systemd-analyze verify "$scratch/lyapsweep-worker.service" 2>&1 || true)
if [[ -n $output ]]; then echo "$output" >&2; exit 1; fi
echo "verify.sh: lyapsweep-worker.service passes systemd-analyze verify"
