package io.tandem.planner.online;

import io.tandem.schema.Telemetry;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a telemetry window can be planned on: every number finite and within what a real device
 * can report. The bounds are wide (a device on a 100 Gbit/s link at 1,000 fps passes); they keep
 * out NaN, infinities, negative counts and the absurd, which the planner would otherwise obey.
 * Pure: the edge job dead-letters what fails it where telemetry is read.
 */
public final class TelemetryCheck {

    static final double MAX_DEADLINE_MS = 3_600_000;
    static final double MAX_UPLINK_BPS = 100e9;
    static final double MAX_MS = 600_000;
    static final long MAX_WINDOW_MICROS = 3_600_000_000L;
    static final int MAX_FRAMES = 1_000_000;
    static final double MAX_FRAME_RATE_HZ = 1_000;
    static final int MAX_ID_LENGTH = 256;

    private TelemetryCheck() {}

    /** What is wrong with the window, or empty when it may be planned on. */
    public static Optional<String> problem(Telemetry t) {
        if (t.getDeviceId() == null
                || t.getDeviceId().isBlank()
                || t.getDeviceId().length() > MAX_ID_LENGTH) {
            return Optional.of("device id is empty or longer than " + MAX_ID_LENGTH);
        }
        String bad =
                outside("deadlineMs", t.getDeadlineMs(), Math.ulp(0.0), MAX_DEADLINE_MS)
                        + outside(
                                "uplinkThroughputBps",
                                t.getUplinkThroughputBps(),
                                0,
                                MAX_UPLINK_BPS)
                        + outside("rttMs", t.getRttMs(), 0, MAX_MS)
                        + outside("headComputeMs", t.getHeadComputeMs(), 0, MAX_MS)
                        + outside("frameRateHz", t.getFrameRateHz(), 0, MAX_FRAME_RATE_HZ)
                        + outside("framesSent", t.getFramesSent(), 0, MAX_FRAMES)
                        + outside("framesDropped", t.getFramesDropped(), 0, MAX_FRAMES)
                        + outside("queueLength", t.getQueueLength(), 0, MAX_FRAMES)
                        + outside("planEpoch", t.getPlanEpoch(), 0, Long.MAX_VALUE)
                        + (t.getEnergyJoules() == null
                                ? ""
                                : outside(
                                        "energyJoules", t.getEnergyJoules(), 0, Double.MAX_VALUE));
        if (!bad.isEmpty()) {
            return Optional.of(bad.substring(0, bad.length() - 2));
        }
        long window = t.getWindowEndMicros() - t.getWindowStartMicros();
        if (window <= 0 || window > MAX_WINDOW_MICROS) {
            return Optional.of("window of " + window + " us, not within (0, 1 h]");
        }
        return Optional.empty();
    }

    /**
     * As {@link #problem(Telemetry)}, and the window must name one of {@code cells}: a device of a
     * cell no one configured would otherwise get a planner of its own, with the default budget.
     */
    public static Optional<String> problem(Telemetry t, List<String> cells) {
        Optional<String> problem = problem(t);
        if (problem.isPresent() || cells.contains(t.getCell())) {
            return problem;
        }
        return Optional.of(
                "cell '"
                        + t.getCell()
                        + "' is not one this edge plans ("
                        + cells.stream()
                                .map(c -> c.isEmpty() ? "'' (default)" : "'" + c + "'")
                                .collect(Collectors.joining(", "))
                        + ")");
    }

    /** "name = value, " when the value is not a finite number in [min, max]; empty otherwise. */
    private static String outside(String name, double value, double min, double max) {
        return Double.isFinite(value) && value >= min && value <= max
                ? ""
                : name + " = " + value + " is not within [" + min + ", " + max + "], ";
    }
}
