package io.tandem.device;

import io.tandem.connectors.identity.DeviceSigningKey;
import io.tandem.connectors.identity.RecordSignature;
import io.tandem.connectors.kafka.AvroDeserializer;
import io.tandem.connectors.kafka.DeadLetters;
import io.tandem.connectors.kafka.RecordDecodingException;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the records keyed by one device among the raw records of its partition. Keys are compared
 * as bytes first, so other devices' records sharing the partition are never decoded. A value of the
 * device's own that does not decode becomes a dead letter and reading goes on; tombstones are
 * skipped.
 */
final class OwnRecordReader<T extends SpecificRecord> {

    private final DeviceKey key;
    private final String stage;
    private final AvroDeserializer<T> values;
    private final Consumer<DeadLetter> deadLetters;
    private final Clock clock;
    private DeviceSigningKey signingKey;
    private TandemTopic signedTopic;
    private long othersSkipped;

    OwnRecordReader(String deviceId, Class<T> type, Consumer<DeadLetter> deadLetters, Clock clock) {
        this.key = new DeviceKey(deviceId);
        this.stage = "device/" + deviceId;
        this.values = new AvroDeserializer<>(type);
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /**
     * With {@code key}, a record of {@code topic} without this device's signature is refused (a
     * dead letter) before it is decoded: a plan not from the edge is never followed.
     */
    OwnRecordReader<T> signedWith(Optional<DeviceSigningKey> key, TandemTopic topic) {
        this.signingKey = key.orElse(null);
        this.signedTopic = topic;
        return this;
    }

    List<T> read(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        List<T> own = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (!key.matches(record.key())) {
                othersSkipped++;
                continue;
            }
            if (signingKey != null && record.value() != null) {
                Optional<String> forged =
                        RecordSignature.problem(
                                signingKey,
                                signedTopic,
                                signingKey.deviceId(),
                                record.key(),
                                record.value(),
                                record.headers());
                if (forged.isPresent()) {
                    deadLetters.accept(
                            DeadLetters.of(
                                    record,
                                    DeadLetterReason.UNAUTHENTICATED,
                                    forged.get(),
                                    stage,
                                    clock));
                    continue;
                }
            }
            try {
                T value = values.deserialize(record.topic(), record.value());
                if (value != null) {
                    own.add(value);
                }
            } catch (RecordDecodingException e) {
                deadLetters.accept(
                        DeadLetters.of(record, e.reason(), e.getMessage(), stage, clock));
            }
        }
        return own;
    }

    /** Records of other devices passed over, undecoded. */
    long othersSkipped() {
        return othersSkipped;
    }
}
