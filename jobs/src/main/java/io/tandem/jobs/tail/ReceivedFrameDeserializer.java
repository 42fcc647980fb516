package io.tandem.jobs.tail;

import java.time.Clock;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.connectors.avro.WireFormatException;
import io.tandem.connectors.kafka.DeadLetters;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.FeatureFrame;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads feature frames off Kafka keeping their origin and arrival time; bytes that do not decode
 * become dead letters ({@code Left}) instead of failing the job.
 */
public final class ReceivedFrameDeserializer implements KafkaRecordDeserializationSchema<Either<DeadLetter, ReceivedFrame>> {

    private static final long serialVersionUID = 1L;

    private final AvroWireFormat<FeatureFrame> format = AvroWireFormat.of(FeatureFrame.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, ReceivedFrame>> out) {
        long now = System.currentTimeMillis() * 1000;
        try {
            out.collect(Either.Right(new ReceivedFrame(format.decode(record.value()), record.topic(), record.partition(),
                    record.offset(), now)));
        } catch (WireFormatException e) {
            out.collect(Either.Left(DeadLetters.of(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                    e.reason(), e.getMessage(), "decode", Clock.systemUTC())));
        }
    }

    @Override
    public TypeInformation<Either<DeadLetter, ReceivedFrame>> getProducedType() {
        return new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), TypeInformation.of(ReceivedFrame.class));
    }
}
