package io.tandem.jobs.tail;

import io.tandem.settings.Setting;
import io.tandem.settings.SettingValues;
import java.io.Serializable;
import java.util.List;

/**
 * How the edge runs tail slices. Each setting is declared once, below (Triton's names in brackets);
 * the accessors are typed views of a {@link SettingValues}.
 */
public final class TailSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Setting<Integer> MAX_BATCH =
            Setting.integer("max-batch", 8, "largest tail batch (max batch size)").atLeast(1);
    public static final Setting<Long> MAX_DELAY_US =
            Setting.longInteger(
                            "max-delay-us",
                            2_000,
                            "longest a request waits for its batch to fill, microseconds (max queue"
                                    + " delay)")
                    .atLeast(0);
    public static final Setting<Integer> QUEUE_CAPACITY =
            Setting.integer(
                            "queue-capacity",
                            256,
                            "tail requests held before the operator stops taking input"
                                    + " (backpressure); at least max-batch")
                    .atLeast(1);
    public static final Setting<Long> LOAD_WINDOW_MS =
            Setting.longInteger(
                            "load-window-ms",
                            1_000,
                            "period of the edge-load reports the planner calibrates on, ms")
                    .atLeast(1);
    public static final Setting<Integer> INSTANCES =
            Setting.integer(
                            "tail-instances",
                            1,
                            "batches run at once per tail subtask (model instances)")
                    .atLeast(1);
    public static final Setting<Integer> INTRA_OP_THREADS =
            Setting.integer(
                            "intra-op-threads",
                            0,
                            "ONNX Runtime threads per tail session (0: cores / (slots x"
                                    + " instances))")
                    .atLeast(0);
    public static final Setting<Integer> MAX_PAYLOAD_BYTES =
            Setting.integer(
                            "max-payload-bytes",
                            1 << 20,
                            "frames with a larger feature payload are dead-lettered")
                    .atLeast(1);

    /** Every tail setting, in the order the docs list them. */
    public static final List<Setting<?>> ALL =
            List.of(
                    MAX_BATCH,
                    MAX_DELAY_US,
                    QUEUE_CAPACITY,
                    LOAD_WINDOW_MS,
                    INSTANCES,
                    INTRA_OP_THREADS,
                    MAX_PAYLOAD_BYTES);

    private final SettingValues values;

    public TailSettings(SettingValues values) {
        this.values = values;
    }

    public static TailSettings defaults() {
        return new TailSettings(SettingValues.DEFAULTS);
    }

    /** A copy with {@code setting} at {@code value}. */
    public <T> TailSettings with(Setting<T> setting, T value) {
        return new TailSettings(values.with(setting, value));
    }

    public int maxBatch() {
        return values.get(MAX_BATCH);
    }

    public long maxDelayMicros() {
        return values.get(MAX_DELAY_US);
    }

    /** Never below {@link #maxBatch()}: a full batch must fit in the queue. */
    public int queueCapacity() {
        return Math.max(values.get(QUEUE_CAPACITY), maxBatch());
    }

    public long loadWindowMillis() {
        return values.get(LOAD_WINDOW_MS);
    }

    public int instances() {
        return values.get(INSTANCES);
    }

    public int intraOpThreads() {
        return values.get(INTRA_OP_THREADS);
    }

    public int maxPayloadBytes() {
        return values.get(MAX_PAYLOAD_BYTES);
    }

    /**
     * ORT threads per session: as configured, or the machine's cores split among the batches that
     * run at once.
     */
    public int threadsFor(int concurrentBatches) {
        int configured = intraOpThreads();
        return configured > 0
                ? configured
                : Math.max(
                        1,
                        Runtime.getRuntime().availableProcessors()
                                / Math.max(1, concurrentBatches));
    }

    /** This view's own settings, in declaration order: what equality and printing compare. */
    private List<Object> own() {
        return ALL.stream().<Object>map(values::get).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TailSettings other && own().equals(other.own());
    }

    @Override
    public int hashCode() {
        return own().hashCode();
    }

    @Override
    public String toString() {
        return "TailSettings" + own();
    }
}
