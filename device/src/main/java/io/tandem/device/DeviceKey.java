package io.tandem.device;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Utils;

/**
 * A device's Kafka key (its id, UTF-8), and the partition Kafka's default partitioner sends it to:
 * every record keyed by the device lands there, so the device need read no other.
 */
final class DeviceKey {

    private final byte[] bytes;

    DeviceKey(String deviceId) {
        this.bytes = deviceId.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The partition of a topic with {@code partitions} partitions that records with this key go to.
     */
    int partition(int partitions) {
        return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
    }

    /** Whether a record's serialized key is this device's. */
    boolean matches(byte[] key) {
        return Arrays.equals(bytes, key);
    }
}
