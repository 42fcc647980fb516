package io.tandem.planner.solve;

/** Decides every device's split option and resource shares for one cell. */
public interface Solver {

    String name();

    Solution solve(Problem problem);
}
