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
    private final Function<PolicyObservation, PolicyAction> policy;

    public PolicySolver(String name, Function<PolicyObservation, PolicyAction> policy) {
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
        PolicyAction action = policy.apply(PolicyObservation.of(problem));
        return action.plan(name, problem, start);
    }
}
