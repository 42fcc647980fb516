package io.tandem.planner.fleet;

import io.tandem.planner.cost.TaskWeights;
import java.util.Locale;

/** The two kinds of task Tandem plans for, with their cost weights and default deadline. */
public enum TaskKind {
    /** Accuracy first, a loose deadline (e.g. inspection, counting). */
    ACCURACY(TaskWeights.ACCURACY_SENSITIVE, 0.200),
    /** Latency first, a tight deadline (e.g. control loops, alarms). */
    LATENCY(TaskWeights.LATENCY_SENSITIVE, 0.060);

    private final TaskWeights weights;
    private final double defaultDeadlineSeconds;

    TaskKind(TaskWeights weights, double defaultDeadlineSeconds) {
        this.weights = weights;
        this.defaultDeadlineSeconds = defaultDeadlineSeconds;
    }

    public TaskWeights weights() {
        return weights;
    }

    public double defaultDeadlineSeconds() {
        return defaultDeadlineSeconds;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This kind in the contract (the Avro enum {@code TaskKind}). */
    public io.tandem.schema.TaskKind toWire() {
        return this == LATENCY
                ? io.tandem.schema.TaskKind.LATENCY_SENSITIVE
                : io.tandem.schema.TaskKind.ACCURACY_SENSITIVE;
    }

    /**
     * The kind the contract's value stands for; a device that reports none ({@code UNKNOWN}) plans
     * as accuracy-sensitive.
     */
    public static TaskKind of(io.tandem.schema.TaskKind wire) {
        return wire == io.tandem.schema.TaskKind.LATENCY_SENSITIVE ? LATENCY : ACCURACY;
    }

    public static TaskKind byLabel(String label) {
        for (TaskKind kind : values()) {
            if (kind.label().equals(label.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown task kind '" + label + "'; known: accuracy, latency");
    }
}
