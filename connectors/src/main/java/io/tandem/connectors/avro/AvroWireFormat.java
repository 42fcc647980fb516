package io.tandem.connectors.avro;

import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.SchemaHistory;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
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

    /**
     * Avro allocates what a length prefix says before it reads the bytes, so an 18-byte record
     * claiming a 1.5 GB string would take the heap. Tandem's strings are ids and messages, its
     * bytes feature payloads (the edge refuses more than {@code --max-payload-bytes}, 1 MiB by
     * default): these limits are far above both and far below the heap.
     */
    static final int MAX_STRING_BYTES = 1 << 20;

    static final int MAX_BYTES_LENGTH = 64 << 20;
    static final int MAX_COLLECTION_ITEMS = 1 << 20;

    static {
        limitAvroAllocations();
    }

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
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // Truncated bodies, bad varints, out-of-range union or enum indexes, lengths over the
            // limits above; an Error from one record's bytes is that record's, not the JVM's.
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

    /**
     * Sets Avro's own decoding limits for this JVM, unless the JVM was started with them, and has
     * Avro read them again in case it already had.
     */
    private static void limitAvroAllocations() {
        limitUnlessSet(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
        limitUnlessSet(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES_LENGTH);
        limitUnlessSet(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        try {
            Method reset = SystemLimitException.class.getDeclaredMethod("resetLimits");
            reset.setAccessible(true);
            reset.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // An Avro without resetLimits reads the properties when it first decodes, after this.
        }
    }

    private static void limitUnlessSet(String property, int limit) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(limit));
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
