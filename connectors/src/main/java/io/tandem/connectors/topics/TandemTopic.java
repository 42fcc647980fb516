package io.tandem.connectors.topics;

import io.tandem.schema.DeadLetter;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.Telemetry;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every topic Tandem uses: its name suffix, the record type of its values, its partition count and
 * its topic configs. All topics are keyed by device id (UTF-8), except monitoring and the
 * dead-letter topic, which may have null keys, and models, keyed by {@code <model>/<version>}.
 */
public enum TandemTopic {

    /**
     * Device -> edge: encoded intermediate features. Short retention: stale frames are worthless.
     */
    FEATURES("features", FeatureFrame.class, 6, Map.of("retention.ms", "3600000")),
    /** Device -> planner: windowed measurements. */
    TELEMETRY("telemetry", Telemetry.class, 3, Map.of("retention.ms", "86400000")),
    /**
     * Planner -> device: the latest plan per device. Compacted so a (re)starting device reads its
     * plan at once.
     */
    PLANS(
            "plans",
            Plan.class,
            3,
            Map.of(
                    "cleanup.policy", "compact",
                    "min.cleanable.dirty.ratio", "0.01",
                    "segment.ms", "60000",
                    "delete.retention.ms", "60000")),
    /** Edge -> device: one result per frame. */
    RESULTS("results", InferenceResult.class, 6, Map.of("retention.ms", "3600000")),
    /** Latency breakdowns, plan changes, edge load and SLO attainment. */
    MONITORING("monitoring", MonitorEvent.class, 3, Map.of("retention.ms", "86400000")),
    /**
     * Records that could not be processed, with the reason. Kept a week for inspection, and at most
     * 1 GiB: a flood of bad records must not fill the broker's disk.
     */
    DLQ(
            "dlq",
            DeadLetter.class,
            1,
            Map.of("retention.ms", "604800000", "retention.bytes", "1073741824")),
    /**
     * Publisher -> edge and devices: the versions of the deployment, their files and SHA-256s.
     * Compacted, so whoever starts reads every version's latest state.
     */
    MODELS(
            "models",
            ModelAnnouncement.class,
            1,
            Map.of(
                    "cleanup.policy", "compact",
                    "min.cleanable.dirty.ratio", "0.01",
                    "segment.ms", "60000",
                    "delete.retention.ms", "60000"));

    private final String suffix;
    private final Class<? extends SpecificRecord> valueType;
    private final int partitions;
    private final Map<String, String> configs;

    TandemTopic(
            String suffix,
            Class<? extends SpecificRecord> valueType,
            int partitions,
            Map<String, String> configs) {
        this.suffix = suffix;
        this.valueType = valueType;
        this.partitions = partitions;
        this.configs = configs;
    }

    public String suffix() {
        return suffix;
    }

    public Class<? extends SpecificRecord> valueType() {
        return valueType;
    }

    public int partitions() {
        return partitions;
    }

    public Map<String, String> configs() {
        return configs;
    }

    /**
     * The topic's configs on {@code replicationFactor} replicas: on three or more also {@code
     * min.insync.replicas} 2, so a write acknowledged by all in-sync replicas survives the loss of
     * one broker.
     */
    public Map<String, String> configs(int replicationFactor) {
        if (replicationFactor < 3) {
            return configs;
        }
        Map<String, String> replicated = new HashMap<>(configs);
        replicated.put("min.insync.replicas", "2");
        return Map.copyOf(replicated);
    }

    public boolean compacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }
}
