package io.tandem.device;

import io.tandem.connectors.identity.DeviceSigningKey;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.schema.TaskKind;
import java.util.Objects;
import java.util.Optional;

/**
 * One device's identity and behaviour.
 *
 * @param maxBacklogSeconds frames waiting longer than this for the uplink are dropped, oldest first
 * @param windowSeconds telemetry period
 * @param drainSeconds how long to wait at the end for frames still in flight to be answered
 * @param emulatedFlops the device class's speed on head slices (FLOP/s): each head takes at least
 *     its FLOPs at this speed, so a fast host plays a slow device; 0 runs at the host's own speed
 * @param kafkaClient client properties on top of the device's own (security, for example)
 * @param cell the edge cell the device joins, named in its telemetry ("" for the default cell)
 * @param signingKey the device's key: it signs its frames and telemetry, and takes only plans
 *     signed with it; empty on a fleet without a secret
 */
public record DeviceSettings(
        String deviceId,
        String deviceClass,
        TaskKind taskKind,
        double deadlineMs,
        String modelId,
        String bootstrapServers,
        KafkaClientProperties kafkaClient,
        TopicCatalogue topics,
        double maxBacklogSeconds,
        double windowSeconds,
        double drainSeconds,
        double emulatedFlops,
        String cell,
        Optional<DeviceSigningKey> signingKey) {

    public DeviceSettings {
        Objects.requireNonNull(cell, "cell");
        if (signingKey.isPresent() && !signingKey.get().deviceId().equals(deviceId)) {
            throw new IllegalArgumentException(
                    "device "
                            + deviceId
                            + " was given the signing key of "
                            + signingKey.get().deviceId());
        }
        if (!(emulatedFlops >= 0)) {
            throw new IllegalArgumentException(
                    "emulated FLOP/s must be >= 0, was " + emulatedFlops);
        }
    }
}
