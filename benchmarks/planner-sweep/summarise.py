"""Summarises a planner sweep (run.sh): per model and trace folder, each planner's mean objective
over the seeds, how often tandem had the lowest objective of the non-clairvoyant planners, and its
gap to the best clairvoyant reference. Standard library only."""
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


if __name__ == "__main__":
    main(sys.argv[1])
