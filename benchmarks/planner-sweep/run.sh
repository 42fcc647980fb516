#!/usr/bin/env bash
# The planner comparison behind the README's table: every folder of a trace collection x seeds x
# the zoo model and the ImageNet family, every planner and reference on the same cells.
#   benchmarks/planner-sweep/run.sh [TRACES_DIR] [OUT_DIR] [SEEDS]
# TRACES_DIR holds one sub-folder per trace set (default: the bundled data/traces); the README's
# table passes the shared collection. SEEDS defaults to "1 2 3 4 5".
# Writes OUT_DIR/<model>/<folder>/seed-<k>/report.json and prints OUT_DIR/summary.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TRACES="${1:-$ROOT/data/traces}"
OUT="${2:-$ROOT/planner-sweep-out}"
SEEDS="${3:-1 2 3 4 5}"
# PLANNERS in the environment runs a subset (e.g. PLANNERS=drl,device-only into another OUT_DIR;
# summarise.py merges several OUT_DIRs run by run, and checks the planners they share agree).
PLANNERS="${PLANNERS:-tandem,drl,device-only,edge-only,neurosurgeon,fixed-version,edgent,static,oracle,lookahead,hindsight-static}"

# The zoo cell: the README's (100 devices of the three classes, 10-20 fps, 200/60 ms deadlines).
zoo() {
  "$ROOT/tandem" simulate --traces "$1" --devices 100 --duration 300 --seed "$2" --planners "$PLANNERS" --out "$3"
}
# The ImageNet cell (docs/planner.md, "A real-size model family"): 30 Raspberry Pi 4s at 1-2 fps,
# deadlines 2 s (accuracy) and 0.6 s (latency), a 150 GFLOP/s edge and 30 Mbit/s of ingress.
imagenet() {
  "$ROOT/tandem" simulate --traces "$1" --profile "$ROOT/data/profiles/imagenet-family.json" --classes rpi4 --fps 1,2 \
    --deadline-scale 10 --edge-gflops 150 --ingress-mbps 30 --fixed-version mobilenetv2 --devices 30 --duration 120 \
    --seed "$2" --planners "$PLANNERS" --out "$3"
}

for folder in "$TRACES"/*/; do
  name="$(basename "$folder")"
  for model in zoo imagenet; do
    for seed in $SEEDS; do
      dir="$OUT/$model/$name/seed-$seed"
      [[ -f "$dir/report.json" ]] && continue
      echo "== $model / $name / seed $seed" >&2
      mkdir -p "$dir"
      "$model" "$folder" "$seed" "$dir" > "$dir/simulate.log" 2>&1
    done
  done
done
/usr/bin/python3 "$ROOT/benchmarks/planner-sweep/summarise.py" "$OUT" | tee "$OUT/summary.md"
