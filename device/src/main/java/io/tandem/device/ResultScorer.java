package io.tandem.device;

import io.tandem.schema.InferenceResult;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Matches this device's answers to the frames it captured and scores them: latency from capture to
 * answer (device time), correct against the frame's label, the network's share of the round trip. A
 * repeated answer (at-least-once delivery) counts once; the repeats count as duplicates.
 *
 * <p>Memory is bounded by a horizon: a frame is remembered for {@code horizonSeconds} after its
 * capture, then forgotten. One still unanswered by then counts as unanswered for good; an answer
 * after that is ignored, as is a repeat of an answer older than the horizon. Thread-safe: the
 * capture, uplink and results threads all report here.
 */
final class ResultScorer {

    /** What an answer was to this device. */
    enum Outcome {
        FIRST,
        DUPLICATE,
        UNKNOWN
    }

    /** The telemetry's round trip is the median of this many: the current one, not the run's. */
    private static final int RECENT_ROUND_TRIPS = 50;

    private static final int RECENT_LATENCIES = 200;

    /** Runs of up to this many answers per device keep every latency: exact quantiles. */
    static final int LATENCY_SAMPLE = 1 << 16;

    private static final class Frame {
        final int label;
        final double capturedAt;
        double leftAt = Double.NaN;
        boolean answered;

        Frame(int label, double capturedAt) {
            this.label = label;
            this.capturedAt = capturedAt;
        }
    }

    private final double horizonSeconds;

    /** Frames captured within the horizon, in capture order (so the oldest are forgotten first). */
    private final Map<Long, Frame> remembered = new LinkedHashMap<>();

    private final RecentValues roundTrips = new RecentValues(RECENT_ROUND_TRIPS);
    private final RecentValues recentLatencies = new RecentValues(RECENT_LATENCIES);
    private final LatencySample latencies;
    private long awaiting;
    private long expired;
    private long duplicates;
    private long correct;

    ResultScorer(double horizonSeconds, int latencySample) {
        if (!(horizonSeconds > 0)) {
            throw new IllegalArgumentException("horizon must be > 0 s, was " + horizonSeconds);
        }
        this.horizonSeconds = horizonSeconds;
        this.latencies = new LatencySample(latencySample, 1);
    }

    ResultScorer(double horizonSeconds) {
        this(horizonSeconds, LATENCY_SAMPLE);
    }

    /** A frame was captured at device time {@code at}; its answer should be {@code label}. */
    synchronized void captured(long frameId, int label, double at) {
        remembered.put(frameId, new Frame(label, at));
        awaiting++;
    }

    /** The frame's last bit left the uplink at device time {@code at}. */
    synchronized void left(long frameId, double at) {
        Frame frame = remembered.get(frameId);
        if (frame != null) {
            frame.leftAt = at;
        }
    }

    /** The frame was dropped before it was sent: no answer will come. */
    synchronized void dropped(long frameId) {
        Frame frame = remembered.remove(frameId);
        if (frame != null && !frame.answered) {
            awaiting--;
        }
    }

    /** Scores an answer that arrived at device time {@code now}. */
    synchronized Outcome answer(InferenceResult result, double now) {
        Frame frame = remembered.get(result.getFrameId());
        if (frame == null) {
            return Outcome.UNKNOWN;
        }
        if (frame.answered) {
            duplicates++;
            return Outcome.DUPLICATE;
        }
        frame.answered = true;
        awaiting--;
        double latency = now - frame.capturedAt;
        latencies.add(latency);
        recentLatencies.add(latency);
        if (!Double.isNaN(frame.leftAt)) {
            // The network's part only: the edge's residence (read to tail done, its clock) is the
            // planner's to model.
            double atEdge =
                    Math.max(0, result.getTailDoneAtMicros() - result.getReceivedAtMicros()) / 1e6;
            roundTrips.add(Math.max(0, now - frame.leftAt - atEdge));
        }
        if (result.getPredictedClass() == frame.label) {
            correct++;
        }
        return Outcome.FIRST;
    }

    /**
     * Forgets the frames captured more than the horizon before {@code now}; unanswered ones expire.
     */
    synchronized void forget(double now) {
        Iterator<Frame> oldestFirst = remembered.values().iterator();
        while (oldestFirst.hasNext()) {
            Frame frame = oldestFirst.next();
            if (now - frame.capturedAt <= horizonSeconds) {
                return;
            }
            oldestFirst.remove();
            if (!frame.answered) {
                awaiting--;
                expired++;
            }
        }
    }

    /** Frames captured, neither answered nor dropped, and still within the horizon. */
    synchronized long awaiting() {
        return awaiting;
    }

    /** Frames never answered: those still awaited and those that expired. */
    synchronized long unanswered() {
        return awaiting + expired;
    }

    synchronized long answered() {
        return latencies.seen();
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long correct() {
        return correct;
    }

    /** Frames remembered (for tests: the bound on memory). */
    synchronized int remembered() {
        return remembered.size();
    }

    /** The network round trip now: the median of the last answers', in seconds; 0 before any. */
    synchronized double recentRoundTripSeconds() {
        return roundTrips.median();
    }

    /** The last answers' latencies, in milliseconds, oldest first. */
    synchronized double[] recentLatenciesMs() {
        return Arrays.stream(recentLatencies.toArray()).map(s -> s * 1000).toArray();
    }

    /**
     * Latencies in seconds, sorted: every one, or a uniform sample past {@link #LATENCY_SAMPLE}
     * answers.
     */
    synchronized double[] latenciesSorted() {
        return latencies.sorted();
    }
}
