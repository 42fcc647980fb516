package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class DeviceKeyTest {

    @Test
    void mapsToThePartitionKafkasDefaultPartitionerPicks() {
        for (int partitions : new int[] {1, 3, 6, 7}) {
            int[] used = new int[partitions];
            for (int i = 0; i < 200; i++) {
                String id = String.format("dev-%03d", i);
                int expected =
                        BuiltInPartitioner.partitionForKey(
                                id.getBytes(StandardCharsets.UTF_8), partitions);
                int partition = new DeviceKey(id).partition(partitions);
                assertThat(partition).as(id + " of " + partitions).isEqualTo(expected);
                used[partition]++;
            }
            for (int count : used) {
                assertThat(count).as("devices spread over every partition").isPositive();
            }
        }
    }

    @Test
    void matchesItsOwnKeyBytesOnly() {
        DeviceKey key = new DeviceKey("cam-1");
        assertThat(key.matches("cam-1".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(key.matches("cam-10".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(key.matches("cam-".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(key.matches(null)).isFalse();
    }
}
