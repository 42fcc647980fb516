#!/usr/bin/env bash
# Writes the generated manifests of deploy/kubernetes from the code they describe:
#   deploy/kubernetes/generate.sh [--devices N]
#       kafka/topics.yaml (the topic catalogue) and kafka/users.yaml (each role's user and N
#       enrolled devices, default 20, with their ACLs)
#   deploy/kubernetes/generate.sh device-passwords --fleet-secret FILE [--devices N]
#       prints the Secret the device users' passwords come from (apply it; never commit it)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
mvn -B -q -Dstyle.color=never -DskipTests -pl kubernetes -am install >"${TMPDIR:-/tmp}/tandem-k8s-build.log" 2>&1 \
  || { echo "generate: build failed; see ${TMPDIR:-/tmp}/tandem-k8s-build.log" >&2; exit 1; }
CP_FILE="$ROOT/kubernetes/target/classpath"
mvn -B -q -Dstyle.color=never -pl kubernetes dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$ROOT/kubernetes/target/classes:$(cat "$CP_FILE")"
if [[ "${1:-}" == device-passwords ]]; then
  exec java -cp "$CP" io.tandem.kubernetes.KubernetesManifests "$@"
fi
exec java -cp "$CP" io.tandem.kubernetes.KubernetesManifests resources --out "$HERE/kafka" "$@"
