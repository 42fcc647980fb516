package io.tandem.planner.online;

import io.tandem.planner.fleet.TaskKind;
import io.tandem.schema.Telemetry;
import io.tandem.stats.Quantiles;
import java.util.Arrays;

/**
 * What the planner knows of one device: its latest telemetry windows, newest last, ordered by
 * window end. The uplink estimate is the newest window's: it follows a collapsed link at once and
 * its recovery at once. A plain class with public fields and no Flink in it, so the Flink job keeps
 * it in keyed state as a POJO and the simulator uses the very same rules.
 */
public class DeviceStatistics {

    public String deviceId;
    public String deviceClass;

    /** The edge cell the device's newest window names ({@link CellBudget#DEFAULT}: none). */
    public String cell = CellBudget.DEFAULT;

    /** Task kind label, as {@link io.tandem.planner.fleet.TaskKind#byLabel} reads it. */
    public String taskKind;

    public double deadlineMs;
    public double frameRateHz;
    public long planEpoch;

    /** Event time of the newest window (its end, epoch microseconds). */
    public long lastWindowEndMicros;

    /** Processing time the newest window arrived (epoch milliseconds): silence is judged on it. */
    public long lastSeenMillis;

    /** Frames waiting in the device's send queue at the end of the newest window. */
    public int queuedFrames;

    /**
     * Versions the device runs without a download, as it last reported them; empty when it does not
     * say (a device that downloads nothing, or an older one).
     */
    public String[] heldVersions = new String[0];

    /** Per-window uplink capacity and RTT, oldest first; at most {@code keep} entries. */
    public double[] uplinkBps = new double[0];

    public double[] rttMs = new double[0];

    public DeviceStatistics() {}

    public static DeviceStatistics of(String deviceId) {
        DeviceStatistics s = new DeviceStatistics();
        s.deviceId = deviceId;
        return s;
    }

    /**
     * An independent copy (what crosses an operator boundary, or what a statistic was before an
     * update).
     */
    public DeviceStatistics copy() {
        DeviceStatistics c = of(deviceId);
        c.deviceClass = deviceClass;
        c.cell = cell;
        c.taskKind = taskKind;
        c.deadlineMs = deadlineMs;
        c.frameRateHz = frameRateHz;
        c.planEpoch = planEpoch;
        c.lastWindowEndMicros = lastWindowEndMicros;
        c.lastSeenMillis = lastSeenMillis;
        c.queuedFrames = queuedFrames;
        c.heldVersions = heldVersions.clone();
        c.uplinkBps = uplinkBps.clone();
        c.rttMs = rttMs.clone();
        return c;
    }

    /**
     * Takes in one telemetry window; false (and nothing changes) when it is not newer than the
     * newest window already seen: replays and reordered records do not count twice.
     */
    public boolean update(Telemetry t, int keep, long nowMillis) {
        if (t.getWindowEndMicros() <= lastWindowEndMicros) {
            return false;
        }
        deviceClass = t.getDeviceClass();
        cell = t.getCell();
        taskKind = TaskKind.of(t.getTaskKind()).label();
        deadlineMs = t.getDeadlineMs();
        if (t.getFrameRateHz() > 0) {
            frameRateHz = t.getFrameRateHz();
        }
        planEpoch = t.getPlanEpoch();
        lastWindowEndMicros = t.getWindowEndMicros();
        lastSeenMillis = nowMillis;
        queuedFrames = Math.max(0, t.getQueueLength());
        if (!t.getHeldVersions().isEmpty()) {
            heldVersions = t.getHeldVersions().toArray(String[]::new);
        }
        // A window without transfers measures nothing about the link: keep what we had.
        if (t.getUplinkThroughputBps() > 0) {
            uplinkBps = append(uplinkBps, t.getUplinkThroughputBps(), keep);
        }
        if (t.getRttMs() > 0) {
            rttMs = append(rttMs, t.getRttMs(), keep);
        }
        return true;
    }

    /**
     * Uplink capacity to plan with (bit/s), 0 while unmeasured: the newest window's. On the shared
     * traces the link of the last second predicts the next one better than a mean of the kept
     * windows: a mean follows a collapse late, and a harmonic mean (whose 1 / C averages a frame's
     * transfer time) holds a collapse for as many windows as it keeps, so a recovered link went
     * unused (the multipath cells scored 2-4% worse with it).
     */
    public double uplinkEstimateBps() {
        return uplinkBps.length == 0 ? 0 : uplinkBps[uplinkBps.length - 1];
    }

    /**
     * Arithmetic mean of the kept windows' uplink capacity (bit/s), 0 while unmeasured: what a
     * planner blind to variance uses.
     */
    public double meanUplinkBps() {
        return uplinkBps.length == 0 ? 0 : Arrays.stream(uplinkBps).average().orElse(0);
    }

    /** Network round trip to plan with, seconds. */
    public double rttEstimateSeconds() {
        return rttEstimateMs() / 1000;
    }

    /** Median RTT of the kept windows, milliseconds (0 while unmeasured). */
    public double rttEstimateMs() {
        return rttMs.length == 0 ? 0 : Quantiles.median(rttMs);
    }

    /**
     * Whether the device can run {@code version} without a download (true when it does not say).
     */
    public boolean holds(String version) {
        return heldVersions.length == 0 || Arrays.asList(heldVersions).contains(version);
    }

    public boolean plannable() {
        return uplinkEstimateBps() > 0 && frameRateHz > 0 && deadlineMs > 0;
    }

    private static double[] append(double[] values, double value, int keep) {
        int from = Math.max(0, values.length + 1 - keep);
        double[] next = Arrays.copyOfRange(values, from, values.length + 1);
        next[next.length - 1] = value;
        return next;
    }
}
