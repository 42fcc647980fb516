package io.tandem.connectors.avro;

import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.SchemaHistory;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Tandem's one wire format for record values: Avro single-object encoding (2-byte marker {@code C3
 * 01}, the writer schema's 8-byte CRC-64-AVRO fingerprint, then the Avro binary body). Any Avro
 * library can read it without a schema registry, and the fingerprint lets a reader resolve records
 * written with any released schema version.
 *
 * <p>The Kafka serdes and the Flink (de)serialization schemas all delegate here.
 */
public final class AvroWireFormat<T extends SpecificRecord> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

    private AvroWireFormat(Class<T> type) {
        this.type = type;
    }

    public static <T extends SpecificRecord> AvroWireFormat<T> of(Class<T> type) {
        return new AvroWireFormat<>(type);
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return SpecificData.get().getSchema(type);
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder().encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /**
     * Decodes one value.
     *
     * @throws WireFormatException with a dead-letter reason when the bytes are not a record of this
     *     type
     */
    public T decode(byte[] bytes) throws WireFormatException {
        if (bytes == null || bytes.length == 0) {
            throw new WireFormatException(
                    DeadLetterReason.UNDECODABLE,
                    "empty value, expected an Avro " + type.getSimpleName());
        }
        try {
            return decoder().decode(bytes);
        } catch (BadHeaderException e) {
            throw new WireFormatException(
                    DeadLetterReason.UNDECODABLE,
                    "not an Avro single-object message (bad header), expected "
                            + type.getSimpleName());
        } catch (MissingSchemaException e) {
            throw new WireFormatException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "writer schema fingerprint "
                            + fingerprintOf(bytes)
                            + " is no known version of "
                            + type.getSimpleName());
        } catch (IOException | RuntimeException e) {
            // Truncated bodies, bad varints, out-of-range union or enum indexes, oversize lengths.
            throw new WireFormatException(
                    DeadLetterReason.UNDECODABLE,
                    "corrupt "
                            + type.getSimpleName()
                            + " body ("
                            + bytes.length
                            + " bytes): "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private BinaryMessageEncoder<T> encoder() {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(SpecificData.getForClass(type), schema());
        }
        return encoder;
    }

    private BinaryMessageDecoder<T> decoder() {
        if (decoder == null) {
            BinaryMessageDecoder<T> d =
                    new BinaryMessageDecoder<>(SpecificData.getForClass(type), schema());
            // Older released writer schemas resolve against the current reader schema.
            SchemaHistory.releasedVersions(type.getSimpleName()).forEach(d::addSchema);
            decoder = d;
        }
        return decoder;
    }

    private static String fingerprintOf(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 2; i < Math.min(bytes.length, 10); i++) {
            hex.append(String.format("%02x", bytes[i]));
        }
        return hex.toString();
    }
}
