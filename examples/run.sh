#!/usr/bin/env bash
# Builds and runs the examples as another package would: against a tagged clone of this repository,
# depended on by version through a file:// URL (the URL in each example's Package.swift).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
origin=/tmp/lyapsweep-example/lyapsweep
rm -rf /tmp/lyapsweep-example && mkdir -p /tmp/lyapsweep-example
git clone --quiet "$root" "$origin"
git -C "$origin" tag 0.1.0 2>/dev/null || git -C "$origin" tag -f 0.1.0 >/dev/null
for example in "$root"/examples/*/; do
    name=$(basename "$example")
    echo "examples/$name: building against lyapsweep 0.1.0 from $origin"
    swift build --package-path "$example" --scratch-path "/tmp/lyapsweep-example/build-$name" -c release
    output=$(swift run --package-path "$example" --scratch-path "/tmp/lyapsweep-example/build-$name" -c release --skip-build)
    echo "$output"
    grep -q "λ_nMLE" <<<"$output" || { echo "examples/$name printed no λ_nMLE" >&2; exit 1; }
done
