#!/usr/bin/env bash
# The edge job on the standalone cluster under growing fleets: a broker, a JobManager and two
# TaskManagers (deploy/flink-standalone/cluster.sh), the job at parallelism 2 over two cells, then
# one fleet per size, each device joining the cells in turn. Prints one line per size.
#   benchmarks/cluster-load/run.sh [OUT_DIR] ["SIZES"] [SECONDS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/cluster-load-out}" && cd "${1:-$ROOT/cluster-load-out}" && pwd)"
SIZES="${2:-6 12 24 48}"
SECONDS_PER_RUN="${3:-40}"
PORT="${TANDEM_LOAD_KAFKA_PORT:-19097}"
NAMESPACE=load
export TANDEM_CLUSTER_RUN="$OUT/cluster" TANDEM_CLUSTER_SLOTS=1 TANDEM_CLUSTER_TM_MEMORY=1536m
CLUSTER="$ROOT/deploy/flink-standalone/cluster.sh"

"$ROOT/tandem" kafka --port "$PORT" --namespace "$NAMESPACE" >"$OUT/kafka.log" 2>&1 &
KAFKA=$!
trap '"$CLUSTER" stop >/dev/null || true; kill $KAFKA 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do grep -q "created\|exists" "$OUT/kafka.log" 2>/dev/null && break; sleep 1; done

"$CLUSTER" start --taskmanagers 2
# At-least-once results: an answer is visible at once, not at the next checkpoint (devices drop
# repeats), so the figure is the edge's own latency.
"$CLUSTER" submit --bootstrap "127.0.0.1:$PORT" --namespace "$NAMESPACE" --parallelism 2 \
  --cells north:20:50,south:20:50 --delivery at-least-once --checkpoint-ms 1000
sleep 20 # the job's tasks start and load their sessions

WARM_UP=8 # the first fleet warms the job up first (compiles its path), as the demo does
for n in $SIZES; do
  "$ROOT/tandem" fleet --bootstrap "127.0.0.1:$PORT" --namespace "$NAMESPACE" --devices "$n" \
    --duration "$SECONDS_PER_RUN" --cells north,south --seed "$n" --out "$OUT/fleet-$n.json" \
    --warm-up-seconds "$WARM_UP" >"$OUT/fleet-$n.log" 2>&1
  WARM_UP=0
  /usr/bin/python3 - "$OUT/fleet-$n.json" "$n" "$SECONDS_PER_RUN" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
n, seconds = int(sys.argv[2]), float(sys.argv[3])
groups = {g["group"]: g for g in summary["groups"]}
total = groups["all"]
by_kind = {}
for name, g in groups.items():
    if name == "all":
        continue
    kind = name.split(" / ")[1]
    by_kind[kind] = max(by_kind.get(kind, 0), g["p95Ms"])
print(f"{n:4d} devices  {total['answered'] / seconds:7.1f} answers/s  p50 {total['p50Ms']:7.1f} ms"
      f"  p95 {total['p95Ms']:7.1f} ms  worst group p95: accuracy {by_kind.get('accuracy', 0):7.1f} ms,"
      f" latency {by_kind.get('latency', 0):7.1f} ms  in deadline {100 * total['deadlineMetShare']:5.1f}%"
      f"  dropped {total['dropped']}")
PY
done
