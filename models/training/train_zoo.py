#!/usr/bin/python3
"""Trains Tandem's model zoo and exports it as an ONNX model repository.

One command, fixed seed, CPU only, Debian packages only (python3-torch, python3-onnx,
dataset-fashion-mnist):

    /usr/bin/python3 models/training/train_zoo.py --out models/zoo

For each model version (width x1, x0.5, x0.25 of one small ResNet family) it trains the
network, folds BatchNorm into the convolutions, trains a bottleneck (encoder on the device,
decoder on the edge, tail fine-tuned with distillation from the full model) at every mid
partition point, exports every head and tail slice as ONNX (opset 17), measures top-1 accuracy
of every (version, partition, bottleneck, codec) on the whole 10k test set and on the committed
2,000-image subset, and writes manifest.json.
"""
import argparse
import copy
import gzip
import hashlib
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zoo_model import Bottleneck, ConvBN, Net  # noqa: E402
from zoo_codecs import CODECS, apply_codec, payload_bytes, quant_param_bytes  # noqa: E402

DATA = "/usr/share/datasets/fashion-mnist"
MODEL_ID = "fmnist-resnet"
VERSIONS = [("w100", 1.0, 3, 1), ("w50", 0.5, 4, 2), ("w25", 0.25, 5, 2)]  # id, width, epochs, bottleneck epochs
SUBSET = 2000
OPSET = 17


def load_idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        data = f.read()
    if name.find("images") >= 0:
        n = int.from_bytes(data[4:8], "big")
        return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).reshape(n, 1, 28, 28)
    n = int.from_bytes(data[4:8], "big")
    return torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).reshape(n).long()


def as_input(images_u8):
    """Model input: pixels scaled to [0, 1], float32, NCHW."""
    return images_u8.float() / 255.0


def batches(n, size, generator):
    order = torch.randperm(n, generator=generator)
    for i in range(0, n, size):
        yield order[i:i + size]


def train_base(width, epochs, train_x, train_y, generator, log):
    model = Net(width)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    steps = epochs * ((len(train_x) + 255) // 256)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
    model.train()
    for epoch in range(epochs):
        t0, total = time.time(), 0.0
        for idx in batches(len(train_x), 256, generator):
            x = as_input(train_x[idx])
            flip = torch.rand(len(idx), generator=generator) < 0.5
            x[flip] = x[flip].flip(-1)
            loss = F.cross_entropy(model(x), train_y[idx], label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        log("  epoch %d loss %.4f (%.0f s)" % (epoch + 1, total / len(train_x), time.time() - t0))
    return model.eval()


def fold_bn(module):
    """Returns an eval-mode copy with every Conv/ConvTranspose + BatchNorm pair folded into one conv."""
    module = copy.deepcopy(module).eval()
    for name, child in list(module.named_children()):
        if isinstance(child, ConvBN):
            conv, bn = child[0], child[1]
            fused = torch.nn.utils.fusion.fuse_conv_bn_eval(conv, bn, transpose=isinstance(conv, nn.ConvTranspose2d))
            rest = [m for m in list(child)[2:]]
            setattr(module, name, nn.Sequential(fused, *rest))
        else:
            setattr(module, name, fold_bn(child))
    return module


def feature_shape(blocks, k):
    x = torch.zeros(1, 1, 28, 28)
    with torch.no_grad():
        for b in blocks[:k]:
            x = b(x)
    return list(x.shape)


CODE_CHANNELS = {1: 2, 2: 8, 3: 8, 4: 4, 5: 4}  # trained bottleneck width per mid partition


def train_bottleneck(base, k, epochs, train_x, train_y, generator, log):
    """Bottleneck at partition k: the head stays frozen (devices keep their head slice); encoder,
    decoder and a copy of the tail learn from labels and from the full model's soft outputs."""
    shape = feature_shape(base.blocks, k)
    bn = Bottleneck(shape[1], shape[2], CODE_CHANNELS[k])
    head = nn.Sequential(*base.blocks[:k]).eval()
    tail = copy.deepcopy(nn.Sequential(*base.blocks[k:]))
    # One rate for the new layers and the tail: a smaller tail rate (3e-4) measured 1.3 points worse.
    opt = torch.optim.AdamW(list(bn.parameters()) + list(tail.parameters()), lr=2e-3, weight_decay=1e-4)
    steps = epochs * ((len(train_x) + 255) // 256)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps)
    bn.train()
    tail.train()
    t0 = time.time()
    for idx in (i for _ in range(epochs) for i in batches(len(train_x), 256, generator)):
        x = as_input(train_x[idx])
        with torch.no_grad():
            feats = head(x)
            teacher = nn.Sequential(*base.blocks[k:])(feats)
        code = bn.encoder(feats)
        # Uniform noise of one int8 step: the code learns to survive quantization.
        code = code + (torch.rand(code.shape, generator=generator) - 0.5) * (6.0 / 255.0)
        logits = tail(bn.decoder(code))
        loss = 0.5 * F.cross_entropy(logits, train_y[idx]) + 0.5 * 4.0 * F.kl_div(
            F.log_softmax(logits / 2.0, dim=1), F.softmax(teacher / 2.0, dim=1), reduction="batchmean")
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    log("  bottleneck p%d: code %s (%.0f s)" % (k, [1, CODE_CHANNELS[k]] + feature_shape(nn.ModuleList(list(base.blocks[:k]) + [bn.encoder]), k + 1)[2:], time.time() - t0))
    return bn.eval(), tail.eval()


class Identity(nn.Module):
    def forward(self, x):
        return x


def count_flops(module, input_shape):
    """Multiply-adds x 2 of convolutions and linear layers for one sample."""
    flops = [0]

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            flops[0] += 2 * out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.ConvTranspose2d):
            flops[0] += 2 * inp[0].numel() * (m.out_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.Linear):
            flops[0] += 2 * m.in_features * m.out_features
    handles = [m.register_forward_hook(hook) for m in module.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear))]
    with torch.no_grad():
        module(torch.zeros(input_shape))
    for h in handles:
        h.remove()
    return flops[0]


def export(module, input_shape, in_name, out_name, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(module, torch.zeros(input_shape), path, opset_version=OPSET, do_constant_folding=True,
                      input_names=[in_name], output_names=[out_name],
                      dynamic_axes={in_name: {0: "batch"}, out_name: {0: "batch"}})
    with torch.no_grad():
        out_shape = list(module(torch.zeros(input_shape)).shape)
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    return {
        "file": None, "sha256": sha,
        "input": {"name": in_name, "shape": [-1] + list(input_shape[1:])},
        "output": {"name": out_name, "shape": [-1] + out_shape[1:]},
        "flops": count_flops(module, input_shape),
        "param_bytes": 4 * sum(p.numel() for p in module.parameters()),
    }


def accuracy(head, tail, codec, x, y):
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), 1000):
            feats = head(as_input(x[i:i + 1000]))
            logits = tail(apply_codec(feats, codec))
            correct += (logits.argmax(1) == y[i:i + 1000]).sum().item()
    return correct / len(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="model repository root, e.g. models/zoo")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    generator = torch.Generator().manual_seed(args.seed)
    log = lambda m: print(m, flush=True)  # noqa: E731

    train_x, train_y = load_idx("train-images-idx3-ubyte.gz"), load_idx("train-labels-idx1-ubyte.gz")
    test_x, test_y = load_idx("t10k-images-idx3-ubyte.gz"), load_idx("t10k-labels-idx1-ubyte.gz")
    root = os.path.join(args.out, MODEL_ID)
    os.makedirs(root, exist_ok=True)

    # The committed evaluation subset: the first 2,000 test images, raw uint8, and their labels.
    data_dir = os.path.join(args.out, "data")
    os.makedirs(data_dir, exist_ok=True)
    with open(os.path.join(data_dir, "fmnist-test-2000-images.u8"), "wb") as f:
        f.write(test_x[:SUBSET].numpy().tobytes())
    with open(os.path.join(data_dir, "fmnist-test-2000-labels.u8"), "wb") as f:
        f.write(test_y[:SUBSET].to(torch.uint8).numpy().tobytes())

    manifest = {
        "model": MODEL_ID,
        "description": "ResNet-style CNN (basic residual blocks) for Fashion-MNIST (1x28x28 float32 in [0,1], 10 classes) at three widths",
        "input": {"shape": [-1, 1, 28, 28], "dtype": "float32", "scale": "pixel / 255"},
        "classes": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        "training": {"seed": args.seed, "torch": torch.__version__, "opset": OPSET, "dataset": "Fashion-MNIST (Debian dataset-fashion-mnist)"},
        "evaluation": {"test_images": len(test_x), "subset_images": SUBSET,
                       "subset_files": ["data/fmnist-test-2000-images.u8", "data/fmnist-test-2000-labels.u8"]},
        "codecs": CODECS,
        "versions": [],
    }
    for version, width, epochs, bn_epochs in VERSIONS:
        log("%s (width %.2f, %d epochs)" % (version, width, epochs))
        trained = train_base(width, epochs, train_x, train_y, generator, log)
        model = fold_bn(trained)
        blocks = model.blocks
        n = len(blocks)
        vdir = os.path.join(root, version)
        full = export(model, (1, 1, 28, 28), "input", "logits", os.path.join(vdir, "full.onnx"))
        full["file"] = "%s/full.onnx" % version
        entry = {"id": version, "width": width, "blocks": n, "full": full, "partitions": []}
        for k in range(n + 1):
            head = nn.Sequential(*blocks[:k]) if k > 0 else Identity()
            tail = nn.Sequential(*blocks[k:]) if k < n else Identity()
            fshape = feature_shape(blocks, k)
            part = {"partition": k, "feature_shape": fshape, "variants": []}
            variants = [("plain", head, tail)]
            if 0 < k < n:
                bn, bn_tail = train_bottleneck(trained, k, bn_epochs, train_x, train_y, generator, log)
                bn = fold_bn(bn)
                bn_tail = fold_bn(bn_tail)
                variants.append(("bottleneck", nn.Sequential(*blocks[:k], bn.encoder), nn.Sequential(bn.decoder, *bn_tail)))
            for kind, h, t in variants:
                suffix = "" if kind == "plain" else "-bn"
                variant = {"kind": kind, "head": None, "tail": None}
                if k > 0:
                    variant["head"] = export(h, (1, 1, 28, 28), "input", "features", os.path.join(vdir, "p%d" % k, "head%s.onnx" % suffix))
                    variant["head"]["file"] = "%s/p%d/head%s.onnx" % (version, k, suffix)
                code_shape = feature_shape(nn.ModuleList([h]), 1) if k > 0 else [1, 1, 28, 28]
                if k < n:
                    variant["tail"] = export(t, tuple(code_shape), "features", "logits", os.path.join(vdir, "p%d" % k, "tail%s.onnx" % suffix))
                    variant["tail"]["file"] = "%s/p%d/tail%s.onnx" % (version, k, suffix)
                variant["code_shape"] = code_shape
                variant["codecs"] = []
                for codec in CODECS:
                    variant["codecs"].append({
                        "codec": codec,
                        "payload_bytes": payload_bytes(code_shape, codec),
                        "quant_param_bytes": quant_param_bytes(code_shape, codec),
                        "accuracy": accuracy(h, t, codec, test_x, test_y),
                        "accuracy_subset": accuracy(h, t, codec, test_x[:SUBSET], test_y[:SUBSET]),
                    })
                log("  p%d %-10s %s" % (k, kind, " ".join("%s=%.4f/%dB" % (c["codec"], c["accuracy"], c["payload_bytes"]) for c in variant["codecs"])))
                part["variants"].append(variant)
            entry["partitions"].append(part)
        manifest["versions"].append(entry)
        with open(os.path.join(root, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
    log("wrote %s" % os.path.join(root, "manifest.json"))


if __name__ == "__main__":
    main()
