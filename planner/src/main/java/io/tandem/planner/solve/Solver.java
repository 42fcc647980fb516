package io.tandem.planner.solve;

/** Decides every device's split option and resource shares for one cell. */
public interface Solver {

    String name();

    Solution solve(Problem problem);

    /**
     * Solves a cell much like one solved before, starting where that solve ended ({@link
     * WarmStart#after}): the same plan within the solver's tolerance, found with fewer evaluations.
     * Solvers that keep nothing between solves solve from scratch.
     */
    default Solution solve(Problem problem, WarmStart start) {
        return solve(problem);
    }
}
