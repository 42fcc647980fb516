package io.tandem.planner.solve;

import java.util.List;
import java.util.ServiceLoader;

/** Solvers by name, as configuration and the command line name them. */
public final class Solvers {

    public static final List<String> NAMES =
            List.of(
                    "tandem",
                    "exact",
                    "device-only",
                    "edge-only",
                    "neurosurgeon",
                    "fixed-version",
                    "edgent",
                    "drl");

    private Solvers() {}

    /**
     * As {@link #byName}, with {@code tandem} on its online budget ({@link TandemSolver#online()}):
     * for planners in a loop.
     */
    public static Solver online(String name, String fixedVersion) {
        return name.equals("tandem") ? TandemSolver.online() : byName(name, fixedVersion);
    }

    /**
     * @param fixedVersion the version {@code fixed-version} uses
     */
    public static Solver byName(String name, String fixedVersion) {
        return switch (name) {
            case "tandem" -> new TandemSolver();
            case "exact" -> new ExactSolver();
            case "device-only" -> BaselineSolver.deviceOnly();
            case "edge-only" -> BaselineSolver.edgeOnly();
            case "neurosurgeon" -> BaselineSolver.neurosurgeon();
            case "fixed-version" -> BaselineSolver.fixedVersion(fixedVersion);
            case "edgent" -> BaselineSolver.edgent();
            case "drl" -> provided(name);
            default ->
                    throw new IllegalArgumentException(
                            "unknown solver '" + name + "'; known: " + NAMES);
        };
    }

    private static Solver provided(String name) {
        for (SolverProvider provider : ServiceLoader.load(SolverProvider.class)) {
            if (provider.name().equals(name)) {
                return provider.create();
            }
        }
        throw new IllegalArgumentException(
                "solver '" + name + "' is not on this classpath (it comes with tandem-models)");
    }
}
