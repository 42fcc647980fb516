package io.tandem.jobs.planning;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tandem.models.repository.ModelManifest;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanChange;
import io.tandem.schema.PlanReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner of one edge cell (keyed by cell id): device statistics on the first input, the
 * edge's load reports on the second. Re-solves with {@link CellPlanner} every interval and, within
 * a tick of {@link #URGENT_MILLIS}, when a device joins or its uplink estimate moves beyond the
 * change trigger. Devices silent for too long leave the problem. Emits the changed plans (each a
 * new epoch) and, on {@link #MONITORING}, a {@link PlanChange} per plan with the solution's
 * objective and gap.
 *
 * <p>Everything it knows is Flink managed state, checkpointed with the job: statistics, plans in
 * force and so their epochs, the edge-speed calibration and the timers. A restart resumes the
 * epochs; it does not start them over.
 */
public final class PlannerFunction extends KeyedCoProcessFunction<String, DeviceStatistics, MonitorEvent, Plan> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PlannerFunction.class);

    /** How soon an urgent re-solve runs: coalesces the bursts of telemetry that arrive together. */
    static final long URGENT_MILLIS = 100;
    private static final double EDGE_SPEED_SMOOTHING = 0.3;

    public static final OutputTag<MonitorEvent> MONITORING = new OutputTag<>("plan-changes", new AvroTypeInfo<>(MonitorEvent.class));

    private final String manifestFile;
    private final PlannerSettings settings;

    private transient CellPlanner planner;
    private transient MapState<String, DeviceStatistics> devices;
    private transient MapState<String, Plan> plans;
    private transient MapState<String, Long> splitSince;
    private transient ValueState<Double> edgeSpeed;
    private transient ValueState<Long> periodicAt;
    private transient ValueState<String> urgentReason;

    public PlannerFunction(String manifestFile, PlannerSettings settings) {
        this.manifestFile = manifestFile;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        planner = new CellPlanner(ModelManifest.read(Path.of(manifestFile)), settings);
        devices = getRuntimeContext().getMapState(new MapStateDescriptor<>("devices", Types.STRING,
                TypeInformation.of(DeviceStatistics.class)));
        plans = getRuntimeContext().getMapState(new MapStateDescriptor<>("plans", Types.STRING, new AvroTypeInfo<>(Plan.class)));
        splitSince = getRuntimeContext().getMapState(new MapStateDescriptor<>("split-since", Types.STRING, Types.LONG));
        edgeSpeed = getRuntimeContext().getState(new ValueStateDescriptor<>("edge-speed", Types.DOUBLE));
        periodicAt = getRuntimeContext().getState(new ValueStateDescriptor<>("periodic-at", Types.LONG));
        urgentReason = getRuntimeContext().getState(new ValueStateDescriptor<>("urgent-reason", Types.STRING));
    }

    @Override
    public void processElement1(DeviceStatistics stats, Context ctx, Collector<Plan> out) throws Exception {
        DeviceStatistics before = devices.get(stats.deviceId);
        devices.put(stats.deviceId, stats);
        long now = ctx.timerService().currentProcessingTime();
        if (periodicAt.value() == null) {
            periodicAt.update(now + settings.intervalMillis());
            ctx.timerService().registerProcessingTimeTimer(now + settings.intervalMillis());
        }
        PlanReason urgent = null;
        if (!plans.contains(stats.deviceId) && stats.plannable()) {
            urgent = PlanReason.DEVICE_JOINED;
        } else if (before != null && movedBeyondTrigger(before.uplinkEstimateBps(), stats.uplinkEstimateBps())) {
            urgent = PlanReason.NETWORK_CHANGE;
        }
        if (urgent != null && urgentReason.value() == null) {
            urgentReason.update(urgent.name());
            ctx.timerService().registerProcessingTimeTimer((now / URGENT_MILLIS + 1) * URGENT_MILLIS);
        }
    }

    @Override
    public void processElement2(MonitorEvent event, Context ctx, Collector<Plan> out) throws Exception {
        if (!(event.getBody() instanceof EdgeLoad load)) {
            return;
        }
        double modelled = planner.modelledEdgeUtilization(activeDevices(), currentPlans());
        edgeSpeed.update(EdgeSpeed.next(speed(), modelled, load.getUtilization(), EDGE_SPEED_SMOOTHING));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Plan> out) throws Exception {
        PlanReason reason;
        Long periodic = periodicAt.value();
        if (periodic != null && timestamp == periodic) {
            long next = timestamp + settings.intervalMillis();
            periodicAt.update(next);
            ctx.timerService().registerProcessingTimeTimer(next);
            reason = urgentReason.value() != null ? PlanReason.valueOf(urgentReason.value()) : PlanReason.PERIODIC;
        } else if (urgentReason.value() != null) {
            reason = PlanReason.valueOf(urgentReason.value());
        } else {
            return; // an urgent timer whose re-solve a periodic one already ran
        }
        urgentReason.clear();
        forgetSilentDevices(timestamp);
        List<DeviceStatistics> active = activeDevices();
        if (active.isEmpty()) {
            return;
        }
        Map<String, Plan> current = currentPlans();
        Map<String, Long> since = new HashMap<>();
        for (Map.Entry<String, Long> e : splitSince.entries()) {
            since.put(e.getKey(), e.getValue());
        }
        CellPlanner.Replan replan = planner.replan(active, current, since, speed(), reason, timestamp * 1000);
        for (int i = 0; i < replan.plans().size(); i++) {
            Plan plan = replan.plans().get(i);
            if (CellPlanner.splitChanged(current.get(plan.getDeviceId()), plan)) {
                splitSince.put(plan.getDeviceId(), timestamp * 1000);
            }
            plans.put(plan.getDeviceId(), plan);
            out.collect(plan);
            ctx.output(MONITORING, MonitorEvent.newBuilder().setEventTimeMicros(timestamp * 1000).setSource("planner")
                    .setBody(replan.changes().get(i)).build());
        }
    }

    /** Devices without telemetry for the silence bound leave the problem: statistics, plan and split age. */
    private void forgetSilentDevices(long nowMillis) throws Exception {
        List<String> silent = new ArrayList<>();
        for (Map.Entry<String, DeviceStatistics> e : devices.entries()) {
            if (nowMillis - e.getValue().lastSeenMillis > settings.silentAfterMillis()) {
                silent.add(e.getKey());
            }
        }
        for (String id : silent) {
            LOG.info("device {} silent for over {} ms: leaves the plan", id, settings.silentAfterMillis());
            devices.remove(id);
            plans.remove(id);
            splitSince.remove(id);
        }
    }

    /** The devices with enough statistics to plan, in id order (a deterministic problem). */
    private List<DeviceStatistics> activeDevices() throws Exception {
        List<DeviceStatistics> active = new ArrayList<>();
        for (DeviceStatistics d : devices.values()) {
            if (d.plannable()) {
                active.add(d);
            }
        }
        active.sort(Comparator.comparing(d -> d.deviceId));
        return active;
    }

    private Map<String, Plan> currentPlans() throws Exception {
        Map<String, Plan> current = new HashMap<>();
        for (Map.Entry<String, Plan> e : plans.entries()) {
            current.put(e.getKey(), e.getValue());
        }
        return current;
    }

    private double speed() throws Exception {
        Double s = edgeSpeed.value();
        return s == null ? 1.0 : s;
    }

    private boolean movedBeyondTrigger(double before, double after) {
        return before > 0 && after > 0 && Math.abs(after - before) / before > settings.changeTrigger();
    }
}
