package io.tandem.cli.dashboard;

import io.tandem.planner.online.NewestPlan;
import io.tandem.stats.Quantiles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tandem.planner.fleet.TaskKind;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanChange;
import io.tandem.schema.RequestLatency;
import io.tandem.schema.Telemetry;

/**
 * What the dashboard shows, folded from the monitoring, telemetry and plans topics into one-second
 * buckets over the last few minutes; {@link #snapshot} renders it as plain maps for JSON. Pure and
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
        Plan plan;
        final Deque<Double> recentLatencyMs = new ArrayDeque<>();
    }

    private final TreeMap<Long, Second> seconds = new TreeMap<>();
    private final Map<String, Device> devices = new TreeMap<>();
    private final Deque<Map<String, Object>> changes = new ArrayDeque<>();
    private long requests;
    private long planChanges;

    public synchronized void onMonitor(MonitorEvent event) {
        long second = event.getEventTimeMicros() / 1_000_000;
        Object body = event.getBody();
        if (body instanceof RequestLatency r) {
            requests++;
            Device d = device(r.getDeviceId());
            bucket(second).latencyByKind.computeIfAbsent(d.kind, k -> new ArrayList<>()).add(r.getTotalMs());
            d.recentLatencyMs.addLast(r.getTotalMs());
            if (d.recentLatencyMs.size() > 50) {
                d.recentLatencyMs.removeFirst();
            }
        } else if (body instanceof EdgeLoad load) {
            bucket(second).utilization.add(load.getUtilization());
        } else if (body instanceof PlanChange change) {
            onPlan(change.getPlan());
            planChanges++;
            Plan p = change.getPlan();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("time", event.getEventTimeMicros() / 1000);
            c.put("device", p.getDeviceId());
            c.put("epoch", p.getEpoch());
            c.put("split", split(p));
            c.put("reason", p.getReason().name());
            c.put("bandwidthMbps", p.getUplinkBandwidthBps() / 1e6);
            c.put("computeShare", p.getEdgeComputeShare());
            c.put("objective", change.getObjective());
            c.put("gap", change.getGapBound());
            changes.addFirst(c);
            while (changes.size() > CHANGES_KEPT) {
                changes.removeLast();
            }
        }
        trim(second);
    }

    public synchronized void onTelemetry(Telemetry t) {
        Device d = device(t.getDeviceId());
        d.deviceClass = t.getDeviceClass();
        d.kind = t.getTaskKind() == io.tandem.schema.TaskKind.UNKNOWN ? "unknown" : TaskKind.of(t.getTaskKind()).label();
        d.deadlineMs = t.getDeadlineMs();
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

    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> json = new LinkedHashMap<>();
        List<Long> times = new ArrayList<>(seconds.keySet());
        json.put("time", times);
        Map<String, Object> series = new LinkedHashMap<>();
        for (String kind : List.of("accuracy", "latency")) {
            series.put("p50_" + kind, times.stream().map(t -> quantile(seconds.get(t).latencyByKind.get(kind), 0.5)).toList());
            series.put("p95_" + kind, times.stream().map(t -> quantile(seconds.get(t).latencyByKind.get(kind), 0.95)).toList());
        }
        series.put("edgeUtilization", times.stream().map(t -> mean(seconds.get(t).utilization)).toList());
        series.put("accuracy", times.stream().map(t -> seconds.get(t).accuracy).toList());
        Map<String, List<Double>> uplink = new TreeMap<>();
        for (String id : devices.keySet()) {
            uplink.put(id, times.stream().map(t -> seconds.get(t).uplinkMbps.get(id)).toList());
        }
        series.put("uplinkMbps", uplink);
        json.put("series", series);
        Map<String, Double> deadlines = new TreeMap<>();
        devices.values().forEach(d -> {
            if (d.deadlineMs > 0) {
                deadlines.merge(d.kind, d.deadlineMs, Math::min);
            }
        });
        json.put("deadlines", deadlines);
        List<Map<String, Object>> rows = new ArrayList<>();
        devices.forEach((id, d) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("class", d.deviceClass);
            row.put("kind", d.kind);
            row.put("deadlineMs", d.deadlineMs);
            row.put("uplinkMbps", d.uplinkMbps);
            row.put("p50Ms", quantile(new ArrayList<>(d.recentLatencyMs), 0.5));
            if (d.plan != null) {
                row.put("epoch", d.plan.getEpoch());
                row.put("split", split(d.plan));
                row.put("bandwidthMbps", d.plan.getUplinkBandwidthBps() / 1e6);
                row.put("computeShare", d.plan.getEdgeComputeShare());
                row.put("expectedAccuracy", d.plan.getExpectedAccuracy());
                row.put("expectedLatencyMs", d.plan.getExpectedLatencyMs());
            }
            rows.add(row);
        });
        json.put("devices", rows);
        json.put("planChanges", new ArrayList<>(changes));
        json.put("totals", Map.of("requests", requests, "planChanges", planChanges, "devices", devices.size()));
        return json;
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
        return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
