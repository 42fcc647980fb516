package io.tandem.planner.solve;

import java.util.ArrayList;
import java.util.List;

import io.tandem.planner.cost.SplitOption;

/**
 * Tandem's default solver. Lagrangian relaxation prices bandwidth and compute so that every
 * device picks its own best option and shares in isolation (linear in the number of devices and
 * options); the prices' dual value is a proven lower bound. The devices' choices at the final
 * prices are then given their optimal shares ({@link FixedOptionAllocator}), and a pass of local
 * moves (one device switches option, shares re-solved) keeps any that lowers the objective.
 */
public final class TandemSolver implements Solver {

    private final int localSearchPasses;

    public TandemSolver() {
        this(1);
    }

    public TandemSolver(int localSearchPasses) {
        this.localSearchPasses = localSearchPasses;
    }

    @Override
    public String name() {
        return "tandem";
    }

    @Override
    public Solution solve(Problem problem) {
        long start = System.nanoTime();
        List<List<SplitOption>> all = problem.devices().stream().map(Problem.Device::options).toList();
        DualAscent.Result dual = new DualAscent(problem.devices(), all, problem.ingressBps()).run();
        List<SplitOption> chosen = new ArrayList<>();
        for (int i = 0; i < problem.devices().size(); i++) {
            chosen.add(all.get(i).get(dual.feasibleSide().choice()[i]));
        }
        List<Assignment> assignments = FixedOptionAllocator.allocate(problem, chosen);
        double objective = FixedOptionAllocator.objective(assignments);
        for (int pass = 0; pass < localSearchPasses && problem.devices().size() <= 64; pass++) {
            boolean improved = false;
            for (int i = 0; i < chosen.size(); i++) {
                for (SplitOption alternative : all.get(i)) {
                    if (alternative.equals(chosen.get(i))) {
                        continue;
                    }
                    List<SplitOption> trial = new ArrayList<>(chosen);
                    trial.set(i, alternative);
                    List<Assignment> trialAssignments = FixedOptionAllocator.allocate(problem, trial);
                    double trialObjective = FixedOptionAllocator.objective(trialAssignments);
                    if (trialObjective < objective * (1 - 1e-12)) {
                        chosen = trial;
                        assignments = trialAssignments;
                        objective = trialObjective;
                        improved = true;
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        return new Solution(name(), assignments, objective, Math.min(dual.lowerBound(), objective), System.nanoTime() - start);
    }
}
