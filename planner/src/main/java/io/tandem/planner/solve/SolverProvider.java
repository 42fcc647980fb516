package io.tandem.planner.solve;

/**
 * A solver that lives outside this module (found with {@link java.util.ServiceLoader}), such as the
 * learned {@code drl} policy, which needs ONNX Runtime.
 */
public interface SolverProvider {

    /** The name configuration and the command line give it. */
    String name();

    Solver create();
}
