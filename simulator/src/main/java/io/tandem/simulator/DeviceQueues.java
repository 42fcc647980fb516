package io.tandem.simulator;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.TaskWeights;
import io.tandem.schema.Telemetry;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * One device's frames in simulated time, through three FIFO queues: its own compute (head slice),
 * its uplink (the trace's capacity, capped by the device's allocation) and its share of the edge
 * (tail slice at the allocated speed), then half the round trip each way. Frames arrive as the
 * device agent captures them: one every period of the offered rate, from a phase drawn per device;
 * a plan that admits a share of that rate captures every frame its running credit reaches (so the
 * admitted frames are evenly spaced too) and sheds the rest at the source. The queues carry their
 * backlog across plan changes, and a new plan applies from the next frame. A frame that would wait
 * more than {@value #DROP_HORIZON} deadlines in any queue is dropped, as the device drops stale
 * frames and the edge sheds load; one answered later than that (sent before its link failed) counts
 * as unanswered, as the device agent stops waiting for an answer at a horizon. Every window ends
 * with the telemetry the device would publish.
 */
final class DeviceQueues {

    /** Frames further behind than this many deadlines are dropped. */
    static final double DROP_HORIZON = 2.0;

    /** Simulated time 0, in epoch milliseconds: telemetry carries wall-clock-like timestamps. */
    static final long EPOCH_MILLIS = 1_000_000_000_000L;

    private final SimulatedDevice device;

    /**
     * The admitted share of the frames offered so far, less the frames captured: a frame is
     * captured when it reaches one. Starts from the device's phase, so every planner sheds the same
     * frames at the same rate.
     */
    private double admissionCredit;

    /** Carries the task's weights and deadline for scoring; its uplink figure is unused. */
    private final DeviceContext scoring;

    /** When each frame not yet on the wire starts sending, oldest first: the send queue. */
    private final ArrayDeque<Double> waitingToSend = new ArrayDeque<>();

    private double nextArrival;
    private double headFree;
    private double uplinkFree;
    private double edgeFree;
    private int windowSent;
    private int windowDropped;
    private double windowHeadSeconds;
    private int windowHeads;
    private double windowCost;

    DeviceQueues(SimulatedDevice device, long seed) {
        this.device = device;
        SplittableRandom phase = new SplittableRandom(seed);
        this.scoring = device.context(1);
        this.nextArrival = phase.nextDouble() / device.frameRateHz();
        this.admissionCredit = phase.nextDouble();
    }

    /**
     * Runs the frames arriving in [from, to) under {@code plan}, reporting each to {@code metrics},
     * and returns the window's telemetry.
     */
    Telemetry run(double from, double to, WindowPlan plan, PlannerMetrics metrics, int window) {
        var option = plan.option();
        double deadline = device.deadlineSeconds();
        double horizon = DROP_HORIZON * deadline;
        double bits = 8 * option.bytesPerFrame();
        double halfRtt = device.rttSeconds() / 2;
        double admitted = Math.min(1, plan.admittedRateHz() / device.frameRateHz());
        while (nextArrival < to) {
            double t = nextArrival;
            nextArrival += 1 / device.frameRateHz();
            admissionCredit += admitted;
            if (admissionCredit < 1 - 1e-9) {
                windowCost += unansweredCost();
                metrics.shed(window, unansweredCost());
                continue;
            }
            admissionCredit -= 1;
            if (Math.max(headFree, uplinkFree) - t > horizon) {
                drop(metrics, window);
                continue;
            }
            double headDone = Math.max(t, headFree) + option.headSeconds();
            windowHeadSeconds += option.headSeconds();
            windowHeads++;
            double sendStart = Math.max(headDone, uplinkFree);
            double sent =
                    device.trace()
                                    .finishTime(
                                            device.traceOffset() + sendStart,
                                            bits,
                                            plan.bandwidthBps())
                            - device.traceOffset();
            if (!Double.isFinite(sent)) {
                headFree = headDone; // no bandwidth allocated: the frame never leaves
                drop(metrics, window);
                continue;
            }
            double done;
            if (option.deviceOnly()) {
                done = sent + device.rttSeconds();
            } else {
                double atEdge = sent + halfRtt;
                if (!(plan.computeShare() > 0) || edgeFree - atEdge > horizon) {
                    headFree = headDone;
                    uplinkFree = sent;
                    drop(metrics, window);
                    continue;
                }
                double edgeDone =
                        Math.max(atEdge, edgeFree) + option.tailEdgeSeconds() / plan.computeShare();
                edgeFree = edgeDone;
                done = edgeDone + halfRtt;
            }
            headFree = headDone;
            uplinkFree = sent;
            waitingToSend.addLast(sendStart);
            windowSent++;
            double latency = done - t;
            if (latency > horizon) {
                // Sent into an outage: the frame held the link and the edge as long as it took, but
                // the device stopped waiting for its answer at the horizon, as the agent's scorer
                // does: it counts as unanswered.
                windowCost += unansweredCost();
                metrics.dropped(window, unansweredCost());
                continue;
            }
            double cost = CostModel.costOf(option, scoring, latency);
            windowCost += cost;
            metrics.answered(
                    window,
                    latency,
                    latency <= deadline,
                    option.accuracy(),
                    option.bytesPerFrame(),
                    cost);
        }
        return telemetry(from, to);
    }

    /**
     * The cost of the frames that arrived since the last call, per frame the device offers in a
     * window of {@code seconds} (so a window without arrivals is neither free nor undefined), and
     * starts the count again.
     */
    double takeCostPerOfferedFrame(double seconds) {
        double perFrame = windowCost / (device.frameRateHz() * seconds);
        windowCost = 0;
        return perFrame;
    }

    /**
     * The telemetry of the window [from, to) that would precede the run: the link measured, nothing
     * queued.
     */
    Telemetry before(double from, double to) {
        return telemetry(from, to);
    }

    private Telemetry telemetry(double from, double to) {
        while (!waitingToSend.isEmpty() && waitingToSend.peekFirst() <= to) {
            waitingToSend.pollFirst();
        }
        Telemetry t =
                Telemetry.newBuilder()
                        .setDeviceId(device.id())
                        .setDeviceClass(device.deviceClass().name())
                        .setTaskKind(device.task().toWire())
                        .setDeadlineMs(device.deadlineSeconds() * 1000)
                        .setWindowStartMicros(micros(from))
                        .setWindowEndMicros(micros(to))
                        .setUplinkThroughputBps(device.meanCapacity(from, to))
                        .setRttMs(device.rttSeconds() * 1000)
                        .setHeadComputeMs(
                                windowHeads == 0 ? 0 : 1000 * windowHeadSeconds / windowHeads)
                        .setFramesSent(windowSent)
                        .setFramesDropped(windowDropped)
                        .setQueueLength(waitingToSend.size())
                        .setFrameRateHz(device.frameRateHz())
                        .setPlanEpoch(0)
                        .build();
        windowSent = 0;
        windowDropped = 0;
        windowHeadSeconds = 0;
        windowHeads = 0;
        return t;
    }

    /** Simulated seconds as the epoch microseconds telemetry carries. */
    static long micros(double seconds) {
        return (EPOCH_MILLIS + Math.round(seconds * 1000)) * 1000;
    }

    private void drop(PlannerMetrics metrics, int window) {
        windowDropped++;
        windowCost += unansweredCost();
        metrics.dropped(window, unansweredCost());
    }

    /** A frame never answered, dropped or shed, costs as a wrong answer at the drop horizon. */
    private double unansweredCost() {
        TaskWeights w = device.task().weights();
        return w.accuracyWeight()
                + w.latencyWeight() * DROP_HORIZON
                + w.deadlinePenalty() * (DROP_HORIZON - 1);
    }
}
