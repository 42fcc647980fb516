package io.tandem.simulator;

import io.tandem.planner.online.PlannerSettings;
import io.tandem.planner.online.PlannerSettings.Dynamics;
import io.tandem.planner.online.SplitOptionCatalog;
import io.tandem.planner.solve.Solvers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The planners a simulation can compare, by name: {@code tandem} (the edge job's policy with its
 * defaults), the baselines (the same policy object, their own solver, no stability or dynamics
 * rules), the references ({@link ReferencePlanner}), and ablations of {@code tandem} that switch
 * one ingredient each (off, or for backlog planning, which the default leaves off, on; {@code
 * tandem-drl}: the learned solver in place of Tandem's).
 */
public final class Planners {

    /** The references: clairvoyant or fixed for the whole run. */
    public static final List<String> REFERENCES =
            List.of("static", "oracle", "lookahead", "hindsight-static");

    /** Which planners know the future (the gap is measured to the best of these). */
    public static final List<String> CLAIRVOYANT =
            List.of("oracle", "lookahead", "hindsight-static");

    /** {@code tandem} with one ingredient switched. */
    private static final Map<String, java.util.function.UnaryOperator<PlannerSettings>> ABLATIONS =
            Map.of(
                    "tandem-bare", s -> withoutStability(s).withDynamics(Dynamics.NONE),
                    "tandem-no-robust", s -> s.with(PlannerSettings.ROBUST_UPLINK, false),
                    "tandem-with-backlog", s -> s.with(PlannerSettings.BACKLOG, true),
                    "tandem-no-admission", s -> s.with(PlannerSettings.ADMISSION, false),
                    "tandem-no-hysteresis", Planners::withoutStability,
                    // What the edge job runs with --solver drl: the learned solver inside the
                    // policy.
                    "tandem-drl", s -> s.with(PlannerSettings.SOLVER, "drl"));

    private Planners() {}

    public static List<String> names() {
        List<String> names = new ArrayList<>(Solvers.NAMES);
        names.addAll(REFERENCES);
        names.addAll(ABLATIONS.keySet().stream().sorted().toList());
        return names;
    }

    /** Fails with the known names for an unknown one. */
    public static void check(String name) {
        if (!names().contains(name)) {
            throw new IllegalArgumentException("unknown planner '" + name + "'; known: " + names());
        }
    }

    /**
     * The policy's settings for a simulated cell: the job's defaults, the cell's resources, a
     * re-solve per window.
     */
    public static PlannerSettings settings(SimulationConfig config) {
        return PlannerSettings.defaults()
                .with(PlannerSettings.INGRESS_MBPS, config.ingressBps() / 1e6)
                .with(PlannerSettings.EDGE_GFLOPS, config.edgeFlops() / 1e9)
                .with(PlannerSettings.CODECS, config.codecs())
                .with(PlannerSettings.FIXED_VERSION, config.fixedVersion())
                .with(PlannerSettings.REPLAN_MS, Math.round(config.windowSeconds() * 1000));
    }

    private static PlannerSettings withoutStability(PlannerSettings s) {
        return s.with(PlannerSettings.HYSTERESIS, 0.0).with(PlannerSettings.DWELL_MS, 0L);
    }

    /**
     * A planner that is not {@code hindsight-static} (which {@link Simulation} picks from several
     * runs).
     */
    static SimulatedPlanner create(
            String name,
            SimulationConfig config,
            SplitOptionCatalog catalog,
            List<SimulatedDevice> devices) {
        PlannerSettings tandem = settings(config);
        return switch (name) {
            case "tandem" -> new PolicyPlanner(name, catalog, tandem, devices);
            case "static" -> ReferencePlanner.longRunStatic(devices, config.ingressBps());
            case "oracle" -> ReferencePlanner.oracle(devices, config.ingressBps());
            case "lookahead" ->
                    ReferencePlanner.lookahead(
                            devices, config.ingressBps(), config.windowSeconds());
            default -> {
                check(name);
                if (ABLATIONS.containsKey(name)) {
                    yield new PolicyPlanner(
                            name, catalog, ABLATIONS.get(name).apply(tandem), devices);
                }
                yield new PolicyPlanner(name, catalog, tandem.asBaseline(name), devices);
            }
        };
    }
}
