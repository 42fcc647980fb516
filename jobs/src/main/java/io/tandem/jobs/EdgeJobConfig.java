package io.tandem.jobs;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.planner.online.PlannerSettings;
import io.tandem.jobs.tail.TailSettings;
import io.tandem.planner.solve.Solvers;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the edge job is configured by, in one typed place. Each setting has a default, an
 * environment variable and a command-line flag ({@code --flag value}); flags win over the
 * environment, which wins over the defaults. {@link #usage()} lists them.
 *
 * @param modelRoot          the model repository (a directory holding {@code <modelId>/manifest.json})
 * @param checkpointMillis   checkpoint period: results and plans become visible to devices at each checkpoint
 * @param bufferTimeoutMillis how long Flink's network buffers may wait to fill before they are sent
 * @param resultsGuarantee   {@code EXACTLY_ONCE} (transactional, visible at checkpoints) or {@code AT_LEAST_ONCE}
 *                           (visible at once; devices drop repeated answers by frame id)
 * @param transactionalIdPrefix prefix of the sinks' Kafka transactional ids; stable per deployment, so a
 *                           restarted job aborts what a crashed one left open
 */
public record EdgeJobConfig(String bootstrapServers, TopicCatalogue topics, Path modelRoot, String modelId, int parallelism,
                            long checkpointMillis, long bufferTimeoutMillis, DeliveryGuarantee resultsGuarantee, String transactionalIdPrefix,
                            TailSettings tail, PlannerSettings planner) implements Serializable {

    public EdgeJobConfig {
        if (parallelism < 1 || checkpointMillis < 10 || bufferTimeoutMillis < 0) {
            throw new IllegalArgumentException("parallelism must be >= 1, the checkpoint period >= 10 ms, the buffer timeout >= 0");
        }
        if (!Solvers.NAMES.contains(planner.solver())) {
            throw new IllegalArgumentException("unknown solver '" + planner.solver() + "'; known: " + Solvers.NAMES);
        }
    }

    /** Every setting at its default, on the given brokers. */
    public static EdgeJobConfig defaults(String bootstrapServers) {
        return parse(new String[] {"--bootstrap", bootstrapServers}, Map.of());
    }

    public Path manifestFile() {
        return modelRoot.resolve(modelId).resolve("manifest.json").toAbsolutePath();
    }

    public String consumerGroup() {
        return transactionalIdPrefix + "-" + topics.namespace();
    }

    // ---- flags and environment -------------------------------------------------------------

    /** The settings while they are being read; {@link #build()} checks them together. */
    private static final class Draft {
        String bootstrap = "localhost:9092";
        String namespace = TopicCatalogue.DEFAULT_NAMESPACE;
        String models = "models/zoo";
        String model = "fmnist-resnet";
        int parallelism = 1;
        long checkpointMillis = 500;
        long bufferTimeoutMillis = 5;
        DeliveryGuarantee delivery = DeliveryGuarantee.EXACTLY_ONCE;
        String prefix = "tandem-edge";
        TailSettings t = TailSettings.defaults();
        int maxBatch = t.maxBatch();
        long maxDelayMicros = t.maxDelayMicros();
        int queueCapacity = t.queueCapacity();
        int instances = t.instances();
        int intraOpThreads = t.intraOpThreads();
        long maxEpochLag = t.maxEpochLag();
        PlannerSettings p = PlannerSettings.defaults();
        String solver = p.solver();
        double ingressBps = p.ingressBps();
        double edgeFlops = p.edgeFlops();
        long replanMillis = p.intervalMillis();

        EdgeJobConfig build() {
            TailSettings tail = new TailSettings(maxBatch, maxDelayMicros, Math.max(queueCapacity, maxBatch), t.loadWindowMillis(),
                    instances, intraOpThreads, t.maxPayloadBytes(), maxEpochLag);
            PlannerSettings planner = new PlannerSettings(solver, p.fixedVersion(), ingressBps, edgeFlops, p.codecs(), replanMillis,
                    p.hysteresis(), p.shareHysteresis(), p.changeTrigger(), p.silentAfterMillis(), p.keepWindows(), p.minDwellMillis(),
                    p.dynamics());
            return new EdgeJobConfig(bootstrap, new TopicCatalogue(namespace), Path.of(models), model, parallelism, checkpointMillis,
                    bufferTimeoutMillis, delivery, prefix, tail, planner);
        }
    }

    private record Setting(String flag, String env, String help, BiConsumer<Draft, String> apply) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("--bootstrap", "TANDEM_BOOTSTRAP", "Kafka bootstrap servers", (d, v) -> d.bootstrap = v),
            new Setting("--namespace", "TANDEM_NAMESPACE", "topic namespace (<namespace>.features, ...)", (d, v) -> d.namespace = v),
            new Setting("--models", "TANDEM_MODELS", "model repository directory", (d, v) -> d.models = v),
            new Setting("--model", "TANDEM_MODEL", "model id in the repository", (d, v) -> d.model = v),
            new Setting("--parallelism", "TANDEM_PARALLELISM", "parallelism of the tail operator", (d, v) -> d.parallelism = Integer.parseInt(v)),
            new Setting("--checkpoint-ms", "TANDEM_CHECKPOINT_MS", "checkpoint period, ms", (d, v) -> d.checkpointMillis = Long.parseLong(v)),
            new Setting("--buffer-timeout-ms", "TANDEM_BUFFER_TIMEOUT_MS",
                    "longest a network buffer waits to fill, ms (Flink's default, 100, adds ~50 ms per shuffle)",
                    (d, v) -> d.bufferTimeoutMillis = Long.parseLong(v)),
            new Setting("--delivery", "TANDEM_DELIVERY", "results delivery: exactly-once or at-least-once", (d, v) -> d.delivery = guarantee(v)),
            new Setting("--transactional-id-prefix", "TANDEM_TRANSACTIONAL_ID_PREFIX", "prefix of the sinks' transactional ids",
                    (d, v) -> d.prefix = v),
            new Setting("--max-batch", "TANDEM_MAX_BATCH", "largest tail batch", (d, v) -> d.maxBatch = Integer.parseInt(v)),
            new Setting("--max-delay-us", "TANDEM_MAX_DELAY_US", "longest wait for a batch to fill, microseconds",
                    (d, v) -> d.maxDelayMicros = Long.parseLong(v)),
            new Setting("--queue-capacity", "TANDEM_QUEUE_CAPACITY", "tail requests queued before backpressure",
                    (d, v) -> d.queueCapacity = Integer.parseInt(v)),
            new Setting("--tail-instances", "TANDEM_TAIL_INSTANCES", "batches run at once per tail subtask",
                    (d, v) -> d.instances = Integer.parseInt(v)),
            new Setting("--intra-op-threads", "TANDEM_INTRA_OP_THREADS", "ONNX Runtime threads per tail session (0: cores / slots)",
                    (d, v) -> d.intraOpThreads = Integer.parseInt(v)),
            new Setting("--max-epoch-lag", "TANDEM_MAX_EPOCH_LAG", "frames further behind their device's newest plan are refused",
                    (d, v) -> d.maxEpochLag = Long.parseLong(v)),
            new Setting("--solver", "TANDEM_SOLVER", "planner solver: " + String.join(", ", Solvers.NAMES), (d, v) -> d.solver = v),
            new Setting("--ingress-mbps", "TANDEM_INGRESS_MBPS", "the cell's total uplink ingress, Mbit/s",
                    (d, v) -> d.ingressBps = Double.parseDouble(v) * 1e6),
            new Setting("--edge-gflops", "TANDEM_EDGE_GFLOPS", "the edge's tail throughput before calibration, GFLOP/s",
                    (d, v) -> d.edgeFlops = Double.parseDouble(v) * 1e9),
            new Setting("--replan-ms", "TANDEM_REPLAN_MS", "planner re-solve period, ms", (d, v) -> d.replanMillis = Long.parseLong(v)));

    /** The defaults, then the environment, then {@code args}; an unknown flag or a bad value is a clear error. */
    public static EdgeJobConfig parse(String[] args, Map<String, String> environment) {
        Draft draft = new Draft();
        for (Setting s : SETTINGS) {
            String value = environment.get(s.env);
            if (value != null && !value.isBlank()) {
                apply(draft, s, value, s.env);
            }
        }
        Map<String, Setting> byFlag = new LinkedHashMap<>();
        SETTINGS.forEach(s -> byFlag.put(s.flag, s));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Setting s = byFlag.get(arg);
            if (s == null) {
                throw new IllegalArgumentException("unknown option '" + arg + "'; known: " + String.join(", ", byFlag.keySet()));
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + arg + " needs a value");
                }
                value = args[++i];
            }
            apply(draft, s, value, arg);
        }
        return draft.build();
    }

    /** One line per setting: flag, environment variable, meaning. */
    public static List<String> usage() {
        List<String> lines = new ArrayList<>();
        for (Setting s : SETTINGS) {
            lines.add(String.format("  %-28s %-32s %s", s.flag + " VALUE", "(" + s.env + ")", s.help));
        }
        return lines;
    }

    private static void apply(Draft draft, Setting s, String value, String source) {
        try {
            s.apply.accept(draft, value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static DeliveryGuarantee guarantee(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
            default -> throw new IllegalArgumentException("delivery is exactly-once or at-least-once, not '" + value + "'");
        };
    }

    public EdgeJobConfig withTopics(TopicCatalogue topics) {
        return new EdgeJobConfig(bootstrapServers, topics, modelRoot, modelId, parallelism, checkpointMillis, bufferTimeoutMillis, resultsGuarantee,
                transactionalIdPrefix, tail, planner);
    }

    public EdgeJobConfig withModelRoot(Path modelRoot) {
        return new EdgeJobConfig(bootstrapServers, topics, modelRoot, modelId, parallelism, checkpointMillis, bufferTimeoutMillis, resultsGuarantee,
                transactionalIdPrefix, tail, planner);
    }

    public EdgeJobConfig withDelivery(DeliveryGuarantee guarantee, long checkpointMillis) {
        return new EdgeJobConfig(bootstrapServers, topics, modelRoot, modelId, parallelism, checkpointMillis, bufferTimeoutMillis, guarantee,
                transactionalIdPrefix, tail, planner);
    }
}
