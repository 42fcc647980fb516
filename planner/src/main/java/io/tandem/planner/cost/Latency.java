package io.tandem.planner.cost;

/**
 * Expected end-to-end latency of one frame, in seconds, by component. Infinite parts mean an
 * unstable queue.
 */
public record Latency(
        double deviceQueue,
        double head,
        double uplinkQueue,
        double transfer,
        double network,
        double edgeQueue,
        double edgeCompute) {

    public double total() {
        return deviceQueue + head + uplinkQueue + transfer + network + edgeQueue + edgeCompute;
    }

    public boolean stable() {
        return Double.isFinite(total());
    }
}
