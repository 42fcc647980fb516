#!/usr/bin/env python3
"""Trains the camera-resolution family (camera_model.py) and exports each width as one ONNX
classifier; `models/training/import_camera.sh` then brings them into the repository through
`./tandem models import`, the door every user model comes through.

    /usr/bin/python3 models/training/train_camera.py --out models/training/build/camera

CPU only, fixed seed, Debian packages only (python3-torch, dataset-fashion-mnist). Writes
<out>/<version>.onnx (opset 17, dynamic batch, input 'image' 1x112x112 in [0,1], output
'logits'), <out>/test/{images,labels}.u8 (the 10k test scenes in the importer's raw format) and
<out>/train-log.txt.
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from camera_model import SIDE, CameraNet, scenes

FMNIST = "/usr/share/datasets/fashion-mnist"
VERSIONS = [("w50", 0.5), ("w75", 0.75), ("w100", 1.0)]


def idx(name):
    with gzip.open(os.path.join(FMNIST, name)) as f:
        data = f.read()
    magic = int.from_bytes(data[:4], "big")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(magic & 0xFF)]
    return torch.from_numpy(np.frombuffer(data, np.uint8, offset=4 + 4 * len(dims)).reshape(dims).copy())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--train-images", type=int, default=12000)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    os.makedirs(os.path.join(args.out, "test"), exist_ok=True)
    log = open(os.path.join(args.out, "train-log.txt"), "w")

    def say(line):
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    train_x = idx("train-images-idx3-ubyte.gz")[: args.train_images]
    train_y = idx("train-labels-idx1-ubyte.gz")[: args.train_images].long()
    test_x, test_y = idx("t10k-images-idx3-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz").long()
    start = time.time()
    train_scenes = scenes(train_x, args.seed)
    test_scenes = scenes(test_x, args.seed + 1)
    test_scenes.numpy().tofile(os.path.join(args.out, "test", "images.u8"))
    test_y.to(torch.uint8).numpy().tofile(os.path.join(args.out, "test", "labels.u8"))
    say(f"scenes: {len(train_scenes)} train, {len(test_scenes)} test, {SIDE}x{SIDE}, {time.time() - start:.0f} s")

    for version, width in VERSIONS:
        torch.manual_seed(args.seed)
        model = CameraNet(width)
        steps = args.epochs * ((len(train_scenes) + 63) // 64)
        opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
        t0 = time.time()
        for epoch in range(args.epochs):
            model.train()
            order = torch.randperm(len(train_scenes))
            total = 0.0
            for b in range(0, len(order), 64):
                i = order[b:b + 64]
                x = train_scenes[i].float().div(255)
                # Light augmentation: horizontal flips (the scenes already vary place and scale).
                flip = torch.rand(len(i)) < 0.5
                x[flip] = x[flip].flip(-1)
                loss = F.cross_entropy(model(x), train_y[i])
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                total += loss.item() * len(i)
            say(f"{version} epoch {epoch + 1}: loss {total / len(order):.4f} ({time.time() - t0:.0f} s)")
        model.eval()
        correct = 0
        with torch.no_grad():
            for b in range(0, len(test_scenes), 500):
                logits = model(test_scenes[b:b + 500].float().div(255))
                correct += (logits.argmax(1) == test_y[b:b + 500]).sum().item()
        params = sum(p.numel() for p in model.parameters())
        say(f"{version}: width {width}, {params:,} parameters, test accuracy {correct / len(test_y):.4f}")
        torch.onnx.export(
            model,
            torch.zeros(1, 1, SIDE, SIDE),
            os.path.join(args.out, version + ".onnx"),
            opset_version=17,
            input_names=["image"],
            output_names=["logits"],
            dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
            do_constant_folding=True,
        )
    log.close()


if __name__ == "__main__":
    main()
