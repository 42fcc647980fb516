package io.tandem.planner.cost;

/** Expected end-to-end latency of one frame, in seconds, by component. Infinite parts mean an unstable queue. */
public record Latency(double head, double uplinkQueue, double transfer, double network, double edgeQueue, double edgeCompute) {

    public double total() {
        return head + uplinkQueue + transfer + network + edgeQueue + edgeCompute;
    }

    public boolean stable() {
        return Double.isFinite(total());
    }
}
