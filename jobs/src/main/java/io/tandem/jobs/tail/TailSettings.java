package io.tandem.jobs.tail;

import java.io.Serializable;

/**
 * How the edge runs tail slices.
 *
 * @param maxBatch        largest batch per slice (Triton's max batch size)
 * @param maxDelayMicros  longest a request waits for its batch to fill (Triton's max queue delay)
 * @param queueCapacity   requests held before the operator stops taking input (backpressure)
 * @param loadWindowMillis period of the edge-load reports
 * @param instances       batches run at once per subtask (Triton's model instances)
 * @param intraOpThreads  ONNX Runtime threads per batch; 0 = cores / (task slots x instances)
 * @param maxPayloadBytes frames with a larger payload are refused
 * @param maxEpochLag     frames whose plan epoch is further behind the device's newest are refused
 */
public record TailSettings(int maxBatch, long maxDelayMicros, int queueCapacity, long loadWindowMillis, int instances, int intraOpThreads,
                           int maxPayloadBytes, long maxEpochLag) implements Serializable {

    public TailSettings {
        if (maxBatch < 1 || maxDelayMicros < 0 || queueCapacity < maxBatch || loadWindowMillis <= 0 || instances < 1 || intraOpThreads < 0
                || maxPayloadBytes <= 0 || maxEpochLag < 0) {
            throw new IllegalArgumentException("invalid tail settings: " + this);
        }
    }

    /** Batches of up to 8 within 2 ms, 256 requests queued, one instance, a load report a second, 1 MiB frames, 2 epochs of lag. */
    public static TailSettings defaults() {
        return new TailSettings(8, 2_000, 256, 1_000, 1, 0, 1 << 20, 2);
    }

    /** ORT threads per session: as configured, or the machine's cores split among the batches that run at once. */
    public int threadsFor(int concurrentBatches) {
        return intraOpThreads > 0 ? intraOpThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, concurrentBatches));
    }
}
