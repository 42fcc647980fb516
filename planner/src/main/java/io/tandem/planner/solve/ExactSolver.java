package io.tandem.planner.solve;

import io.tandem.planner.cost.SplitOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Exhaustive over every combination of the devices' options, each with its optimal continuous
 * allocation: the optimum, for small instances and for judging the other solvers.
 */
public final class ExactSolver implements Solver {

    /** Combinations beyond this are refused: exhaustive search is for small instances. */
    public static final long MAX_COMBINATIONS = 250_000;

    /**
     * Combinations exhaustive search tries over devices with these option counts; a double, as it
     * may pass a long.
     */
    public static double combinations(List<Integer> optionCounts) {
        double n = 1;
        for (int c : optionCounts) {
            n *= c;
        }
        return n;
    }

    @Override
    public String name() {
        return "exact";
    }

    @Override
    public Solution solve(Problem problem) {
        long start = System.nanoTime();
        if (combinations(problem.devices().stream().map(d -> d.options().size()).toList())
                > MAX_COMBINATIONS) {
            throw new IllegalArgumentException(
                    "exact search over more than "
                            + MAX_COMBINATIONS
                            + " combinations; use the tandem solver");
        }
        int n = problem.devices().size();
        int[] index = new int[n];
        List<Assignment> best = null;
        double bestObjective = Double.POSITIVE_INFINITY;
        while (true) {
            List<SplitOption> options = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                options.add(problem.devices().get(i).options().get(index[i]));
            }
            List<Assignment> assignments = FixedOptionAllocator.allocate(problem, options);
            double objective = FixedOptionAllocator.objective(assignments);
            if (objective < bestObjective) {
                bestObjective = objective;
                best = assignments;
            }
            int i = 0;
            while (i < n && ++index[i] == problem.devices().get(i).options().size()) {
                index[i++] = 0;
            }
            if (i == n) {
                break;
            }
        }
        return new Solution(name(), best, bestObjective, bestObjective, System.nanoTime() - start);
    }
}
