#!/usr/bin/env bash
# Brings the camera-resolution family into the committed repository through the same door every
# user model comes through: ./tandem models import. Run train_camera.py first.
#
#   models/training/import_camera.sh [BUILD_DIR]    (default models/training/build/camera)
#
# Accuracy per partition and codec is measured on the first 2,000 test scenes (the full-model
# accuracy on all 10,000 is in BUILD_DIR/train-log.txt); 200 of them stay in the repository as the
# evaluation subset devices draw frames from. At most 6 partition points per version keep the
# repository small: every partition carries a copy of the version's weights.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:-$ROOT/models/training/build/camera}"
MODEL=camera-mnv2
EVAL="$BUILD/test-2000"

mkdir -p "$EVAL"
head -c $((2000 * 112 * 112)) "$BUILD/test/images.u8" >"$EVAL/images.u8"
head -c 2000 "$BUILD/test/labels.u8" >"$EVAL/labels.u8"

for spec in w50:0.5 w75:0.75 w100:1.0; do
  version="${spec%%:*}"
  width="${spec##*:}"
  "$ROOT/tandem" models import --repo "$ROOT/models/zoo" --model "$MODEL" --replace \
    --version "$version" --width "$width" --onnx "$BUILD/$version.onnx" \
    --images "$EVAL" --subset 200 --max-partitions 6 --threads 2 \
    --classes "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot" \
    --description "MobileNetV2-style CNN (inverted residual blocks) for Fashion-MNIST items on a textured 112x112 canvas (1x112x112 float32 in [0,1], 10 classes) at three widths"
done
"$ROOT/tandem" models verify --repo "$ROOT/models/zoo" --model "$MODEL"
