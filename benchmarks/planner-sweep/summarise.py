"""Summarises a planner sweep (run.sh): per model and trace folder, each planner's mean objective
over the seeds, how often tandem had the lowest objective of the non-clairvoyant planners, and its
gap to the best clairvoyant reference. With --per-planner (ablate.sh): per model, each planner's
means over every folder and seed. Standard library only.

The clairvoyant names are the simulator's Planners.CLAIRVOYANT; the reports do not carry them."""
import json
import pathlib
import statistics
import sys

CLAIRVOYANT = {"oracle", "lookahead", "hindsight-static"}
ORDER = ["tandem", "device-only", "edge-only", "neurosurgeon", "fixed-version", "edgent", "static",
         "oracle", "lookahead", "hindsight-static"]


def main(out):
    root = pathlib.Path(out)
    for model in sorted(p.name for p in root.iterdir() if p.is_dir()):
        print(f"### {model}\n")
        print("| traces | seeds | " + " | ".join(ORDER) + " | tandem lowest of non-clairvoyant | tandem vs best clairvoyant | "
              "tandem in deadline / admitted | best baseline in deadline / offered | tandem in deadline / offered |")
        print("|---|---:|" + "---:|" * len(ORDER) + "---:|---:|---:|---:|---:|")
        for folder in sorted(p for p in (root / model).iterdir() if p.is_dir()):
            reports = [json.loads(f.read_text()) for f in sorted(folder.glob("seed-*/report.json"))]
            if not reports:
                continue
            objective = {n: [] for n in ORDER}
            wins, gaps, admitted, offered, baseline_offered = 0, [], [], [], []
            for r in reports:
                by = {p["planner"]: p for p in r["planners"]}
                for n in ORDER:
                    if n in by:
                        objective[n].append(by[n]["mean_objective"])
                t = by["tandem"]
                others = [p["mean_objective"] for n, p in by.items() if n not in CLAIRVOYANT and n != "tandem"]
                wins += t["mean_objective"] <= min(others)
                best = min(p["mean_objective"] for n, p in by.items() if n in CLAIRVOYANT)
                gaps.append(t["mean_objective"] / best - 1)
                admitted.append(t["admitted_deadline_attainment"])
                offered.append(t["deadline_attainment"])
                baseline_offered.append(max(p["deadline_attainment"] for n, p in by.items()
                                            if n not in CLAIRVOYANT and n != "tandem"))
            cells = " | ".join(f"{statistics.mean(v):.4f}" if v else "" for v in objective.values())
            print(f"| {folder.name} | {len(reports)} | {cells} | {wins}/{len(reports)} | {100 * statistics.mean(gaps):+.1f}% "
                  f"(worst {100 * max(gaps):+.1f}%) | {100 * statistics.mean(admitted):.1f}% | "
                  f"{100 * statistics.mean(baseline_offered):.1f}% | {100 * statistics.mean(offered):.1f}% |")
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
        main(sys.argv[1])
