#!/usr/bin/env bash
# The README's ablation: tandem with one ingredient switched at a time, on the sweep's two cells,
# and admission on an overloaded ImageNet cell (Pi 4s and Pi Zeros in turn, 0.5-1 fps).
#   benchmarks/planner-sweep/ablate.sh TRACES_DIR [OUT_DIR] [SEEDS]
# TRACES_DIR holds trace sets as sub-folders; the README used real-world-bandwidth-traces and
# mahimahi-cellular of the shared collection (FOLDERS overrides), seeds 1-3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TRACES="${1:?usage: ablate.sh TRACES_DIR [OUT_DIR] [SEEDS]}"
OUT="${2:-$ROOT/planner-ablation-out}"
SEEDS="${3:-1 2 3}"
FOLDERS="${FOLDERS:-real-world-bandwidth-traces mahimahi-cellular}"
ABLATIONS=tandem,tandem-bare,tandem-no-robust,tandem-no-admission,tandem-no-hysteresis,tandem-with-backlog,static
FAMILY="$ROOT/data/profiles/imagenet-family.json"

for name in $FOLDERS; do
  for seed in $SEEDS; do
    run() { # model, then simulate's own flags
      local dir="$OUT/$1/$name/seed-$seed"; shift
      [[ -f "$dir/report.json" ]] && return 0
      mkdir -p "$dir"
      "$ROOT/tandem" simulate --traces "$TRACES/$name" --seed "$seed" --out "$dir" "$@" > "$dir/simulate.log" 2>&1
    }
    run zoo --devices 100 --duration 300 --planners "$ABLATIONS"
    run imagenet --profile "$FAMILY" --classes rpi4 --fps 1,2 --deadline-scale 10 --edge-gflops 150 --ingress-mbps 30 \
      --fixed-version mobilenetv2 --devices 30 --duration 120 --planners "$ABLATIONS"
    run overloaded --profile "$FAMILY" --classes rpi4,rpi-zero --fps 0.5,1 --deadline-scale 10 --edge-gflops 150 \
      --ingress-mbps 30 --fixed-version mobilenetv2 --devices 30 --duration 120 \
      --planners tandem,tandem-no-admission,device-only,edgent,static,oracle,hindsight-static
  done
done
/usr/bin/python3 "$ROOT/benchmarks/planner-sweep/summarise.py" --per-planner "$OUT" | tee "$OUT/summary.md"
