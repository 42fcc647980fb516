package io.tandem.simulator;

import java.util.SplittableRandom;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.TaskWeights;
import io.tandem.planner.solve.Assignment;

/**
 * One device's frames in simulated time, through three FIFO queues: its own compute (head
 * slice), its uplink (the trace's capacity, capped by the device's allocation) and its share of
 * the edge (tail slice at the allocated speed), then half the round trip each way. Frames arrive
 * as a Poisson process; the queues carry their backlog across plan changes, and a new plan
 * applies from the next frame. A frame that would wait more than {@value #DROP_HORIZON} deadlines
 * in any queue is dropped, as the device drops stale frames and the edge sheds load.
 */
final class DeviceQueues {

    /** Frames further behind than this many deadlines are dropped. */
    static final double DROP_HORIZON = 2.0;

    private final SimulatedDevice device;
    private final SplittableRandom arrivals;
    /** Carries the task's weights and deadline for scoring; its uplink figure is unused. */
    private final DeviceContext scoring;
    private double nextArrival;
    private double headFree;
    private double uplinkFree;
    private double edgeFree;

    DeviceQueues(SimulatedDevice device, long seed) {
        this.device = device;
        this.arrivals = new SplittableRandom(seed);
        this.scoring = device.context(1);
        this.nextArrival = exponential();
    }

    /** Runs the frames arriving before {@code to} under {@code plan}, reporting each to {@code metrics}. */
    void run(double to, Assignment plan, PlannerMetrics metrics, int window) {
        var option = plan.option();
        double deadline = device.deadlineSeconds();
        double horizon = DROP_HORIZON * deadline;
        double bits = 8 * option.bytesPerFrame();
        double halfRtt = device.rttSeconds() / 2;
        while (nextArrival < to) {
            double t = nextArrival;
            nextArrival += exponential();
            if (Math.max(headFree, uplinkFree) - t > horizon) {
                metrics.dropped(window, dropCost());
                continue;
            }
            double headDone = Math.max(t, headFree) + option.headSeconds();
            double sendStart = Math.max(headDone, uplinkFree);
            double sent = device.trace().finishTime(device.traceOffset() + sendStart, bits, plan.bandwidthBps()) - device.traceOffset();
            if (!Double.isFinite(sent)) {
                headFree = headDone; // no bandwidth allocated: the frame never leaves
                metrics.dropped(window, dropCost());
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
                    metrics.dropped(window, dropCost());
                    continue;
                }
                double edgeDone = Math.max(atEdge, edgeFree) + option.tailEdgeSeconds() / plan.computeShare();
                edgeFree = edgeDone;
                done = edgeDone + halfRtt;
            }
            headFree = headDone;
            uplinkFree = sent;
            double latency = done - t;
            metrics.answered(window, latency, latency <= deadline, option.accuracy(), option.bytesPerFrame(),
                    CostModel.costOf(option, scoring, latency));
        }
    }

    /** A dropped frame costs as a wrong answer at the drop horizon. */
    private double dropCost() {
        TaskWeights w = device.task().weights();
        return w.accuracyWeight() + w.latencyWeight() * DROP_HORIZON + w.deadlinePenalty() * (DROP_HORIZON - 1);
    }

    private double exponential() {
        return -Math.log(1 - arrivals.nextDouble()) / device.frameRateHz();
    }
}
