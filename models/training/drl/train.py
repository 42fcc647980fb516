#!/usr/bin/env python3
"""Trains Tandem's drl planner: PPO with a shared per-device actor, in the Java simulator.

The environment is `./tandem simulate --serve` (simulator/.../TrainingServer.java): every window it
sends the cell as the served policy will see it (PolicyObservation: per-device features, per-option
features, a mask), takes an action (an option per device, two share logits per device) and
answers with each device's reward (minus its frames' cost per offered frame, docs/cost-model.md,
deadlines included). The design follows MAHPPO (Hao et al., IEEE TMC 2023) where MCIA is silent:
one actor per device with a discrete head (here: which version x partition x codec, scored option
by option, so one network serves any model family) and a continuous head (ingress and edge
logits, normalised onto the cell's capacity by PolicyAction), a critic, PPO with GAE. Devices share
the actor's weights; each learns from its own reward (independent PPO with parameter sharing).

    /usr/bin/python3 models/training/drl/train.py [--shared TRACES_DIR]

writes models/src/main/resources/io/tandem/models/policy/drl-policy.{onnx,json} and a training
curve (drl-training.png, drl-training.csv) under --report (default docs/img). Debian packages only:
python3-torch, python3-onnx, python3-matplotlib.
"""
import argparse
import csv
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch
import torch.nn as nn

ROOT = Path(__file__).resolve().parents[3]
DEVICE_FEATURES = 8  # PolicyObservation.DEVICE_FEATURES
OPTION_FEATURES = 12  # PolicyObservation.OPTION_FEATURES
FEATURES_VERSION = 1  # PolicyObservation.FEATURES_VERSION
COST_FEATURE = 9  # log1p of the option's model cost at equal shares

# The two training cells: the sweep's cells (benchmarks/planner-sweep/run.sh), the zoo one at half
# the devices and 120 s so an episode is quick (the features are per device and relative to the
# cell's fair share, which CellSizing keeps per device).
CELLS = {
    "zoo": ["--devices", "50", "--duration", "120"],
    "imagenet": ["--profile", str(ROOT / "data/profiles/imagenet-family.json"), "--classes", "rpi4",
                 "--fps", "1,2", "--deadline-scale", "10", "--edge-gflops", "150", "--ingress-mbps", "30",
                 "--fixed-version", "mobilenetv2", "--devices", "30", "--duration", "120"],
}
FIRST_SEED = 1000  # training cells never use the evaluation's seeds (1 to 5)
AGGREGATE_BATCHES = 16  # warm-start episodes (both cells) the imitation step trains on, newest kept


class Actor(nn.Module):
    """Scores each option of a device from its features and the device's; share logits likewise."""

    def __init__(self, hidden=64):
        super().__init__()
        self.device = nn.Sequential(nn.Linear(DEVICE_FEATURES, hidden), nn.Tanh())
        self.option = nn.Sequential(nn.Linear(OPTION_FEATURES + hidden, hidden), nn.Tanh(),
                                    nn.Linear(hidden, hidden), nn.Tanh())
        self.score = nn.Linear(hidden, 1)
        self.share = nn.Linear(hidden, 2)
        nn.init.zeros_(self.share.weight)
        nn.init.zeros_(self.share.bias)  # equal shares to start with

    def forward(self, device, options, mask):
        e = self.device(device).unsqueeze(1).expand(-1, options.shape[1], -1)
        z = self.option(torch.cat([options, e], dim=-1))
        scores = self.score(z).squeeze(-1) + (mask - 1.0) * 1e9  # padding never chosen
        return scores, self.share(z)


class Critic(nn.Module):
    """A device's value from its features, its options' summary and the cell's mean device."""

    def __init__(self, hidden=64):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2 * DEVICE_FEATURES + OPTION_FEATURES + 1, hidden), nn.Tanh(),
                                 nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))

    def forward(self, device, options, mask, cell):
        m = mask.unsqueeze(-1)
        pooled = (options * m).sum(1) / m.sum(1).clamp(min=1)
        best = (options[:, :, COST_FEATURE] + (1 - mask) * 1e3).min(1).values.unsqueeze(-1)
        return self.net(torch.cat([device, pooled, best, cell], dim=-1)).squeeze(-1)


class Environment:
    """One `./tandem simulate --serve` process for one cell."""

    def __init__(self, name, traces):
        cmd = [str(ROOT / "tandem"), "simulate", "--serve", "--traces", str(traces),
               "--out", tempfile.mkdtemp(prefix="tandem-drl-")] + CELLS[name]
        self.name = name
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     bufsize=1)

    def send(self, message):
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()

    def receive(self):
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"the {self.name} environment ended (exit {self.proc.wait()})")
            if line.startswith("{"):
                return json.loads(line)

    def close(self):
        try:
            self.send({"quit": True})
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        self.proc.wait(timeout=30)


def tensors(obs):
    n, k = len(obs["ids"]), obs["width"]
    device = torch.tensor(obs["device"], dtype=torch.float32).view(n, DEVICE_FEATURES)
    options = torch.tensor(obs["options"], dtype=torch.float32).view(n, k, OPTION_FEATURES)
    mask = torch.tensor(obs["mask"], dtype=torch.float32).view(n, k)
    return device, options, mask


def run_episode(env, seed, actor, critic, log_std, teacher=False, take=False):
    """One episode; returns its steps (observation, action, log-prob, value, reward) and summary.
    With a teacher, the tandem solver's decision on every observation is kept as a label; with
    take, it is also the action sent (else the policy's own, so labels cover the states the policy
    itself reaches)."""
    env.send({"reset": seed, "teacher": teacher})
    steps = []
    while True:
        message = env.receive()
        if "obs" in message:
            obs = message["obs"]
            device, options, mask = tensors(obs)
            with torch.no_grad():
                scores, shares = actor(device, options, mask)
                choice = torch.distributions.Categorical(logits=scores).sample()
                mean = shares[torch.arange(len(choice)), choice]
                z = mean + torch.randn_like(mean) * log_std.exp()
                logp = (torch.distributions.Categorical(logits=scores).log_prob(choice)
                        + torch.distributions.Normal(mean, log_std.exp()).log_prob(z).sum(-1))
                cell = device.mean(0, keepdim=True).expand(device.shape[0], -1)
                value = critic(device, options, mask, cell)
            step = {"ids": obs["ids"], "device": device, "options": options, "mask": mask, "cell": cell,
                    "reward": None}
            if teacher:
                step["label_choice"] = torch.tensor(obs["teacher"]["option"])
                step["label_z"] = torch.tensor(obs["teacher"]["shares"], dtype=torch.float32).view(-1, 2)
                if take:
                    choice, z = step["label_choice"], step["label_z"]
            env.send({"option": choice.tolist(), "shares": z.flatten().tolist()})
            step.update({"choice": choice, "z": z, "logp": logp, "value": value})
            steps.append(step)
        elif "reward" in message:
            rewards = message["reward"]
            if steps and steps[-1]["reward"] is None:
                steps[-1]["reward"] = torch.tensor([rewards[i] for i in steps[-1]["ids"]])
            elif steps:  # a window without a re-solve: the plan in force earned it
                steps[-1]["reward"] += torch.tensor([rewards[i] for i in steps[-1]["ids"]])
        elif "done" in message:
            return [s for s in steps if s["reward"] is not None], message["done"]


def advantages(steps, gamma, lam):
    """GAE per device along the episode (devices are matched by id between windows)."""
    next_value, next_adv = {}, {}
    for s in reversed(steps):
        adv = torch.zeros(len(s["ids"]))
        for j, i in enumerate(s["ids"]):
            v = s["value"][j].item()
            delta = s["reward"][j].item() + gamma * next_value.get(i, 0.0) - v
            a = delta + gamma * lam * next_adv.get(i, 0.0)
            adv[j] = a
            next_value[i], next_adv[i] = v, a
        s["advantage"] = adv
        s["return"] = adv + s["value"]


FIELDS = ("device", "options", "mask", "cell", "choice", "z", "logp", "advantage", "return")
LABELS = ("label_choice", "label_z")


def flatten(steps):
    """One episode's steps as one batch of transitions (every step of a cell has the same width)."""
    fields = FIELDS + (LABELS if "label_choice" in steps[0] else ())
    return {f: torch.cat([s[f] for s in steps]) for f in fields}


def imitation_loss(scores, shares, b, i):
    """How far the actor is from the teacher's option and share logits on transitions i."""
    mu = shares[torch.arange(len(i)), b["label_choice"][i]]
    return nn.functional.cross_entropy(scores, b["label_choice"][i]) + 0.5 * (mu - b["label_z"][i]).pow(2).mean()


def ppo_update(batches, actor, critic, log_std, optimiser, epochs, clip, minibatch, guide=0.0):
    """PPO; with guide > 0 and labelled batches, plus guide times the imitation loss (the teacher
    keeps the policy near plans that work while PPO improves on them)."""
    for _ in range(epochs):
        for b in batches:
            adv_all = (b["advantage"] - b["advantage"].mean()) / (b["advantage"].std() + 1e-8)
            order = torch.randperm(len(b["choice"]))
            for at in range(0, len(order), minibatch):
                i = order[at:at + minibatch]
                scores, shares = actor(b["device"][i], b["options"][i], b["mask"][i])
                dist = torch.distributions.Categorical(logits=scores)
                mu = shares[torch.arange(len(i)), b["choice"][i]]
                normal = torch.distributions.Normal(mu, log_std.exp())
                logp = dist.log_prob(b["choice"][i]) + normal.log_prob(b["z"][i]).sum(-1)
                ratio = (logp - b["logp"][i]).exp()
                adv = adv_all[i]
                policy = -torch.min(ratio * adv, ratio.clamp(1 - clip, 1 + clip) * adv).mean()
                value = (critic(b["device"][i], b["options"][i], b["mask"][i], b["cell"][i])
                         - b["return"][i]).pow(2).mean()
                loss = policy + 0.5 * value - 0.01 * dist.entropy().mean()
                if guide > 0 and "label_choice" in b:
                    loss = loss + guide * imitation_loss(scores, shares, b, i)
                optimiser.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(list(actor.parameters()) + list(critic.parameters()), 1.0)
                optimiser.step()
                with torch.no_grad():
                    log_std.clamp_(-3.0, 0.5)


def imitate(batches, actor, critic, optimiser, epochs, minibatch):
    """Warm start: the actor learns the teacher's options and share logits, the critic the returns
    those decisions earned."""
    for _ in range(epochs):
        for b in batches:
            order = torch.randperm(len(b["choice"]))
            for at in range(0, len(order), minibatch):
                i = order[at:at + minibatch]
                scores, shares = actor(b["device"][i], b["options"][i], b["mask"][i])
                loss = (imitation_loss(scores, shares, b, i)
                        + 0.5 * (critic(b["device"][i], b["options"][i], b["mask"][i], b["cell"][i])
                                 - b["return"][i]).pow(2).mean())
                optimiser.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(list(actor.parameters()) + list(critic.parameters()), 1.0)
                optimiser.step()


def shared_half(shared, half):
    """Every second file (sorted) of each folder of the shared collection: half 0 is trained on,
    half 1 never is."""
    chosen = []
    for folder in sorted(Path(shared).iterdir()):
        if folder.is_dir():
            files = sorted(f for f in folder.rglob("*") if f.is_file())
            chosen += [(folder.name, f, f.relative_to(folder)) for f in files[half::2]]
    return chosen


def training_traces(shared, out):
    """data/traces, and the trained half of each folder of the shared collection."""
    chosen = []
    for folder in sorted((ROOT / "data/traces").iterdir()):
        if folder.is_dir():
            chosen += [(f"bundled-{folder.name}", f, f.relative_to(folder)) for f in sorted(folder.rglob("*")) if f.is_file()]
    if shared:
        chosen += shared_half(shared, 0)
    return link(chosen, out), len(chosen)


def link(chosen, out):
    """Symbolic links to the chosen files under out/<folder>/<path>."""
    out.mkdir(parents=True, exist_ok=True)
    for prefix, source, rel in chosen:
        target = out / prefix / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.symlink_to(source.resolve())
    return out


def export(actor, out_dir, meta):
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "drl-policy.onnx"
    n, k = 3, 5
    args = (torch.zeros(n, DEVICE_FEATURES), torch.zeros(n, k, OPTION_FEATURES), torch.ones(n, k))
    torch.onnx.export(actor, args, str(path), input_names=["device", "options", "mask"],
                      output_names=["scores", "shares"], opset_version=13,
                      dynamic_axes={"device": {0: "n"}, "options": {0: "n", 1: "k"}, "mask": {0: "n", 1: "k"},
                                    "scores": {0: "n", 1: "k"}, "shares": {0: "n", 1: "k"}})
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = {"policy": "drl", "file": path.name, "sha256": digest, "features_version": FEATURES_VERSION,
                "inputs": {"device": ["n", DEVICE_FEATURES], "options": ["n", "k", OPTION_FEATURES], "mask": ["n", "k"]},
                "outputs": {"scores": ["n", "k"], "shares": ["n", "k", 2]}, "training": meta}
    (out_dir / "drl-policy.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return digest


def plot(rows, png):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    for ax, cell in zip(axes, CELLS):
        xs = [r["episode"] for r in rows if r["cell"] == cell]
        ys = [r["objective"] for r in rows if r["cell"] == cell]
        ax.plot(xs, ys, ".", alpha=0.35, label="episode")
        w = 10
        smooth = [sum(ys[max(0, i - w + 1):i + 1]) / len(ys[max(0, i - w + 1):i + 1]) for i in range(len(ys))]
        ax.plot(xs, smooth, "-", label=f"mean of last {w}")
        warm = [r["episode"] for r in rows if r["cell"] == cell and r.get("phase") == "imitate"]
        if warm:
            ax.axvline(max(warm) + 0.5, color="grey", linestyle=":", label="end of warm start")
        ax.set_title(f"{cell} cell"), ax.set_xlabel("episode"), ax.set_ylabel("mean objective (lower is better)")
        ax.legend()
    fig.tight_layout()
    fig.savefig(png, dpi=110)


def last_mean(rows, cell, last=10):
    ys = [r["objective"] for r in rows if r["cell"] == cell][-last:]
    return round(sum(ys) / len(ys), 4) if ys else None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shared", metavar="TRACES_DIR",
                   help="a collection of trace folders to train on as well (every second file of each; "
                        "default: the bundled data/traces only)")
    p.add_argument("--episodes", type=int, default=400, help="episodes, half of each cell (default 400)")
    p.add_argument("--minutes", type=float, default=60, help="stop early after this many minutes (default 60)")
    p.add_argument("--imitate", type=int, default=0,
                   help="first episodes warm-started from the tandem solver's decisions (default 0: none; see README):"
                        " the first half take them, the second half act and are labelled with them (DAgger)")
    p.add_argument("--guide", type=float, default=0.0,
                   help="weight of the imitation loss on the solver's labels during PPO (default 0: pure PPO)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, default=ROOT / "models/src/main/resources/io/tandem/models/policy")
    p.add_argument("--report", type=Path, default=ROOT / "docs/img")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tandem-drl-traces")
    p.add_argument("--link-held-out", type=Path, metavar="DIR",
                   help="only link the never-trained half of each --shared folder under DIR, and exit")
    a = p.parse_args()
    if a.link_held_out:
        link(shared_half(a.shared, 1), a.link_held_out)
        return
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    torch.set_num_threads(1)  # the other core runs the simulator
    torch.set_num_interop_threads(1)
    traces, count = training_traces(a.shared, a.work)
    print(f"training on {count} trace files linked under {traces}", flush=True)
    actor, critic = Actor(), Critic()
    log_std = torch.full((2,), -0.7, requires_grad=True)
    optimiser = torch.optim.Adam(list(actor.parameters()) + list(critic.parameters()) + [log_std], lr=3e-4)
    envs = {name: Environment(name, traces) for name in CELLS}
    rows, episode, start = [], 0, time.time()
    aggregate = []  # the labelled warm-start batches, newest last (DAgger's data set)
    try:
        while episode < a.episodes and time.time() - start < a.minutes * 60:
            batch = []
            warm = episode < a.imitate
            labelled = warm or a.guide > 0
            take = warm and episode < a.imitate // 2
            for name, env in envs.items():
                steps, done = run_episode(env, FIRST_SEED + episode, actor, critic, log_std,
                                          teacher=labelled, take=take)
                advantages(steps, gamma=0.9, lam=0.9)
                batch.append(flatten(steps))
                rows.append({"episode": episode, "cell": name, "phase": "imitate" if warm else "ppo",
                             "objective": done["objective"], "deadline": done["deadline"],
                             "minutes": (time.time() - start) / 60})
                print(f"episode {episode:4d} {name:8s} {rows[-1]['phase']:7s} objective {done['objective']:.4f} "
                      f"in deadline {done['deadline']:.3f} ({rows[-1]['minutes']:.1f} min)", flush=True)
                episode += 1
            if warm:
                aggregate = (aggregate + batch)[-AGGREGATE_BATCHES:]
                imitate(aggregate, actor, critic, optimiser, epochs=2, minibatch=512)
                if episode >= a.imitate:  # PPO from here on, in smaller steps: keep what was learnt
                    for group in optimiser.param_groups:
                        group["lr"] = 1e-4
            else:
                ppo_update(batch, actor, critic, log_std, optimiser, epochs=4, clip=0.2, minibatch=512,
                           guide=a.guide)
    finally:
        for env in envs.values():
            env.close()
    command = ("/usr/bin/python3 models/training/drl/train.py" + (f" --shared {a.shared}" if a.shared else "")
               + (f" --imitate {a.imitate}" if a.imitate else "") + (f" --guide {a.guide}" if a.guide else ""))
    meta = {"command": command,
            "seed": a.seed, "episodes": episode, "imitated_episodes": min(a.imitate, episode), "guide": a.guide, "minutes": round((time.time() - start) / 60, 1),
            "cells": {c: [x.replace(str(ROOT) + "/", "") for x in args] for c, args in CELLS.items()}, "episode_seeds_from": FIRST_SEED, "traces": f"data/traces and every second file of each shared folder ({count} files)",
            "final_objective": {c: last_mean(rows, c) for c in CELLS}}
    digest = export(actor, a.out, meta)
    a.report.mkdir(parents=True, exist_ok=True)
    with open(a.report / "drl-training.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    plot(rows, a.report / "drl-training.png")
    print(f"wrote {a.out}/drl-policy.onnx (sha256 {digest}) after {episode} episodes", flush=True)


if __name__ == "__main__":
    main()
