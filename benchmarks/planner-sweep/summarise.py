"""Summarises a planner sweep (run.sh): per model and trace folder, each planner's mean objective
over the seeds, how often tandem had the lowest objective of the non-clairvoyant planners, and its
gap to the best clairvoyant reference; with drl in the runs, how often drl beat each of the
split rules and tandem. Several OUT_DIRs (sweeps of other planners on the same cells) are merged
run by run; a planner in more than one must have the same objective in each (the cells are the
same, common random numbers). With --per-planner (ablate.sh): per model, each planner's means over
every folder and seed. Standard library only.

The clairvoyant names are the simulator's Planners.CLAIRVOYANT; the reports do not carry them."""
import json
import pathlib
import statistics
import sys

CLAIRVOYANT = {"oracle", "lookahead", "hindsight-static"}
ORDER = ["tandem", "drl", "device-only", "edge-only", "neurosurgeon", "fixed-version", "edgent", "static",
         "oracle", "lookahead", "hindsight-static"]


SPLIT_RULES = ["device-only", "edge-only", "neurosurgeon"]


def merged(roots, model, folder):
    """Per seed, the planners of every sweep, checked to agree where they overlap."""
    runs = {}
    for root in roots:
        for f in sorted((root / model / folder).glob("seed-*/report.json")):
            by = runs.setdefault(f.parent.name, {})
            for p in json.loads(f.read_text())["planners"]:
                if p["planner"] in by and by[p["planner"]]["mean_objective"] != p["mean_objective"]:
                    sys.exit(f"{model}/{folder}/{f.parent.name}: {p['planner']} differs between sweeps "
                             f"({by[p['planner']]['mean_objective']} vs {p['mean_objective']}): not the same cells")
                by[p["planner"]] = p
    return [runs[k] for k in sorted(runs)]


def main(outs):
    roots = [pathlib.Path(o) for o in outs]
    models = sorted({p.name for r in roots for p in r.iterdir() if p.is_dir()})
    for model in models:
        print(f"### {model}\n")
        print("| traces | seeds | " + " | ".join(ORDER) + " | tandem lowest of non-clairvoyant | tandem vs best clairvoyant | "
              "tandem in deadline / admitted | best baseline in deadline / offered | tandem in deadline / offered | "
              + "".join(f"drl beats {n} | " for n in SPLIT_RULES) + "drl beats tandem | drl in deadline / offered |")
        print("|---|---:|" + "---:|" * (len(ORDER) + 5 + len(SPLIT_RULES) + 2))
        folders = sorted({p.name for r in roots if (r / model).is_dir() for p in (r / model).iterdir() if p.is_dir()})
        solve_ms, longest_ms = [], []
        for folder in folders:
            runs = merged(roots, model, folder)
            if not runs:
                continue
            objective = {n: [] for n in ORDER}
            wins, gaps, admitted, offered, baseline_offered = 0, [], [], [], []
            drl_rules, drl_tandem, drl_offered = [0] * len(SPLIT_RULES), 0, []
            for by in runs:
                if "drl" in by:
                    d = by["drl"]["mean_objective"]
                    for i, n in enumerate(SPLIT_RULES):
                        drl_rules[i] += n in by and d < by[n]["mean_objective"]
                    drl_tandem += "tandem" in by and d < by["tandem"]["mean_objective"]
                    drl_offered.append(by["drl"]["deadline_attainment"])
                if "tandem" not in by:
                    continue
                for n in ORDER:
                    if n in by:
                        objective[n].append(by[n]["mean_objective"])
                t = by["tandem"]
                solve_ms.append(t["mean_solve_ms"])
                longest_ms.append(t["max_solve_ms"])
                others = [p["mean_objective"] for n, p in by.items() if n not in CLAIRVOYANT and n != "tandem"]
                wins += t["mean_objective"] <= min(others)
                clairvoyant = [p["mean_objective"] for n, p in by.items() if n in CLAIRVOYANT]
                if clairvoyant:
                    gaps.append(t["mean_objective"] / min(clairvoyant) - 1)
                admitted.append(t["admitted_deadline_attainment"])
                offered.append(t["deadline_attainment"])
                baseline_offered.append(max(p["deadline_attainment"] for n, p in by.items()
                                            if n not in CLAIRVOYANT and n not in ("tandem", "drl")))
            cells = " | ".join(f"{statistics.mean(v):.4f}" if v else "" for v in objective.values())
            n = len(runs)
            if not admitted:  # no tandem in these runs
                wins, gaps, admitted, offered, baseline_offered = 0, [], [float("nan")], [float("nan")], [float("nan")]
            drl = (" | ".join(f"{w}/{n}" for w in drl_rules) + f" | {drl_tandem}/{n} | {100 * statistics.mean(drl_offered):.1f}%"
                   if drl_offered else " | ".join([""] * (len(SPLIT_RULES) + 2)))
            gap = f"{100 * statistics.mean(gaps):+.1f}% (worst {100 * max(gaps):+.1f}%)" if gaps else ""
            print(f"| {folder} | {n} | {cells} | {wins}/{n} | {gap} | {100 * statistics.mean(admitted):.1f}% | "
                  f"{100 * statistics.mean(baseline_offered):.1f}% | {100 * statistics.mean(offered):.1f}% | {drl} |")
        if solve_ms:
            print(f"\n`tandem`'s re-solve over {len(solve_ms)} runs: {statistics.mean(solve_ms):.2f} ms mean, "
                  f"{max(longest_ms):.1f} ms longest")
        print()


def per_planner(out):
    root = pathlib.Path(out)
    for model in sorted(p.name for p in root.iterdir() if p.is_dir()):
        rows = {}
        for f in sorted(root.glob(f"{model}/*/seed-*/report.json")):
            for p in json.loads(f.read_text())["planners"]:
                rows.setdefault(p["planner"], []).append(p)
        runs = max((len(v) for v in rows.values()), default=0)
        print(f"### {model} ({runs} runs)\n")
        print("| planner | mean objective | in deadline / offered | in deadline / admitted | shed | plan switches |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, ps in rows.items():
            mean = lambda key: statistics.mean(p[key] for p in ps)
            shed = statistics.mean(p["shed"] / p["frames"] for p in ps)
            print(f"| {name} | {mean('mean_objective'):.4f} | {100 * mean('deadline_attainment'):.1f}% | "
                  f"{100 * mean('admitted_deadline_attainment'):.1f}% | {100 * shed:.2f}% | {mean('plan_switches'):.0f} |")
        print()


if __name__ == "__main__":
    if sys.argv[1] == "--per-planner":
        per_planner(sys.argv[2])
    else:
        main(sys.argv[1:])
