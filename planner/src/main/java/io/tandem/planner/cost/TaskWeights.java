package io.tandem.planner.cost;

/**
 * How a task trades accuracy against latency. The per-frame cost is {@code latencyWeight * L / D +
 * accuracyWeight * (1 - accuracy) + deadlinePenalty * max(0, L / D - 1)}, with L the expected
 * end-to-end latency and D the deadline; lower is better.
 */
public record TaskWeights(double accuracyWeight, double latencyWeight, double deadlinePenalty) {

    /** Accuracy first; latency matters mostly through the deadline. */
    public static final TaskWeights ACCURACY_SENSITIVE = new TaskWeights(1.0, 0.05, 2.0);

    /** Latency first; accuracy breaks ties between fast options. */
    public static final TaskWeights LATENCY_SENSITIVE = new TaskWeights(0.3, 0.5, 2.0);

    public TaskWeights {
        if (accuracyWeight < 0 || latencyWeight < 0 || deadlinePenalty < 0) {
            throw new IllegalArgumentException("weights must be non-negative");
        }
    }
}
