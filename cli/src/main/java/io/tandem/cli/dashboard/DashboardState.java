package io.tandem.cli.dashboard;

import io.tandem.planner.fleet.TaskKind;
import io.tandem.planner.online.NewestPlan;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanChange;
import io.tandem.schema.RequestLatency;
import io.tandem.schema.Telemetry;
import io.tandem.stats.Quantiles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the dashboard shows, folded from the monitoring, telemetry and plans topics into one-second
 * buckets over the last few minutes; {@link #snapshot} renders it for the page. Pure and
 * thread-safe: the feed writes, the web server reads.
 */
public final class DashboardState {

    static final int SECONDS_KEPT = 180;
    private static final int CHANGES_KEPT = 40;

    private static final class Second {
        final Map<String, List<Double>> latencyByKind = new HashMap<>();
        final List<Double> utilization = new ArrayList<>();
        final Map<String, Double> uplinkMbps = new HashMap<>();
        Double accuracy;
    }

    private static final class Device {
        String deviceClass = "";
        String kind = "unknown";
        double deadlineMs;
        double uplinkMbps;
        String versions = "";
        Plan plan;
        final Deque<Double> recentLatencyMs = new ArrayDeque<>();
    }

    private final TreeMap<Long, Second> seconds = new TreeMap<>();
    private final Map<String, Device> devices = new TreeMap<>();
    private final Deque<DashboardSnapshot.PlanChangeRow> changes = new ArrayDeque<>();
    private long requests;
    private long planChanges;
    private long loadWindows;
    private double utilizationSum;
    private double utilizationPeak;

    /** The edge's tail utilization over every load window seen since start. */
    public record EdgeUtilization(long windows, double mean, double peak) {}

    public synchronized void onMonitor(MonitorEvent event) {
        long second = event.getEventTimeMicros() / 1_000_000;
        Object body = event.getBody();
        if (body instanceof RequestLatency r) {
            requests++;
            Device d = device(r.getDeviceId());
            bucket(second)
                    .latencyByKind
                    .computeIfAbsent(d.kind, k -> new ArrayList<>())
                    .add(r.getTotalMs());
            d.recentLatencyMs.addLast(r.getTotalMs());
            if (d.recentLatencyMs.size() > 50) {
                d.recentLatencyMs.removeFirst();
            }
        } else if (body instanceof EdgeLoad load) {
            bucket(second).utilization.add(load.getUtilization());
            loadWindows++;
            utilizationSum += load.getUtilization();
            utilizationPeak = Math.max(utilizationPeak, load.getUtilization());
        } else if (body instanceof PlanChange change) {
            onPlan(change.getPlan());
            planChanges++;
            Plan p = change.getPlan();
            DashboardSnapshot.PlanChangeRow c =
                    new DashboardSnapshot.PlanChangeRow(
                            event.getEventTimeMicros() / 1000,
                            change.getCell(),
                            p.getDeviceId(),
                            p.getEpoch(),
                            split(p),
                            p.getReason().name(),
                            p.getUplinkBandwidthBps() / 1e6,
                            p.getEdgeComputeShare(),
                            change.getObjective(),
                            change.getGapBound());
            changes.addFirst(c);
            while (changes.size() > CHANGES_KEPT) {
                changes.removeLast();
            }
        }
        trim(second);
    }

    public synchronized EdgeUtilization edgeUtilization() {
        return new EdgeUtilization(
                loadWindows,
                loadWindows == 0 ? Double.NaN : utilizationSum / loadWindows,
                utilizationPeak);
    }

    public synchronized void onTelemetry(Telemetry t) {
        Device d = device(t.getDeviceId());
        d.deviceClass = t.getDeviceClass();
        d.kind =
                t.getTaskKind() == io.tandem.schema.TaskKind.UNKNOWN
                        ? "unknown"
                        : TaskKind.of(t.getTaskKind()).label();
        d.deadlineMs = t.getDeadlineMs();
        d.versions = versions(t);
        if (t.getUplinkThroughputBps() > 0) {
            d.uplinkMbps = t.getUplinkThroughputBps() / 1e6;
            long second = t.getWindowEndMicros() / 1_000_000;
            bucket(second).uplinkMbps.put(t.getDeviceId(), d.uplinkMbps);
            trim(second);
        }
    }

    /** The newest epoch per device wins, as on the devices. */
    public synchronized void onPlan(Plan plan) {
        Device d = device(plan.getDeviceId());
        if (NewestPlan.supersedes(plan, d.plan)) {
            d.plan = plan;
        }
    }

    /** Accuracy the devices measured on their answers so far, when a fleet runs alongside. */
    public synchronized void onAccuracy(long epochMillis, double accuracy) {
        if (Double.isFinite(accuracy)) { // JSON has no NaN: nothing answered yet is no point
            bucket(epochMillis / 1000).accuracy = accuracy;
        }
    }

    public synchronized DashboardSnapshot snapshot() {
        List<Long> times = new ArrayList<>(seconds.keySet());
        Map<String, DashboardSnapshot.LatencySeries> latency = new LinkedHashMap<>();
        for (TaskKind kind : TaskKind.values()) {
            latency.put(
                    kind.label(),
                    new DashboardSnapshot.LatencySeries(
                            perSecond(times, s -> quantile(s.latencyByKind.get(kind.label()), 0.5)),
                            perSecond(
                                    times,
                                    s -> quantile(s.latencyByKind.get(kind.label()), 0.95))));
        }
        Map<String, List<Double>> uplink = new TreeMap<>();
        for (String id : devices.keySet()) {
            uplink.put(id, perSecond(times, s -> s.uplinkMbps.get(id)));
        }
        DashboardSnapshot.Series series =
                new DashboardSnapshot.Series(
                        latency,
                        perSecond(times, s -> mean(s.utilization)),
                        perSecond(times, s -> s.accuracy),
                        uplink);
        Map<String, Double> deadlines = new TreeMap<>();
        devices.values()
                .forEach(
                        d -> {
                            if (d.deadlineMs > 0) {
                                deadlines.merge(d.kind, d.deadlineMs, Math::min);
                            }
                        });
        List<DashboardSnapshot.DeviceRow> rows = new ArrayList<>();
        devices.forEach((id, d) -> rows.add(row(id, d)));
        return new DashboardSnapshot(
                times,
                series,
                deadlines,
                rows,
                List.copyOf(changes),
                new DashboardSnapshot.Totals(requests, planChanges, devices.size()));
    }

    private List<Double> perSecond(List<Long> times, Function<Second, Double> value) {
        return times.stream().map(t -> value.apply(seconds.get(t))).toList();
    }

    private static DashboardSnapshot.DeviceRow row(String id, Device d) {
        Double p50 = quantile(new ArrayList<>(d.recentLatencyMs), 0.5);
        Plan p = d.plan;
        if (p == null) {
            return new DashboardSnapshot.DeviceRow(
                    id,
                    d.deviceClass,
                    d.kind,
                    d.deadlineMs,
                    d.uplinkMbps,
                    p50,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    d.versions);
        }
        return new DashboardSnapshot.DeviceRow(
                id,
                d.deviceClass,
                d.kind,
                d.deadlineMs,
                d.uplinkMbps,
                p50,
                p.getEpoch(),
                split(p),
                p.getUplinkBandwidthBps() / 1e6,
                p.getEdgeComputeShare(),
                p.getExpectedAccuracy(),
                p.getExpectedLatencyMs(),
                d.versions);
    }

    /** The versions a device holds, and the one it is fetching, as it reports them. */
    private static String versions(Telemetry t) {
        String held =
                t.getHeldVersions().stream()
                        .map(CharSequence::toString)
                        .collect(Collectors.joining(","));
        return t.getPendingVersion() == null
                ? held
                : held + " (fetching " + t.getPendingVersion() + ")";
    }

    private Device device(String id) {
        return devices.computeIfAbsent(id, k -> new Device());
    }

    private Second bucket(long second) {
        return seconds.computeIfAbsent(second, s -> new Second());
    }

    private void trim(long newest) {
        while (!seconds.isEmpty() && seconds.firstKey() < newest - SECONDS_KEPT) {
            seconds.pollFirstEntry();
        }
    }

    private static String split(Plan p) {
        return p.getVersion() + " / p" + p.getPartition() + " / " + p.getCodec();
    }

    private static Double quantile(List<Double> values, double q) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        return Quantiles.of(values, q);
    }

    private static Double mean(List<Double> values) {
        return values.isEmpty()
                ? null
                : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
