package io.tandem.jobs;

import io.tandem.connectors.flink.RecordCheck;
import io.tandem.connectors.flink.TandemKafka;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.jobs.recovery.LatestCheckpoint;
import io.tandem.jobs.tail.ReceivedFrame;
import io.tandem.jobs.tail.ReceivedFrameDeserializer;
import io.tandem.models.distribution.AnnouncementCheck;
import io.tandem.planner.online.PlanCheck;
import io.tandem.planner.online.TelemetryCheck;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanChange;
import io.tandem.schema.RequestLatency;
import io.tandem.schema.SloAttainment;
import io.tandem.schema.Telemetry;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The edge job: Kafka sources, {@link EdgeWorkflow}, Kafka sinks. Results and plans are written in
 * Kafka transactions committed at checkpoints (results may be switched to at-least-once);
 * monitoring and dead letters at least once.
 */
public final class EdgeJob {

    /**
     * Telemetry the planner would be misled by, or from a device of a cell this job does not plan,
     * is dead-lettered where it is read.
     */
    static RecordCheck<Telemetry> telemetryCheck(EdgeJobConfig config) {
        List<String> cells = List.copyOf(config.planner().cellNames());
        return new RecordCheck<>(
                DeadLetterReason.INVALID_TELEMETRY, t -> TelemetryCheck.problem(t, cells));
    }

    /**
     * So is a plan on the topic no device could follow (the validator takes compute shares from
     * plans).
     */
    static final RecordCheck<Plan> PLAN_CHECK =
            new RecordCheck<>(DeadLetterReason.INVALID_PLAN, PlanCheck::problem);

    /** An announcement that names no version, or lists a file without its SHA-256, is refused. */
    static final RecordCheck<ModelAnnouncement> ANNOUNCEMENT_CHECK =
            new RecordCheck<>(DeadLetterReason.INVALID_ANNOUNCEMENT, AnnouncementCheck::problem);

    private EdgeJob() {}

    public static void main(String[] args) throws Exception {
        EdgeJobConfig config = EdgeJobConfig.parse(args, System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobClient job = start(env, config);
        // Submitted detached (flink run -d), the client returns once the job is accepted.
        if (env.getConfiguration().getOptional(DeploymentOptions.ATTACHED).orElse(true)) {
            job.getJobExecutionResult().get();
        }
    }

    /** Builds the job on {@code env} and submits it; returns at once with the job's client. */
    public static JobClient start(StreamExecutionEnvironment env, EdgeJobConfig config)
            throws Exception {
        build(env, config);
        return env.executeAsync("tandem-edge " + config.topics().namespace());
    }

    /**
     * Chained operators pass records by reference instead of copying each through its serializer: a
     * frame's features (tens of kilobytes of floats) and every result were deep-copied on each hop,
     * a fifth of the tail's time at batch 1. Safe because no operator of the job changes a record
     * after emitting it or keeps one it did not make (statistics and plans held in state leave
     * through a keyed exchange or a sink, which serialize them at once).
     */
    public static void passRecordsByReference(StreamExecutionEnvironment env) {
        env.getConfig().enableObjectReuse();
    }

    static void build(StreamExecutionEnvironment env, EdgeJobConfig config) {
        env.setParallelism(config.parallelism());
        passRecordsByReference(env);
        // Answers are latency-bound: do not let frames wait in half-empty network buffers.
        env.setBufferTimeout(config.bufferTimeoutMillis());
        env.enableCheckpointing(config.checkpointMillis(), CheckpointingMode.EXACTLY_ONCE);
        config.checkpointDir().ifPresent(dir -> env.configure(durableCheckpoints(dir)));
        TandemKafka kafka =
                new TandemKafka(
                        config.bootstrapServers(),
                        config.topics(),
                        config.kafkaClient(),
                        config.fleetSecret());
        String group = config.consumerGroup();

        // Resume where the last checkpoint committed; a new deployment answers every frame already
        // waiting.
        KafkaSource<Either<DeadLetter, ReceivedFrame>> frameSource =
                kafka.source(
                        TandemTopic.FEATURES,
                        new ReceivedFrameDeserializer(kafka.signatures(TandemTopic.FEATURES)),
                        group,
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST),
                        null);
        // No watermarks anywhere: every timer is processing time (re-solve period, silence, SLO
        // windows), and telemetry is
        // ordered per device by its own window end, which DeviceStatistics checks, not by waiting
        // for event time.
        EdgeWorkflow.Inputs inputs =
                new EdgeWorkflow.Inputs(
                        env.fromSource(frameSource, WatermarkStrategy.noWatermarks(), "features")
                                .uid("features-source"),
                        env.fromSource(
                                        kafka.source(
                                                TandemTopic.TELEMETRY,
                                                Telemetry.class,
                                                telemetryCheck(config),
                                                group,
                                                OffsetsInitializer.committedOffsets(
                                                        OffsetResetStrategy.LATEST),
                                                null),
                                        WatermarkStrategy.noWatermarks(),
                                        "telemetry")
                                .uid("telemetry-source"),
                        // Every plan in force, from the start of the compacted topic: the validator
                        // needs the newest epoch per device.
                        env.fromSource(
                                        kafka.source(
                                                TandemTopic.PLANS,
                                                Plan.class,
                                                PLAN_CHECK,
                                                group,
                                                OffsetsInitializer.earliest(),
                                                null),
                                        WatermarkStrategy.noWatermarks(),
                                        "plans")
                                .uid("plans-source"),
                        // Every version's state, from the start of the compacted topic (the planner
                        // keeps what it read in its state).
                        env.fromSource(
                                        kafka.source(
                                                TandemTopic.MODELS,
                                                ModelAnnouncement.class,
                                                ANNOUNCEMENT_CHECK,
                                                group,
                                                OffsetsInitializer.earliest(),
                                                null),
                                        WatermarkStrategy.noWatermarks(),
                                        "models")
                                .uid("models-source"));
        EdgeWorkflow.Outputs outputs = EdgeWorkflow.define(inputs, config);

        outputs.results()
                .sinkTo(
                        kafka.sink(
                                TandemTopic.RESULTS,
                                InferenceResult.class,
                                InferenceResult::getDeviceId,
                                config.resultsGuarantee(),
                                config.transactionalIdPrefix() + "-results"))
                .name("results")
                .uid("results-sink");
        outputs.plans()
                .sinkTo(
                        kafka.sink(
                                TandemTopic.PLANS,
                                Plan.class,
                                Plan::getDeviceId,
                                DeliveryGuarantee.EXACTLY_ONCE,
                                config.transactionalIdPrefix() + "-plans"))
                .name("plans")
                .uid("plans-sink")
                .setParallelism(1);
        outputs.monitoring()
                .sinkTo(
                        kafka.sink(
                                TandemTopic.MONITORING,
                                MonitorEvent.class,
                                EdgeJob::monitoringKey,
                                DeliveryGuarantee.AT_LEAST_ONCE,
                                null))
                .name("monitoring")
                .uid("monitoring-sink");
        outputs.deadLetters()
                .sinkTo(
                        kafka.sink(
                                TandemTopic.DLQ,
                                DeadLetter.class,
                                d -> null,
                                DeliveryGuarantee.AT_LEAST_ONCE,
                                null))
                .name("dead letters")
                .uid("dlq-sink");
    }

    /**
     * Checkpoints in {@code dir}, kept when the job is cancelled, and the job resumed from the
     * newest one there: plan epochs, device statistics and source offsets survive a restart.
     */
    static Configuration durableCheckpoints(String dir) {
        Configuration conf = new Configuration();
        URI uri = dir.contains("://") ? URI.create(dir) : Path.of(dir).toAbsolutePath().toUri();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, uri.toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if ("file".equals(uri.getScheme())) {
            LatestCheckpoint.in(Path.of(uri))
                    .ifPresent(
                            chk ->
                                    conf.set(
                                            StateRecoveryOptions.SAVEPOINT_PATH,
                                            chk.toUri().toString()));
        }
        return conf;
    }

    /**
     * Monitoring events about one device are keyed by it, so they stay in order; edge load has no
     * key.
     */
    private static String monitoringKey(MonitorEvent event) {
        Object body = event.getBody();
        if (body instanceof RequestLatency r) {
            return r.getDeviceId();
        }
        if (body instanceof PlanChange c) {
            return c.getPlan().getDeviceId();
        }
        return body instanceof SloAttainment s ? s.getDeviceId() : null;
    }
}
