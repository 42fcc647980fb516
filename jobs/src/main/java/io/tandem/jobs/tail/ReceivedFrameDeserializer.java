package io.tandem.jobs.tail;

import io.tandem.connectors.flink.DecodingDeserializationSchema;
import io.tandem.connectors.flink.RecordCheck;
import io.tandem.connectors.identity.DeviceSignatures;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.FeatureFrame;
import java.io.IOException;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads feature frames off Kafka with the shared {@link DecodingDeserializationSchema} (bytes that
 * do not decode become dead letters), keeping each frame's origin and the time it was read.
 */
public final class ReceivedFrameDeserializer
        implements KafkaRecordDeserializationSchema<Either<DeadLetter, ReceivedFrame>> {

    private static final long serialVersionUID = 1L;

    private final DecodingDeserializationSchema<FeatureFrame> decoding;

    public ReceivedFrameDeserializer() {
        this(Optional.empty());
    }

    /** With {@code signatures}, frames not signed by their device become dead letters. */
    public ReceivedFrameDeserializer(Optional<DeviceSignatures> signatures) {
        this.decoding =
                new DecodingDeserializationSchema<>(
                        FeatureFrame.class, RecordCheck.none(), signatures);
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, ReceivedFrame>> out)
            throws IOException {
        long receivedAtMicros = System.currentTimeMillis() * 1000;
        Either<DeadLetter, FeatureFrame> decoded = decoding.decode(record);
        if (decoded.isLeft()) {
            out.collect(Either.Left(decoded.left()));
            return;
        }
        out.collect(
                Either.Right(
                        new ReceivedFrame(
                                decoded.right(),
                                record.topic(),
                                record.partition(),
                                record.offset(),
                                record.key(),
                                record.value(),
                                receivedAtMicros)));
    }

    @Override
    public TypeInformation<Either<DeadLetter, ReceivedFrame>> getProducedType() {
        return new EitherTypeInfo<>(
                new AvroTypeInfo<>(DeadLetter.class), TypeInformation.of(ReceivedFrame.class));
    }
}
