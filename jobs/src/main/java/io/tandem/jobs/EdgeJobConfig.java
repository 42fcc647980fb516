package io.tandem.jobs;

import io.tandem.connectors.identity.FleetSecret;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.jobs.tail.TailSettings;
import io.tandem.planner.online.PlannerSettings;
import io.tandem.settings.Setting;
import io.tandem.settings.SettingValues;
import io.tandem.settings.SettingsDoc;
import io.tandem.settings.SettingsReader;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the edge job is configured by. The job's own settings are declared here, the tail's in
 * {@link TailSettings} and the planner's in {@link PlannerSettings}; each has a default, an
 * environment variable and a flag ({@code --flag value}), flags winning over the environment, the
 * environment over the defaults. {@link #usage()} and docs/configuration.md list them all.
 */
public final class EdgeJobConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Setting<String> BOOTSTRAP =
            Setting.text("bootstrap", "localhost:9092", "Kafka bootstrap servers");
    public static final Setting<String> KAFKA_CONFIG =
            Setting.text(
                    "kafka-config",
                    "",
                    "Kafka client properties file every source and sink applies (security.protocol,"
                            + " sasl.*, ssl.*, ...); empty: none");
    public static final Setting<String> FLEET_SECRET =
            Setting.text(
                    "fleet-secret",
                    "",
                    "Fleet secret file (./tandem kafka --secure DIR writes DIR/fleet.secret):"
                        + " frames, telemetry and plans must carry the signature of the device they"
                        + " speak for; empty: unsigned");
    public static final Setting<String> NAMESPACE =
            Setting.text(
                    "namespace",
                    TopicCatalogue.DEFAULT_NAMESPACE,
                    "topic namespace (topics are NAMESPACE.features, ...); several edge cells can"
                            + " share a cluster");
    public static final Setting<String> MODELS =
            Setting.text(
                    "models",
                    "models/zoo",
                    "model repository directory (holding MODEL/manifest.json)");
    public static final Setting<String> MODEL =
            Setting.text("model", "fmnist-resnet", "model id in the repository");
    public static final Setting<Integer> PARALLELISM =
            Setting.integer(
                            "parallelism",
                            1,
                            "parallelism of validation, tail inference and the planner (cells"
                                    + " spread over its subtasks)")
                    .atLeast(1);
    public static final Setting<Long> CHECKPOINT_MS =
            Setting.longInteger(
                            "checkpoint-ms",
                            500,
                            "checkpoint period: transactional results and plans become visible to"
                                    + " devices at each, ms")
                    .atLeast(10);
    public static final Setting<Long> BUFFER_TIMEOUT_MS =
            Setting.longInteger(
                            "buffer-timeout-ms",
                            5,
                            "longest a network buffer waits to fill, ms (Flink's default, 100, adds"
                                    + " ~50 ms per shuffle)")
                    .atLeast(0);
    public static final Setting<String> CHECKPOINT_DIR =
            Setting.text(
                            "checkpoint-dir",
                            "",
                            "directory (or file:// URI) to keep checkpoints in, retained when the"
                                + " job is cancelled; a job started on it resumes from the newest"
                                + " one (empty: in memory, nothing survives the job)")
                    .accepting(
                            dir ->
                                    dir.isBlank()
                                            || !dir.contains("://")
                                            || dir.startsWith("file://"),
                            "a directory or a file:// URI (the job finds its newest checkpoint"
                                    + " there)");
    public static final Setting<DeliveryGuarantee> DELIVERY =
            Setting.choice(
                    "delivery",
                    DeliveryGuarantee.EXACTLY_ONCE,
                    "results delivery: exactly-once (transactional, visible at checkpoints) or"
                        + " at-least-once (visible at once; devices drop repeated answers by frame"
                        + " id)",
                    Map.of(
                            "exactly-once",
                            DeliveryGuarantee.EXACTLY_ONCE,
                            "at-least-once",
                            DeliveryGuarantee.AT_LEAST_ONCE));
    public static final Setting<String> TRANSACTIONAL_ID_PREFIX =
            Setting.text(
                    "transactional-id-prefix",
                    "tandem-edge",
                    "prefix of the sinks' Kafka transactional ids; stable per deployment, so a"
                            + " restarted job aborts what a crashed one left open");

    /** The job's own settings, then the tail's, then the planner's. */
    public static final List<Setting<?>> ALL =
            concat(
                    List.of(
                            BOOTSTRAP,
                            KAFKA_CONFIG,
                            FLEET_SECRET,
                            NAMESPACE,
                            MODELS,
                            MODEL,
                            PARALLELISM,
                            CHECKPOINT_MS,
                            CHECKPOINT_DIR,
                            BUFFER_TIMEOUT_MS,
                            DELIVERY,
                            TRANSACTIONAL_ID_PREFIX),
                    TailSettings.ALL,
                    PlannerSettings.ALL);

    private static final SettingsReader READER = new SettingsReader(ALL);

    private final SettingValues values;

    public EdgeJobConfig(SettingValues values) {
        this.values = values;
    }

    /**
     * The defaults, then the environment, then {@code args}; an unknown flag or a bad value is a
     * one-line error.
     */
    public static EdgeJobConfig parse(String[] args, Map<String, String> environment) {
        return new EdgeJobConfig(READER.read(args, environment));
    }

    /** Every setting at its default, on the given brokers. */
    public static EdgeJobConfig defaults(String bootstrapServers) {
        return new EdgeJobConfig(SettingValues.DEFAULTS).with(BOOTSTRAP, bootstrapServers);
    }

    /** A copy with {@code setting} (the job's, the tail's or the planner's) at {@code value}. */
    public <T> EdgeJobConfig with(Setting<T> setting, T value) {
        return new EdgeJobConfig(values.with(setting, value));
    }

    /** Per setting: its flag, variable and default, then its meaning and the values it accepts. */
    public static List<String> usage() {
        return SettingsDoc.usage(ALL);
    }

    /** A setting's value as given (a file setting's path, say, without reading the file). */
    public <T> T value(Setting<T> setting) {
        return values.get(setting);
    }

    public String bootstrapServers() {
        return values.get(BOOTSTRAP);
    }

    /** The client properties {@code --kafka-config} names, read now (where the job is built). */
    public KafkaClientProperties kafkaClient() {
        String file = values.get(KAFKA_CONFIG);
        return file.isBlank()
                ? KafkaClientProperties.none()
                : KafkaClientProperties.read(Path.of(file));
    }

    public Optional<FleetSecret> fleetSecret() {
        String file = values.get(FLEET_SECRET);
        return file.isBlank() ? Optional.empty() : Optional.of(FleetSecret.read(Path.of(file)));
    }

    public TopicCatalogue topics() {
        return new TopicCatalogue(values.get(NAMESPACE));
    }

    public Path modelRoot() {
        return Path.of(values.get(MODELS));
    }

    public String modelId() {
        return values.get(MODEL);
    }

    public int parallelism() {
        return values.get(PARALLELISM);
    }

    public long checkpointMillis() {
        return values.get(CHECKPOINT_MS);
    }

    /** Where checkpoints are kept, if anywhere but memory. */
    public Optional<String> checkpointDir() {
        String dir = values.get(CHECKPOINT_DIR);
        return dir.isBlank() ? Optional.empty() : Optional.of(dir);
    }

    public long bufferTimeoutMillis() {
        return values.get(BUFFER_TIMEOUT_MS);
    }

    public DeliveryGuarantee resultsGuarantee() {
        return values.get(DELIVERY);
    }

    public String transactionalIdPrefix() {
        return values.get(TRANSACTIONAL_ID_PREFIX);
    }

    public TailSettings tail() {
        return new TailSettings(values);
    }

    public PlannerSettings planner() {
        return new PlannerSettings(values);
    }

    public Path manifestFile() {
        return modelRoot().resolve(modelId()).resolve("manifest.json").toAbsolutePath();
    }

    public String consumerGroup() {
        return transactionalIdPrefix() + "-" + topics().namespace();
    }

    @SafeVarargs
    private static List<Setting<?>> concat(List<Setting<?>>... groups) {
        List<Setting<?>> all = new ArrayList<>();
        for (List<Setting<?>> group : groups) {
            all.addAll(group);
        }
        return List.copyOf(all);
    }
}
