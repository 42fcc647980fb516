package io.tandem.connectors.identity;

import io.tandem.connectors.topics.TandemTopic;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where a record's signature travels (one Kafka header) and what makes a signed record authentic:
 * its key is the device its value speaks for, and the header holds that device's signature of the
 * value on this topic.
 */
public final class RecordSignature {

    /** The header holding a record's signature. */
    public static final String HEADER = "tandem-signature";

    /**
     * The topics whose records speak for one device, keyed by it, and are signed when the fleet has
     * a secret: a device's frames and telemetry (signed by the device), its plans (by the edge).
     */
    public static final Set<TandemTopic> TOPICS =
            Set.of(TandemTopic.FEATURES, TandemTopic.TELEMETRY, TandemTopic.PLANS);

    private RecordSignature() {}

    /** Adds {@code key}'s signature of {@code value} on {@code topic} to {@code headers}. */
    public static void attach(
            Headers headers, DeviceSigningKey key, TandemTopic topic, byte[] value) {
        headers.remove(HEADER);
        headers.add(HEADER, key.sign(topic, value));
    }

    /**
     * Why a record read from {@code topic} claiming to speak for {@code claimedDevice} is not
     * authentic under {@code key} (the claimed device's key), or empty when it is.
     */
    public static Optional<String> problem(
            DeviceSigningKey key,
            TandemTopic topic,
            String claimedDevice,
            byte[] recordKey,
            byte[] value,
            Headers headers) {
        if (!Arrays.equals(claimedDevice.getBytes(StandardCharsets.UTF_8), recordKey)) {
            return Optional.of(
                    "record key "
                            + (recordKey == null
                                    ? "(none)"
                                    : new String(recordKey, StandardCharsets.UTF_8))
                            + " is not the device it speaks for, "
                            + claimedDevice);
        }
        Header signature = headers.lastHeader(HEADER);
        if (signature == null) {
            return Optional.of("unsigned record for device " + claimedDevice);
        }
        if (!key.verifies(topic, value, signature.value())) {
            return Optional.of("signature is not device " + claimedDevice + "'s");
        }
        return Optional.empty();
    }
}
