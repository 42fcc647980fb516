package io.tandem.planner.online;

import io.tandem.planner.solve.Solvers;
import io.tandem.settings.Setting;
import io.tandem.settings.SettingValues;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the online policy plans one edge cell. Each setting is declared once, below; the accessors
 * are typed views of a {@link SettingValues}, and {@link #with} gives a copy with one changed.
 */
public final class PlannerSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Setting<String> SOLVER =
            Setting.text("solver", "tandem", "planner solver: tandem, drl (learned) or a baseline")
                    .oneOf(Solvers.NAMES);
    public static final Setting<String> FIXED_VERSION =
            Setting.text(
                    "fixed-version", "w50", "the model version the fixed-version baseline uses");
    public static final Setting<Double> INGRESS_MBPS =
            Setting.real(
                            "ingress-mbps",
                            20,
                            "the cell's total uplink ingress, shared by its devices, Mbit/s")
                    .above(0);
    public static final Setting<Double> EDGE_GFLOPS =
            Setting.real(
                            "edge-gflops",
                            50,
                            "the edge's tail throughput over all tail slots before calibration,"
                                    + " GFLOP/s")
                    .above(0);
    public static final Setting<List<String>> CELLS =
            Setting.words(
                            "cells",
                            List.of(),
                            "edge cells besides the default one, each NAME:INGRESS_MBPS:EDGE_GFLOPS"
                                    + " (e.g. north:30:100,south:20:50); a device joins the cell"
                                    + " its telemetry names, the default cell (ingress-mbps,"
                                    + " edge-gflops) when it names none")
                    .accepting(
                            entries -> CellBudget.problem(entries).isEmpty(),
                            "NAME:INGRESS_MBPS:EDGE_GFLOPS entries, names unique");
    public static final Setting<List<String>> CODECS =
            Setting.words(
                    "codecs",
                    List.of("float32", "int8", "int4"),
                    "codecs offered to devices (manifest names; bottleneck variants come as"
                            + " bn-CODEC)");
    public static final Setting<Long> REPLAN_MS =
            Setting.longInteger("replan-ms", 1000, "planner re-solve period, ms").atLeast(1);
    public static final Setting<Double> HYSTERESIS =
            Setting.real(
                            "hysteresis",
                            0.01,
                            "a device changes its split only when that lowers its own cost (its"
                                    + " shares priced) by this relative margin")
                    .atLeast(0);
    public static final Setting<Double> SHARE_HYSTERESIS =
            Setting.real(
                            "share-hysteresis",
                            0.25,
                            "a device gets a new plan for a bandwidth or compute change only beyond"
                                    + " this relative change")
                    .atLeast(0);
    public static final Setting<Double> CHANGE_TRIGGER =
            Setting.real(
                            "change-trigger",
                            0.3,
                            "a device whose uplink estimate moves by this relative amount triggers"
                                    + " a re-solve at once")
                    .above(0);
    public static final Setting<Long> SILENT_AFTER_MS =
            Setting.longInteger(
                            "silent-after-ms",
                            10_000,
                            "devices without telemetry for this long leave the plan, ms")
                    .atLeast(1);
    public static final Setting<Integer> KEEP_WINDOWS =
            Setting.integer(
                            "keep-windows",
                            5,
                            "telemetry windows kept per device for its statistics")
                    .atLeast(1);
    public static final Setting<Long> DWELL_MS =
            Setting.longInteger(
                            "dwell-ms",
                            3_000,
                            "a device keeps a new split at least this long, unless it stops meeting"
                                    + " its deadline, ms")
                    .atLeast(0);
    public static final Setting<Boolean> ROBUST_UPLINK =
            Setting.onOff(
                    "robust-uplink",
                    Dynamics.DEFAULT.robustUplink(),
                    "plan on the newest window's uplink, which follows a collapse and a recovery at"
                            + " once, not on the mean of the kept windows");
    // Off by default: on the shared traces it made plans chase transient queues and cost 10-17%
    // (docs/planner.md).
    public static final Setting<Boolean> BACKLOG =
            Setting.onOff(
                    "backlog-planning",
                    Dynamics.DEFAULT.backlog(),
                    "plan each device at its rate plus what it must drain of the frames it reports"
                            + " queued");
    public static final Setting<Boolean> ADMISSION =
            Setting.onOff(
                    "admission",
                    Dynamics.DEFAULT.admission(),
                    "lower the frame rate a plan admits for devices that would miss their deadline"
                            + " at the full rate");

    /** Every planner setting, in the order the docs list them. */
    public static final List<Setting<?>> ALL =
            List.of(
                    SOLVER,
                    FIXED_VERSION,
                    INGRESS_MBPS,
                    EDGE_GFLOPS,
                    CELLS,
                    CODECS,
                    REPLAN_MS,
                    HYSTERESIS,
                    SHARE_HYSTERESIS,
                    CHANGE_TRIGGER,
                    SILENT_AFTER_MS,
                    KEEP_WINDOWS,
                    DWELL_MS,
                    ROBUST_UPLINK,
                    BACKLOG,
                    ADMISSION);

    /**
     * The policy's answers to a link that fluctuates and to queues that outlive a window, each
     * switchable so that an ablation can show what it buys (docs/planner.md).
     *
     * @param robustUplink plan on the newest window's uplink ({@link
     *     DeviceStatistics#uplinkEstimateBps}), not on the mean of the kept windows
     * @param backlog plan each device at its rate plus what it must drain of the frames it reports
     *     queued
     * @param admission lower the frame rate a plan admits for devices that would miss their
     *     deadline at the full rate
     */
    public record Dynamics(boolean robustUplink, boolean backlog, boolean admission)
            implements Serializable {

        /** The job's default: robust uplink and admission on, backlog planning off. */
        public static final Dynamics DEFAULT = new Dynamics(true, false, true);

        public static final Dynamics NONE = new Dynamics(false, false, false);
    }

    private final SettingValues values;

    public PlannerSettings(SettingValues values) {
        this.values = values;
    }

    /** Every setting at its declared default. */
    public static PlannerSettings defaults() {
        return new PlannerSettings(SettingValues.DEFAULTS);
    }

    /** A copy with {@code setting} at {@code value}. */
    public <T> PlannerSettings with(Setting<T> setting, T value) {
        return new PlannerSettings(values.with(setting, value));
    }

    public PlannerSettings withDynamics(Dynamics dynamics) {
        return with(ROBUST_UPLINK, dynamics.robustUplink())
                .with(BACKLOG, dynamics.backlog())
                .with(ADMISSION, dynamics.admission());
    }

    /**
     * A baseline as its authors run it: the same estimates, none of Tandem's stability or dynamics
     * rules.
     */
    public PlannerSettings asBaseline(String name) {
        return with(SOLVER, name)
                .with(HYSTERESIS, 0.0)
                .with(DWELL_MS, 0L)
                .withDynamics(Dynamics.NONE);
    }

    public String solver() {
        return values.get(SOLVER);
    }

    public String fixedVersion() {
        return values.get(FIXED_VERSION);
    }

    /** Bit/s. */
    public double ingressBps() {
        return values.get(INGRESS_MBPS) * 1e6;
    }

    /** FLOP/s. */
    public double edgeFlops() {
        return values.get(EDGE_GFLOPS) * 1e9;
    }

    /** Every cell this job plans: the default one first, then the configured ones. */
    public List<CellBudget> cells() {
        List<CellBudget> cells = new ArrayList<>();
        cells.add(
                new CellBudget(
                        CellBudget.DEFAULT, values.get(INGRESS_MBPS), values.get(EDGE_GFLOPS)));
        cells.addAll(CellBudget.parseAll(values.get(CELLS)));
        return List.copyOf(cells);
    }

    /** The names of {@link #cells()}. */
    public List<String> cellNames() {
        return cells().stream().map(CellBudget::name).toList();
    }

    /**
     * The settings one cell is planned with: these, with that cell's ingress and edge compute;
     * empty for a cell not configured.
     */
    public Optional<PlannerSettings> forCell(String name) {
        return cells().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .map(
                        c ->
                                with(INGRESS_MBPS, c.ingressMbps())
                                        .with(EDGE_GFLOPS, c.edgeGflops())
                                        .with(CELLS, List.of()));
    }

    public List<String> codecs() {
        return values.get(CODECS);
    }

    public long intervalMillis() {
        return values.get(REPLAN_MS);
    }

    public double hysteresis() {
        return values.get(HYSTERESIS);
    }

    public double shareHysteresis() {
        return values.get(SHARE_HYSTERESIS);
    }

    public double changeTrigger() {
        return values.get(CHANGE_TRIGGER);
    }

    public long silentAfterMillis() {
        return values.get(SILENT_AFTER_MS);
    }

    public int keepWindows() {
        return values.get(KEEP_WINDOWS);
    }

    public long minDwellMillis() {
        return values.get(DWELL_MS);
    }

    public Dynamics dynamics() {
        return new Dynamics(values.get(ROBUST_UPLINK), values.get(BACKLOG), values.get(ADMISSION));
    }

    /** This view's own settings, in declaration order: what equality and printing compare. */
    private List<Object> own() {
        return ALL.stream().<Object>map(values::get).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlannerSettings other && own().equals(other.own());
    }

    @Override
    public int hashCode() {
        return own().hashCode();
    }

    @Override
    public String toString() {
        return "PlannerSettings" + own();
    }
}
