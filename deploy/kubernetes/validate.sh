#!/usr/bin/env bash
# Validates the Kubernetes manifests against the API schemas with kubernetes-validate --strict (PyPI;
# installed with pip if missing): each manifest file, and the whole kustomization as `kubectl kustomize`
# renders it when kubectl is installed. Nothing is applied to a cluster.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v kubernetes-validate > /dev/null; then
    python3 -m pip install --quiet kubernetes-validate
fi
kubernetes-validate --strict coordinator.yaml workers.yaml results-pod.yaml
if command -v kubectl > /dev/null; then
    rendered=$(mktemp /tmp/lyapsweep-kustomize.XXXXXX.yaml)
    trap 'rm -f "$rendered"' EXIT
    kubectl kustomize . > "$rendered"
    kubernetes-validate --strict "$rendered"
    grep -q '^kind: ConfigMap' "$rendered" || { echo "validate.sh: the sweep ConfigMap is missing" >&2; exit 1; }
    # The coordinator completes (a Job, not a controller that restarts it) and keeps its database on a claim.
    grep -q '^kind: Job' "$rendered" || { echo "validate.sh: the coordinator is not a Job" >&2; exit 1; }
    grep -q '^kind: PersistentVolumeClaim' "$rendered" || { echo "validate.sh: the database volume claim is missing" >&2; exit 1; }
    ! grep -q '^kind: StatefulSet' "$rendered" || { echo "validate.sh: a StatefulSet restarts a finished coordinator" >&2; exit 1; }
else
    echo "validate.sh: kubectl not installed; the kustomization itself was not rendered"
fi
echo "validate.sh: the Kubernetes manifests are valid"
