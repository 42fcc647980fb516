package io.tandem.simulator;

import java.util.ArrayList;
import java.util.List;

import io.tandem.planner.solve.Solver;
import io.tandem.planner.solve.Solvers;
import io.tandem.planner.solve.TandemSolver;

/** A planner in the simulation: a solver and what it knows. {@code oracle} and {@code static} both use the tandem solver. */
public record PlanningPolicy(String name, Solver solver, Knowledge knowledge) {

    public static final List<String> EXTRA_NAMES = List.of("oracle", "static");

    public boolean replans() {
        return knowledge != Knowledge.LONG_RUN;
    }

    public static PlanningPolicy byName(String name, String fixedVersion) {
        return switch (name) {
            case "oracle" -> new PlanningPolicy(name, new TandemSolver(), Knowledge.NEXT_WINDOW);
            case "static" -> new PlanningPolicy(name, new TandemSolver(), Knowledge.LONG_RUN);
            default -> {
                if (!Solvers.NAMES.contains(name)) {
                    throw new IllegalArgumentException("unknown planner '" + name + "'; known: " + allNames());
                }
                yield new PlanningPolicy(name, Solvers.byName(name, fixedVersion), Knowledge.PAST_WINDOW);
            }
        };
    }

    public static List<String> allNames() {
        List<String> names = new ArrayList<>(Solvers.NAMES);
        names.addAll(EXTRA_NAMES);
        return names;
    }
}
