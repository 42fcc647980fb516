package io.tandem.connectors.flink;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.connectors.avro.WireFormatException;
import io.tandem.connectors.identity.DeviceSignatures;
import io.tandem.connectors.kafka.DeadLetters;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import java.time.Clock;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Flink Kafka deserializer that never fails the job on bad bytes: each record becomes either the
 * decoded value ({@code Right}) or a {@link DeadLetter} naming topic, partition, offset and reason
 * ({@code Left}), which the job routes to the dead-letter topic.
 */
public final class DecodingDeserializationSchema<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {

    private static final long serialVersionUID = 1L;

    private final AvroWireFormat<T> format;
    private final RecordCheck<T> check;
    private final DeviceSignatures signatures;

    public DecodingDeserializationSchema(Class<T> type) {
        this(type, RecordCheck.none(), Optional.empty());
    }

    /**
     * Records that decode but fail {@code check}, or (with {@code signatures}) are not signed by
     * the device they speak for, become dead letters too.
     */
    public DecodingDeserializationSchema(
            Class<T> type, RecordCheck<T> check, Optional<DeviceSignatures> signatures) {
        this.format = AvroWireFormat.of(type);
        this.check = check;
        this.signatures = signatures.orElse(null);
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
        out.collect(decode(record));
    }

    /** The record's value decoded, or the dead letter that says why it could not be. */
    public Either<DeadLetter, T> decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            T value = format.decode(record.value());
            // Authenticity first: a forged record is refused as forged, whatever else it holds.
            Optional<String> forged =
                    signatures == null ? Optional.empty() : signatures.problem(record, value);
            if (forged.isPresent()) {
                return Either.Left(
                        DeadLetters.of(
                                record,
                                DeadLetterReason.UNAUTHENTICATED,
                                forged.get(),
                                "authenticate",
                                Clock.systemUTC()));
            }
            Optional<String> problem = check.problem().apply(value);
            if (problem.isPresent()) {
                return Either.Left(
                        DeadLetters.of(
                                record,
                                check.reason(),
                                problem.get(),
                                "decode",
                                Clock.systemUTC()));
            }
            return Either.Right(value);
        } catch (WireFormatException e) {
            return Either.Left(
                    DeadLetters.of(
                            record, e.reason(), e.getMessage(), "decode", Clock.systemUTC()));
        }
    }

    @Override
    public TypeInformation<Either<DeadLetter, T>> getProducedType() {
        return new EitherTypeInfo<>(
                new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(format.type()));
    }
}
