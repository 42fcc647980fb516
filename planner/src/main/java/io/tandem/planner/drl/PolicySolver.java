package io.tandem.planner.drl;

import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;
import io.tandem.planner.solve.Solver;
import java.util.function.Function;

/**
 * A solver that asks a learned policy: the cell encoded as a {@link PolicyObservation}, the
 * policy's {@link PolicyAction} projected onto a feasible plan. The policy is an ONNX model when
 * served, and the trainer on the other end of a pipe while it learns.
 */
public final class PolicySolver implements Solver {

    private final String name;
    private final Function<Problem, PolicyAction> policy;

    /** A policy that sees the cell as {@link PolicyObservation} encodes it. */
    public static PolicySolver observing(
            String name, Function<PolicyObservation, PolicyAction> policy) {
        return new PolicySolver(name, problem -> policy.apply(PolicyObservation.of(problem)));
    }

    /** A policy that sees the problem itself (a trainer that also asks a teacher about it). */
    public PolicySolver(String name, Function<Problem, PolicyAction> policy) {
        this.name = name;
        this.policy = policy;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Solution solve(Problem problem) {
        long start = System.nanoTime();
        return policy.apply(problem).plan(name, problem, start);
    }
}
