package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.connectors.kafka.DeadLetters;
import io.tandem.jobs.tail.ReceivedFrame;
import io.tandem.models.distribution.ModelAnnouncements;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.RequestLatency;
import io.tandem.schema.Telemetry;
import io.tandem.testkit.Plans;
import io.tandem.testkit.Telemetries;
import io.tandem.testkit.Zoo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The edge's whole dataflow ({@link EdgeWorkflow#define}) on a MiniCluster, with bounded inputs and
 * collecting outputs in place of Kafka: frames, good and bad, reach results or dead letters, with a
 * latency breakdown per answer, and every kind of bad input reaches the dead-letter output.
 */
class EdgeWorkflowTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void framesBecomeAnswersOrDeadLettersAndNothingIsLost() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        EdgeJobConfig config =
                EdgeJobConfig.defaults("unused:9092")
                        .with(EdgeJobConfig.MODELS, Zoo.ROOT.toString())
                        .with(EdgeJobConfig.PARALLELISM, 2);

        List<Either<DeadLetter, ReceivedFrame>> frames = new ArrayList<>();
        for (long id = 0; id < 6; id++) {
            frames.add(
                    Either.Right(
                            received(Zoo.frame("cam-" + (id % 2), id, "w100", 3, "int8", 4), id)));
        }
        frames.add(
                Either.Right(
                        received(
                                FeatureFrame.newBuilder(Zoo.frame("cam-0", 6, "w100", 3, "int8", 4))
                                        .setVersion("w7")
                                        .build(),
                                6)));
        frames.add(Either.Right(received(Zoo.frame("cam-1", 7, "w100", 3, "int8", 1), 7)));
        frames.add(
                Either.Left(
                        DeadLetters.of(
                                "t.features",
                                0,
                                8,
                                null,
                                new byte[] {1, 2, 3},
                                DeadLetterReason.UNDECODABLE,
                                "not Avro",
                                "decode",
                                java.time.Clock.systemUTC())));

        EdgeWorkflow.Outputs out =
                EdgeWorkflow.define(
                        new EdgeWorkflow.Inputs(
                                env.fromData(
                                        frames, eitherOf(TypeInformation.of(ReceivedFrame.class))),
                                env.fromData(
                                        List.of(
                                                Either.<DeadLetter, Telemetry>Right(
                                                        Telemetries.window("cam-0", 1_000_000, 5e6)
                                                                .setPlanEpoch(4)
                                                                .build())),
                                        eitherOf(new AvroTypeInfo<>(Telemetry.class))),
                                // Epoch 4 is newer than frame 7's (1): it is answered all the same.
                                env.fromData(
                                        List.of(
                                                Either.<DeadLetter, Plan>Right(
                                                        Plans.plan("cam-0", 4, 0.5)),
                                                Either.Right(Plans.plan("cam-1", 4, 0.5))),
                                        eitherOf(new AvroTypeInfo<>(Plan.class))),
                                // A version the repository never had, withdrawn: changes nothing.
                                env.fromData(
                                        List.of(
                                                Either.<DeadLetter, ModelAnnouncement>Right(
                                                        ModelAnnouncements.withdrawn(
                                                                "fmnist-resnet",
                                                                "w7",
                                                                java.time.Clock.systemUTC()))),
                                        eitherOf(new AvroTypeInfo<>(ModelAnnouncement.class)))),
                        config);

        try (CloseableIterator<InferenceResult> results = out.results().collectAsync();
                CloseableIterator<DeadLetter> deadLetters = out.deadLetters().collectAsync();
                CloseableIterator<MonitorEvent> monitoring = out.monitoring().collectAsync()) {
            env.execute("edge workflow");
            List<InferenceResult> answered = drain(results);
            List<DeadLetter> dead = drain(deadLetters);
            List<MonitorEvent> events = drain(monitoring);

            // Nothing lost, nothing twice: each of the 9 inputs is one answer or one dead letter.
            List<Long> accounted = new ArrayList<>();
            answered.forEach(r -> accounted.add(r.getFrameId()));
            dead.forEach(d -> accounted.add(d.getOffset()));
            assertThat(accounted).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            assertThat(answered)
                    .extracting(InferenceResult::getFrameId)
                    .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 7L);
            assertThat(answered)
                    .filteredOn(r -> r.getPredictedClass() == Zoo.label(r.getFrameId()))
                    .as("the real model answers")
                    .hasSizeGreaterThanOrEqualTo(5);
            assertThat(dead)
                    .extracting(DeadLetter::getReason)
                    .containsExactlyInAnyOrder(
                            DeadLetterReason.UNKNOWN_VERSION, DeadLetterReason.UNDECODABLE);
            assertThat(events)
                    .filteredOn(e -> e.getBody() instanceof RequestLatency)
                    .hasSameSizeAs(answered);
        }
    }

    private static ReceivedFrame received(FeatureFrame frame, long offset) {
        return new ReceivedFrame(
                frame,
                "t.features",
                0,
                offset,
                frame.getDeviceId().getBytes(StandardCharsets.UTF_8),
                AvroWireFormat.of(FeatureFrame.class).encode(frame),
                System.currentTimeMillis() * 1000);
    }

    private static <T> TypeInformation<Either<DeadLetter, T>> eitherOf(TypeInformation<T> right) {
        return new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), right);
    }

    private static <T> List<T> drain(CloseableIterator<T> iterator) {
        List<T> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        return all;
    }
}
