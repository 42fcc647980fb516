package io.tandem.jobs.tail;

import io.tandem.schema.EdgeLoad;
import java.util.HashMap;
import java.util.Map;

/**
 * The tail's load over one reporting window: how long its workers were busy and how many requests
 * they completed. The planner calibrates the edge's speed on these reports. Pure.
 */
final class EdgeLoadWindow {

    private final int instances;
    private long startMillis;
    private long busyMicros;
    private long completed;

    EdgeLoadWindow(int instances, long startMillis) {
        this.instances = instances;
        this.startMillis = startMillis;
    }

    void ran(long busyMicros, int requests) {
        this.busyMicros += busyMicros;
        this.completed += requests;
    }

    /** The report for the window ending at {@code endMillis}; the next window starts there. */
    EdgeLoad close(long endMillis, Map<String, Integer> queueLengths) {
        long window = Math.max(1, endMillis - startMillis);
        EdgeLoad load =
                EdgeLoad.newBuilder()
                        .setWindowMs(window)
                        .setUtilization(Math.min(1, busyMicros / (window * 1000.0 * instances)))
                        .setRequestsPerSecond(completed * 1000.0 / window)
                        .setQueueLengths(new HashMap<>(queueLengths))
                        .build();
        startMillis = endMillis;
        busyMicros = 0;
        completed = 0;
        return load;
    }
}
