package io.tandem.connectors.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.connectors.SampleRecords;
import io.tandem.connectors.kafka.KafkaTestClients;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicAdmin;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.ScalarType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract is language-neutral: a Python client built only on Debian's python3-kafka and
 * python3-avro (clients/python) writes a FeatureFrame that Java decodes, and decodes an
 * InferenceResult that Java wrote.
 */
@ExtendWith(LocalKafkaExtension.class)
class PythonClientIT {

    private static final Path REPO =
            Path.of(System.getProperty("tandem.repo.root", "..")).toAbsolutePath().normalize();
    private static final String PYTHON = "/usr/bin/python3";

    private final String bootstrap;

    PythonClientIT(LocalKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
    }

    @Test
    void pythonWritesAFrameJavaReadsAndReadsAResultJavaWrote() throws Exception {
        TopicCatalogue topics =
                new TopicCatalogue("py-" + UUID.randomUUID().toString().substring(0, 8));
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicAdmin(admin, (short) 1).ensureTopics(topics);
        }
        InferenceResult written = SampleRecords.inferenceResult("py-cam-1", 42);
        try (KafkaProducer<String, InferenceResult> producer =
                KafkaTestClients.producer(bootstrap, InferenceResult.class)) {
            KafkaTestClients.send(producer, topics.name(TandemTopic.RESULTS), "py-cam-1", written);
        }

        JsonNode fromPython = runPython(topics);

        assertThat(fromPython.get("key").asText()).isEqualTo("py-cam-1");
        assertThat(fromPython.get("deviceId").asText()).isEqualTo(written.getDeviceId());
        assertThat(fromPython.get("frameId").asLong()).isEqualTo(written.getFrameId());
        assertThat(fromPython.get("predictedClass").asInt()).isEqualTo(written.getPredictedClass());
        assertThat(fromPython.get("version").asText()).isEqualTo(written.getVersion());
        assertThat(fromPython.get("batchSize").asInt()).isEqualTo(written.getBatchSize());
        assertThat(fromPython.get("topK")).hasSize(written.getTopK().size());
        for (int i = 0; i < written.getTopK().size(); i++) {
            assertThat(fromPython.get("topK").get(i).get(0).asInt())
                    .isEqualTo(written.getTopK().get(i).getClassIndex());
            assertThat((float) fromPython.get("topK").get(i).get(1).asDouble())
                    .isEqualTo(written.getTopK().get(i).getScore());
        }

        try (KafkaConsumer<String, FeatureFrame> consumer =
                KafkaTestClients.consumer(bootstrap, FeatureFrame.class)) {
            List<ConsumerRecord<String, FeatureFrame>> frames =
                    KafkaTestClients.readAll(
                            consumer, topics.name(TandemTopic.FEATURES), 1, Duration.ofSeconds(30));
            assertThat(frames).hasSize(1);
            FeatureFrame frame = frames.get(0).value();
            assertThat(frames.get(0).key()).isEqualTo("py-cam-1");
            assertThat(frame.getFrameId()).isEqualTo(42L);
            assertThat(frame.getPartition()).isZero();
            assertThat(frame.getShape()).containsExactly(1, 1, 28, 28);
            assertThat(frame.getDtype()).isEqualTo(ScalarType.FLOAT32);
            assertThat(frame.getQuantization()).isNull();
            ByteBuffer payload = frame.getPayload().order(ByteOrder.LITTLE_ENDIAN);
            assertThat(payload.remaining()).isEqualTo(28 * 28 * Float.BYTES);
            for (int i = 0; i < 28 * 28; i++) {
                assertThat(payload.getFloat()).isEqualTo((float) (((i * 37) % 256) / 255.0));
            }
            assertThat(frame.getSentAtMicros()).isGreaterThan(1_600_000_000_000_000L);
        }
    }

    private JsonNode runPython(TopicCatalogue topics) throws IOException, InterruptedException {
        assertThat(Path.of(PYTHON))
                .as("Debian python3 (install python3-kafka python3-avro, see README)")
                .exists();
        Path log = Files.createTempFile("python-client", ".log");
        Process process =
                new ProcessBuilder(
                                PYTHON,
                                REPO.resolve("clients/python/contract_roundtrip.py").toString(),
                                "--bootstrap",
                                bootstrap,
                                "--features-topic",
                                topics.name(TandemTopic.FEATURES),
                                "--results-topic",
                                topics.name(TandemTopic.RESULTS),
                                "--schemas",
                                REPO.resolve("schemas/src/main/avro").toString())
                        .redirectError(log.toFile())
                        .start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("python client finished").isTrue();
        assertThat(process.exitValue())
                .as("python client exit code; stderr:%n%s", Files.readString(log))
                .isZero();
        String[] lines = stdout.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
