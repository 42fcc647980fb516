package io.tandem.jobs.planning;

import io.tandem.models.distribution.DeployedVersions;
import io.tandem.models.distribution.ModelAnnouncements;
import io.tandem.models.repository.ManifestWatch;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.online.CellPlanner;
import io.tandem.planner.online.DeviceStatistics;
import io.tandem.planner.online.OnlinePlanner;
import io.tandem.planner.online.PlannerSettings;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planners of edge cells (keyed by cell name, each cell planned on its own budget, {@link
 * PlannerSettings#forCell}): device statistics on the first input, the edge's load reports and the
 * models topic's announcements, one copy per cell ({@link CellFanOut}), on the second. The versions
 * it plans are the repository's, as {@link DeployedVersions} rules with the announcements it has
 * kept (in state, so a restart plans what it planned before): a published version joins the
 * catalogue and a withdrawn one leaves it, and the cell is re-solved within a tick, which moves
 * devices off a withdrawn version. A thin shell around {@link OnlinePlanner}, the policy the
 * simulator runs too: this operator owns its state (Flink managed state, checkpointed with the job,
 * so a restart resumes the epochs) and its clock. It re-solves every interval and, within a tick of
 * {@link #URGENT_MILLIS}, when the policy calls a new statistic urgent. Emits the changed plans
 * (each a new epoch) and, on {@link #MONITORING}, a {@code PlanChange} per plan with the solution's
 * objective and gap.
 */
public final class PlannerFunction
        extends KeyedCoProcessFunction<
                String,
                DeviceStatistics,
                Tuple2<String, Either<MonitorEvent, ModelAnnouncement>>,
                Plan> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(PlannerFunction.class);

    /** How soon an urgent re-solve runs: coalesces the bursts of telemetry that arrive together. */
    static final long URGENT_MILLIS = 100;

    public static final OutputTag<MonitorEvent> MONITORING =
            new OutputTag<>("plan-changes", new AvroTypeInfo<>(MonitorEvent.class));

    private final String manifestFile;
    private final PlannerSettings settings;

    private transient FlinkPlannerState state;
    private transient ValueState<Long> periodicAt;
    private transient ValueState<String> urgentReason;
    private transient MapState<String, ModelAnnouncement> announcements;
    private transient PlannerMetrics metrics;
    private transient ManifestWatch repository;

    /**
     * Each cell's policy and the versions it plans, built on the cell's first call from its state
     * (keyed state is only readable per key); cleared when the repository changes.
     */
    private transient Map<String, CellPolicy> policies;

    /**
     * The cells this job is configured to plan. State may hold others (a cell removed from the
     * configuration before a restore): those are retired, not planned and not a crash loop.
     */
    private transient Set<String> configuredCells;

    /**
     * This instance's first tick (processing time, {@link Long#MIN_VALUE} until then): after a
     * restore, devices' silence counts from here, not from before the outage.
     */
    private transient long listeningSinceMillis;

    /** One cell's policy over the versions it plans now. */
    private record CellPolicy(Set<String> planned, OnlinePlanner policy) {}

    public PlannerFunction(String manifestFile, PlannerSettings settings) {
        this.manifestFile = manifestFile;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        state =
                new FlinkPlannerState(
                        getRuntimeContext()
                                .getMapState(
                                        new MapStateDescriptor<>(
                                                "devices",
                                                Types.STRING,
                                                TypeInformation.of(DeviceStatistics.class))),
                        getRuntimeContext()
                                .getMapState(
                                        new MapStateDescriptor<>(
                                                "plans",
                                                Types.STRING,
                                                new AvroTypeInfo<>(Plan.class))),
                        getRuntimeContext()
                                .getMapState(
                                        new MapStateDescriptor<>(
                                                "split-since", Types.STRING, Types.LONG)),
                        getRuntimeContext()
                                .getMapState(
                                        new MapStateDescriptor<>(
                                                "retired-epochs", Types.STRING, Types.LONG)),
                        getRuntimeContext()
                                .getState(new ValueStateDescriptor<>("edge-speed", Types.DOUBLE)),
                        getRuntimeContext()
                                .getState(
                                        new ValueStateDescriptor<>(
                                                "solver-prices",
                                                PrimitiveArrayTypeInfo
                                                        .DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO)));
        periodicAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("periodic-at", Types.LONG));
        urgentReason =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("urgent-reason", Types.STRING));
        announcements =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "model-announcements",
                                        Types.STRING,
                                        new AvroTypeInfo<>(ModelAnnouncement.class)));
        policies = new HashMap<>();
        listeningSinceMillis = Long.MIN_VALUE;
        configuredCells = Set.copyOf(settings.cellNames());
        metrics = new PlannerMetrics(getRuntimeContext().getMetricGroup());
        repository = new ManifestWatch(Path.of(manifestFile));
    }

    /** The current cell's policy, built on its first call. */
    private OnlinePlanner policy(String cell) throws Exception {
        CellPolicy current = policies.get(cell);
        return current != null ? current.policy() : rebuildPolicy(cell).policy();
    }

    /**
     * The cell's policy over the versions to plan now: the repository's manifest, read again, ruled
     * by the announcements the cell kept, on the cell's budget.
     */
    private CellPolicy rebuildPolicy(String cell) throws Exception {
        if (repository.refresh()) {
            policies.clear(); // every cell plans the repository's new content
        }
        ModelManifest manifest = repository.current();
        List<ModelAnnouncement> kept = new ArrayList<>();
        announcements.values().forEach(kept::add);
        Set<String> versions =
                DeployedVersions.plannable(manifest, kept, problem -> LOG.warn("{}", problem));
        CellPolicy before = policies.get(cell);
        if (before == null || !versions.equals(before.planned())) {
            LOG.info("cell '{}': planning versions {} of {}", cell, versions, manifest.model());
        }
        PlannerSettings budget =
                settings.forCell(cell)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "cell '" + cell + "' is not configured"));
        CellPolicy rebuilt =
                new CellPolicy(
                        versions,
                        new OnlinePlanner(
                                ZooSplitOptions.catalog(manifest.only(versions), budget.codecs()),
                                budget));
        policies.put(cell, rebuilt);
        return rebuilt;
    }

    @Override
    public void processElement1(DeviceStatistics stats, Context ctx, Collector<Plan> out)
            throws Exception {
        if (!configuredCells.contains(ctx.getCurrentKey())) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        if (periodicAt.value() == null) {
            periodicAt.update(now + settings.intervalMillis());
            ctx.timerService().registerProcessingTimeTimer(now + settings.intervalMillis());
        }
        Optional<PlanReason> urgent = policy(ctx.getCurrentKey()).observe(state, stats);
        if (urgent.isPresent()) {
            urgently(urgent.get(), now, ctx);
        }
    }

    @Override
    public void processElement2(
            Tuple2<String, Either<MonitorEvent, ModelAnnouncement>> toCell,
            Context ctx,
            Collector<Plan> out)
            throws Exception {
        String cell = ctx.getCurrentKey();
        if (!configuredCells.contains(cell)) {
            return;
        }
        Either<MonitorEvent, ModelAnnouncement> signal = toCell.f1;
        if (signal.isLeft()) {
            if (signal.left().getBody() instanceof EdgeLoad load) {
                policy(cell).observeEdgeLoad(state, load.getUtilization());
            }
            return;
        }
        ModelAnnouncement a = signal.right();
        // The later record per version wins: the topic's order, as compaction keeps it.
        announcements.put(ModelAnnouncements.key(a), a);
        CellPolicy before = policies.get(cell);
        CellPolicy after = rebuildPolicy(cell);
        if (before == null || !after.planned().equals(before.planned())) {
            urgently(PlanReason.MODEL_CHANGE, ctx.timerService().currentProcessingTime(), ctx);
        }
    }

    /** Re-solves within a tick of {@link #URGENT_MILLIS}, unless one is already due. */
    private void urgently(PlanReason reason, long now, Context ctx) throws Exception {
        if (urgentReason.value() == null) {
            urgentReason.update(reason.name());
            ctx.timerService()
                    .registerProcessingTimeTimer((now / URGENT_MILLIS + 1) * URGENT_MILLIS);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Plan> out) throws Exception {
        if (!configuredCells.contains(ctx.getCurrentKey())) {
            LOG.warn(
                    "cell '{}' is in the restored state but not configured: no longer planned",
                    ctx.getCurrentKey());
            periodicAt.clear(); // and no timer registered again
            urgentReason.clear();
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        if (listeningSinceMillis == Long.MIN_VALUE) {
            listeningSinceMillis = now;
        }
        PlanReason reason;
        Long periodic = periodicAt.value();
        if (periodic != null && timestamp == periodic) {
            // From now, not from the tick: a restored job does not replay the ticks it missed.
            long next = Math.max(timestamp, now) + settings.intervalMillis();
            periodicAt.update(next);
            ctx.timerService().registerProcessingTimeTimer(next);
            if (repository.refresh()) {
                // A version copied into the repository after its announcement.
                policies.clear();
            }
            reason =
                    urgentReason.value() != null
                            ? PlanReason.valueOf(urgentReason.value())
                            : PlanReason.PERIODIC;
        } else if (urgentReason.value() != null) {
            reason = PlanReason.valueOf(urgentReason.value());
        } else {
            return; // an urgent timer whose re-solve a periodic one already ran
        }
        urgentReason.clear();
        Optional<CellPlanner.Replan> replan =
                policy(ctx.getCurrentKey()).replan(state, reason, now, listeningSinceMillis);
        if (replan.isEmpty()) {
            return;
        }
        metrics.solved(replan.get(), state);
        for (int i = 0; i < replan.get().plans().size(); i++) {
            out.collect(replan.get().plans().get(i));
            replan.get().changes().get(i).setCell(ctx.getCurrentKey());
            ctx.output(
                    MONITORING,
                    MonitorEvent.newBuilder()
                            .setEventTimeMicros(now * 1000)
                            .setSource("planner")
                            .setBody(replan.get().changes().get(i))
                            .build());
        }
    }
}
