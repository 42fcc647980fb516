package io.tandem.planner.cost;

/**
 * Tandem's cost model (docs/cost-model.md). A device sending frames at rate r with split option o,
 * an uplink bandwidth allocation b (capped by its own capacity) and an edge compute share c:
 *
 * <pre>
 *   transfer  t = 8 * bytes / min(b, capacity)        uplink utilisation  u = r * t
 *   compute   s = tailEdgeSeconds / c                  edge utilisation    v = r * s
 *   L = H(r h) + h + t + W(u, t) + rtt + s + W(v, s),   W(p, x) = p * x / (2 (1 - p))   (M/D/1 wait)
 * </pre>
 *
 * and a per-frame cost {@code latencyWeight * L/D + accuracyWeight * (1 - accuracy) +
 * deadlinePenalty * max(0, L/D - 1)}, non-negative so that relative optimality gaps mean something.
 * h is the head time. The device captures frames periodically and runs the head on each in turn, so
 * its own compute is a D/D/1 queue: no wait ({@code H = 0}) below utilisation 1. The uplink and the
 * edge see that periodic stream through a link whose transfer times vary: Kingman's approximation
 * with periodic arrivals and a squared coefficient of variation of 1 for the service gives the
 * M/D/1 wait W. A queue at or above utilisation 1 has infinite latency. Device-only options use no
 * edge compute and send only the result, so only the network round trip remains.
 */
public final class CostModel {

    private CostModel() {}

    public static Latency latency(
            SplitOption option, DeviceContext device, double bandwidthBps, double computeShare) {
        double rate = device.frameRateHz();
        double bandwidth = Math.min(bandwidthBps, device.uplinkCapacityBps());
        double transfer =
                bandwidth > 0 ? 8.0 * option.bytesPerFrame() / bandwidth : Double.POSITIVE_INFINITY;
        double uplinkQueue = mD1Wait(rate * transfer, transfer);
        double compute;
        double edgeQueue;
        if (option.deviceOnly()) {
            compute = 0;
            edgeQueue = 0;
        } else {
            compute =
                    computeShare > 0
                            ? option.tailEdgeSeconds() / computeShare
                            : Double.POSITIVE_INFINITY;
            edgeQueue = mD1Wait(rate * compute, compute);
        }
        double deviceQueue = periodicWait(rate * option.headSeconds());
        return new Latency(
                deviceQueue,
                option.headSeconds(),
                uplinkQueue,
                transfer,
                device.rttSeconds(),
                edgeQueue,
                compute);
    }

    /** Cost of one frame (lower is better); infinite for an unstable allocation. */
    public static double cost(
            SplitOption option, DeviceContext device, double bandwidthBps, double computeShare) {
        Latency latency = latency(option, device, bandwidthBps, computeShare);
        return costOf(option, device, latency.total());
    }

    public static double costOf(SplitOption option, DeviceContext device, double latencySeconds) {
        if (!Double.isFinite(latencySeconds)) {
            return Double.POSITIVE_INFINITY;
        }
        TaskWeights w = device.weights();
        double relative = latencySeconds / device.deadlineSeconds();
        return w.latencyWeight() * relative
                + w.accuracyWeight() * (1 - option.accuracy())
                + w.deadlinePenalty() * Math.max(0, relative - 1);
    }

    /**
     * Mean wait of periodic frames at a server of constant service time and utilisation {@code rho}
     * (D/D/1): none while it keeps up, infinite once it cannot.
     */
    public static double periodicWait(double rho) {
        return rho < 1 ? 0 : Double.POSITIVE_INFINITY;
    }

    /**
     * Mean wait in an M/D/1 queue with utilisation {@code rho} and service time {@code service}.
     */
    public static double mD1Wait(double rho, double service) {
        if (service == 0) {
            return 0;
        }
        if (!(rho < 1)) {
            return Double.POSITIVE_INFINITY;
        }
        return rho * service / (2 * (1 - rho));
    }
}
