package io.tandem.jobs.planning;

import io.tandem.planner.online.CellPlanner;
import io.tandem.planner.online.DeviceStatistics;
import io.tandem.planner.online.PlannerState;
import io.tandem.schema.Plan;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * What the planner operator reports to Flink's metric system (and so to Prometheus): the last
 * re-solve's time, objective and gap, the plans it changed, the devices it planned, and the share
 * of their offered frames that admission let through. Gauges read the last re-solve's values.
 */
public final class PlannerMetrics {

    static final String PLAN_CHANGES = "planChanges";
    static final String SOLVES = "solves";
    static final String SOLVE_MICROS = "solveMicros";
    static final String OBJECTIVE = "objective";
    static final String GAP = "gap";
    static final String ADMITTED_SHARE = "admittedShare";
    static final String DEVICES = "devices";

    /** The names this class registers, for dashboards and their tests. */
    public static final List<String> NAMES =
            List.of(PLAN_CHANGES, SOLVES, SOLVE_MICROS, OBJECTIVE, GAP, ADMITTED_SHARE, DEVICES);

    private final Counter planChanges;
    private final Counter solves;
    private volatile double solveMicros;
    private volatile double objective = Double.NaN;
    private volatile double gap = Double.NaN;
    private volatile double admittedShare = 1;
    private volatile int devices;

    PlannerMetrics(MetricGroup group) {
        planChanges = group.counter(PLAN_CHANGES);
        solves = group.counter(SOLVES);
        group.gauge(SOLVE_MICROS, () -> solveMicros);
        group.gauge(OBJECTIVE, () -> objective);
        group.gauge(GAP, () -> gap);
        group.gauge(ADMITTED_SHARE, () -> admittedShare);
        group.gauge(DEVICES, () -> devices);
    }

    void solved(CellPlanner.Replan replan, PlannerState state) {
        solves.inc();
        planChanges.inc(replan.plans().size());
        solveMicros = replan.solution().solveNanos() / 1000.0;
        objective = replan.solution().objective();
        gap = replan.solution().gap();
        double offered = 0;
        double admitted = 0;
        Map<String, Plan> plans = state.plans();
        int planned = 0;
        for (DeviceStatistics d : state.devices()) {
            Plan p = plans.get(d.deviceId);
            if (p != null && d.frameRateHz > 0) {
                offered += d.frameRateHz;
                admitted += Math.min(d.frameRateHz, p.getFrameRateHz());
                planned++;
            }
        }
        devices = planned;
        admittedShare = offered > 0 ? admitted / offered : 1;
    }
}
