#!/usr/bin/env bash
# The drl planner on the traces it never trained on: the half of each folder of the shared
# collection that models/training/drl/train.py leaves out, against the split rules and the fixed
# plan, and tandem.
#   benchmarks/planner-sweep/held-out.sh TRACES_DIR [OUT_DIR] [SEEDS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${1:?give the trace collection train.py --shared trained on (one folder per trace set)}"
OUT="${2:-$ROOT/held-out-out}"
SEEDS="${3:-1 2 3 4 5}"
LINKS="$OUT/traces"
/usr/bin/python3 "$ROOT/models/training/drl/train.py" --shared "$SHARED" --link-held-out "$LINKS"
PLANNERS="${PLANNERS:-tandem,drl,device-only,edge-only,neurosurgeon,static}" \
  "$ROOT/benchmarks/planner-sweep/run.sh" "$LINKS" "$OUT/runs" "$SEEDS"
