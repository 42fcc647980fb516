package io.tandem.connectors.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.connectors.SampleRecords;
import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.connectors.flink.DecodingDeserializationSchema;
import io.tandem.connectors.flink.RecordCheck;
import io.tandem.connectors.kafka.AvroSerializer;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.Telemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device speaks only for itself: the edge takes telemetry signed by the device it names, and
 * refuses, as a dead letter with the reason, a record unsigned, signed by another device, moved to
 * another device's key, or changed after signing.
 */
class DeviceSignaturesTest {

    @TempDir Path dir;

    private final AvroWireFormat<Telemetry> wire = AvroWireFormat.of(Telemetry.class);

    private DecodingDeserializationSchema<Telemetry> edge(FleetSecret secret) {
        return new DecodingDeserializationSchema<>(
                Telemetry.class,
                RecordCheck.none(),
                Optional.of(new DeviceSignatures(secret, TandemTopic.TELEMETRY)));
    }

    /** What a device's producer writes: the serializer signs the bytes it sends. */
    private static ConsumerRecord<byte[], byte[]> sent(
            DeviceSigningKey key, String recordKey, Telemetry value) {
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes =
                new SigningSerializer<>(
                                new AvroSerializer<>(Telemetry.class), key, TandemTopic.TELEMETRY)
                        .serialize("t.telemetry", headers, value);
        return record(recordKey, bytes, headers);
    }

    private static ConsumerRecord<byte[], byte[]> record(
            String key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(
                "t.telemetry",
                0,
                7,
                0L,
                TimestampType.CREATE_TIME,
                key.length(),
                value.length,
                key.getBytes(StandardCharsets.UTF_8),
                value,
                headers,
                Optional.empty());
    }

    private static DeadLetter refused(Either<DeadLetter, Telemetry> decoded) {
        assertThat(decoded.isLeft()).as("refused").isTrue();
        assertThat(decoded.left().getReason()).isEqualTo(DeadLetterReason.UNAUTHENTICATED);
        return decoded.left();
    }

    @Test
    void telemetrySignedByItsOwnDeviceIsTaken() {
        FleetSecret secret = FleetSecret.in(dir);
        Telemetry own = SampleRecords.telemetry("cam-1", 1);
        Either<DeadLetter, Telemetry> decoded =
                edge(secret).decode(sent(secret.signingKey("cam-1"), "cam-1", own));
        assertThat(decoded.isRight()).isTrue();
        assertThat(decoded.right()).isEqualTo(own);
    }

    @Test
    void unsignedOrForeignOrTamperedTelemetryIsADeadLetterWithTheReason() {
        FleetSecret secret = FleetSecret.in(dir);
        Telemetry victim = SampleRecords.telemetry("cam-victim", 1);
        DeviceSigningKey intruder = secret.signingKey("cam-intruder");

        assertThat(
                        refused(
                                        edge(secret)
                                                .decode(
                                                        record(
                                                                "cam-victim",
                                                                wire.encode(victim),
                                                                new RecordHeaders())))
                                .getMessage())
                .isEqualTo("unsigned record for device cam-victim");
        assertThat(refused(edge(secret).decode(sent(intruder, "cam-victim", victim))).getMessage())
                .isEqualTo("signature is not device cam-victim's");
        assertThat(
                        refused(edge(secret).decode(sent(intruder, "cam-intruder", victim)))
                                .getMessage())
                .isEqualTo("record key cam-intruder is not the device it speaks for, cam-victim");

        ConsumerRecord<byte[], byte[]> signed =
                sent(secret.signingKey("cam-victim"), "cam-victim", victim);
        // The same signature on a value changed after signing: a doubled uplink, say.
        Telemetry altered = Telemetry.newBuilder(victim).build();
        altered.setUplinkThroughputBps(2 * victim.getUplinkThroughputBps());
        byte[] changed = wire.encode(altered);
        refused(
                edge(secret)
                        .decode(
                                record(
                                        "cam-victim",
                                        changed,
                                        new RecordHeaders(signed.headers().toArray()))));
    }

    @Test
    void aSignatureOfAnotherFleetOrAnotherTopicDoesNotHold() {
        FleetSecret ours = FleetSecret.in(dir.resolve("ours"));
        FleetSecret theirs = FleetSecret.in(dir.resolve("theirs"));
        assertThat(ours.kafkaPassword("cam-1")).isNotEqualTo(theirs.kafkaPassword("cam-1"));
        Telemetry t = SampleRecords.telemetry("cam-1", 1);
        refused(edge(ours).decode(sent(theirs.signingKey("cam-1"), "cam-1", t)));

        byte[] bytes = wire.encode(t);
        byte[] asFeatures = ours.signingKey("cam-1").sign(TandemTopic.FEATURES, bytes);
        assertThat(ours.signingKey("cam-1").verifies(TandemTopic.TELEMETRY, bytes, asFeatures))
                .isFalse();
        assertThat(ours.signingKey("cam-1").verifies(TandemTopic.FEATURES, bytes, asFeatures))
                .isTrue();
    }

    @Test
    void theSecretIsKeptAndReadBackAndItsKeysAreStable() throws Exception {
        FleetSecret first = FleetSecret.in(dir);
        FleetSecret again = FleetSecret.in(dir);
        assertThat(again.kafkaPassword("cam-1")).isEqualTo(first.kafkaPassword("cam-1"));
        assertThat(first.kafkaPassword("cam-1")).isNotEqualTo(first.kafkaPassword("cam-2"));
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(dir.resolve(FleetSecret.FILE))))
                .isEqualTo("rw-------");

        Path keyFile = dir.resolve("cam-1.key");
        first.signingKey("cam-1").writeTo(keyFile);
        DeviceSigningKey read = DeviceSigningKey.read(keyFile);
        byte[] value = {1, 2, 3};
        assertThat(read.deviceId()).isEqualTo("cam-1");
        assertThat(read.sign(TandemTopic.FEATURES, value))
                .isEqualTo(first.signingKey("cam-1").sign(TandemTopic.FEATURES, value));

        Files.writeString(dir.resolve("short.secret"), "abcd\n");
        assertThatThrownBy(() -> FleetSecret.read(dir.resolve("short.secret")))
                .hasMessageContaining("is not 64 hex digits");
    }

    @Test
    void aDeviceLogsInAsItselfOnAScramClusterAndUnchangedOnAnOpenOne() {
        FleetSecret secret = FleetSecret.in(dir);
        KafkaClientProperties scram =
                new KafkaClientProperties(
                        Map.of(
                                "security.protocol", "SASL_SSL",
                                "sasl.mechanism", "SCRAM-SHA-512",
                                "sasl.jaas.config", "shared device login"));
        String login =
                DeviceCredentials.kafkaClient(scram, secret, "dev-007")
                        .values()
                        .get("sasl.jaas.config");
        assertThat(login)
                .contains("username=\"dev-007\"")
                .contains("password=\"" + secret.kafkaPassword("dev-007") + "\"");
        assertThat(DeviceCredentials.kafkaClient(KafkaClientProperties.none(), secret, "dev-007"))
                .isEqualTo(KafkaClientProperties.none());
    }
}
