package io.tandem.models.policy;

import io.tandem.planner.drl.PolicySolver;
import io.tandem.planner.solve.Solver;
import io.tandem.planner.solve.SolverProvider;

/** {@code drl}: the bundled learned policy ({@link OnnxPolicy}), one session per JVM. */
public final class DrlSolverProvider implements SolverProvider {

    @Override
    public String name() {
        return "drl";
    }

    @Override
    public Solver create() {
        return PolicySolver.observing("drl", Holder.POLICY);
    }

    private static final class Holder {
        // Sessions are safe to run from several threads; loaded on first use.
        static final OnnxPolicy POLICY = OnnxPolicy.bundled();
    }
}
