package io.tandem.device.fleet;

import io.tandem.device.DeviceProgress;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.stats.Quantiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A fleet run in figures: one row per device class and task kind, and one for everything. */
public record FleetSummary(List<Row> rows) {

    /**
     * Figures of one group of devices; latencies in milliseconds, accuracy over answered frames.
     */
    public record Row(
            String group,
            int devices,
            long captured,
            long sent,
            long answered,
            long dropped,
            double accuracy,
            double p50Ms,
            double p95Ms,
            double deadlineMetShare) {}

    /** Judged against the deadlines {@link FleetRunner} gave its devices. */
    public static FleetSummary of(List<FleetRunner.Member> members) {
        Map<String, Double> byKind = new LinkedHashMap<>();
        for (TaskKind kind : TaskKind.values()) {
            byKind.put(kind.label(), FleetRunner.deadlineMs(kind));
        }
        return of(members, byKind);
    }

    public static FleetSummary of(
            List<FleetRunner.Member> members, Map<String, Double> deadlineMsByKind) {
        Map<String, List<FleetRunner.Member>> groups = new TreeMap<>();
        for (FleetRunner.Member m : members) {
            groups.computeIfAbsent(
                            m.deviceClass() + " / " + m.taskKind().label(), k -> new ArrayList<>())
                    .add(m);
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((name, list) -> rows.add(row(name, list, deadlineMsByKind)));
        rows.add(row("all", members, deadlineMsByKind));
        return new FleetSummary(rows);
    }

    private static Row row(
            String name, List<FleetRunner.Member> members, Map<String, Double> deadlineMsByKind) {
        long captured = 0, sent = 0, answered = 0, dropped = 0, correct = 0;
        double met = 0;
        List<double[]> all = new ArrayList<>();
        for (FleetRunner.Member m : members) {
            captured += m.report().captured();
            sent += m.report().sent();
            answered += m.report().answered();
            dropped += m.report().dropped();
            correct += m.report().correct();
            double deadline =
                    deadlineMsByKind.getOrDefault(m.taskKind().label(), Double.POSITIVE_INFINITY);
            double[] latenciesMs = m.latenciesMs();
            long within = Arrays.stream(latenciesMs).filter(l -> l <= deadline).count();
            // A very long run keeps a uniform sample of its latencies: scale the count in it up to
            // all answers.
            met +=
                    latenciesMs.length == m.report().answered()
                            ? within
                            : (double) within * m.report().answered() / latenciesMs.length;
            all.add(latenciesMs);
        }
        double[] latencies = all.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        return new Row(
                name,
                members.size(),
                captured,
                sent,
                answered,
                dropped,
                answered == 0 ? Double.NaN : (double) correct / answered,
                Quantiles.ofSorted(latencies, 0.5),
                Quantiles.ofSorted(latencies, 0.95),
                captured == 0 ? Double.NaN : met / captured);
    }

    /** One progress line: frames sent and answered, drops, p50/p95 of recent answers. */
    public static String progressLine(double elapsedSeconds, List<DeviceProgress> devices) {
        long sent = 0, answered = 0, dropped = 0, correct = 0;
        List<double[]> recent = new ArrayList<>();
        for (DeviceProgress p : devices) {
            sent += p.sent();
            answered += p.answered();
            dropped += p.dropped();
            correct += p.correct();
            recent.add(p.recentLatencyMs());
        }
        double[] latencies = recent.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        return String.format(
                Locale.ROOT,
                "%5.0f s  sent %7d  answered %7d  dropped %6d  accuracy %5.1f%%  p50 %6.1f ms  p95"
                        + " %6.1f ms",
                elapsedSeconds,
                sent,
                answered,
                dropped,
                answered == 0 ? 0 : 100.0 * correct / answered,
                Quantiles.ofSorted(latencies, 0.5),
                Quantiles.ofSorted(latencies, 0.95));
    }

    /** The rows as a fixed-width table. */
    public String table() {
        StringBuilder b =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%-24s %7s %9s %9s %9s %8s %9s %9s %9s %9s%n",
                                "group",
                                "devices",
                                "captured",
                                "sent",
                                "answered",
                                "dropped",
                                "accuracy",
                                "p50 ms",
                                "p95 ms",
                                "deadline"));
        for (Row r : rows) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%-24s %7d %9d %9d %9d %8d %8.1f%% %9.1f %9.1f %8.1f%%%n",
                            r.group(),
                            r.devices(),
                            r.captured(),
                            r.sent(),
                            r.answered(),
                            r.dropped(),
                            100 * r.accuracy(),
                            r.p50Ms(),
                            r.p95Ms(),
                            100 * r.deadlineMetShare()));
        }
        return b.toString();
    }

    /** The figures as plain maps, for JSON. */
    public Map<String, Object> asJson(List<FleetRunner.Member> members) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("groups", rows);
        json.put(
                "devices",
                members.stream()
                        .map(
                                m -> {
                                    Map<String, Object> d = new LinkedHashMap<>();
                                    d.put("deviceId", m.deviceId());
                                    d.put("deviceClass", m.deviceClass());
                                    d.put("taskKind", m.taskKind().label());
                                    d.put("trace", m.trace());
                                    d.put("report", m.report());
                                    return d;
                                })
                        .toList());
        return json;
    }
}
