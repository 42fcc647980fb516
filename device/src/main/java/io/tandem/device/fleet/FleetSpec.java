package io.tandem.device.fleet;

import io.tandem.connectors.identity.DeviceCredentials;
import io.tandem.connectors.identity.DeviceSigningKey;
import io.tandem.connectors.identity.FleetDeviceIds;
import io.tandem.connectors.identity.FleetSecret;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.traces.BandwidthTrace;
import java.util.List;
import java.util.Optional;

/**
 * A fleet of emulated devices to run in one JVM.
 *
 * @param accuracyShare fraction of devices whose task is accuracy-sensitive; the rest are
 *     latency-sensitive
 * @param classes device classes, assigned in turn
 * @param traces uplink traces, assigned in turn, each device starting at its own offset into its
 *     trace
 * @param frameRateHz frames per second each device captures
 * @param seed decides trace offsets
 * @param cells edge cells the devices join, in turn ({@code ""}: the default cell)
 * @param fleetSecret the fleet's secret: the emulator plays every device, so it derives each one's
 *     credentials (its own Kafka principal on a SCRAM cluster, its signing key); empty: every
 *     device uses {@code kafkaClient} and signs nothing
 */
public record FleetSpec(
        int devices,
        double durationSeconds,
        double accuracyShare,
        List<DeviceClass> classes,
        List<BandwidthTrace> traces,
        double frameRateHz,
        String modelId,
        String bootstrapServers,
        KafkaClientProperties kafkaClient,
        TopicCatalogue topics,
        double windowSeconds,
        long seed,
        List<String> cells,
        Optional<FleetSecret> fleetSecret) {

    public FleetSpec {
        if (devices < 1
                || !(durationSeconds > 0)
                || accuracyShare < 0
                || accuracyShare > 1
                || classes.isEmpty()
                || traces.isEmpty()
                || cells.isEmpty()
                || !(frameRateHz > 0)
                || !(windowSeconds > 0)) {
            throw new IllegalArgumentException(
                    "invalid fleet: "
                            + devices
                            + " devices, "
                            + durationSeconds
                            + " s, accuracy share "
                            + accuracyShare
                            + ", "
                            + classes.size()
                            + " classes, "
                            + traces.size()
                            + " traces, "
                            + frameRateHz
                            + " fps");
        }
        classes = List.copyOf(classes);
        traces = List.copyOf(traces);
        cells = List.copyOf(cells);
    }

    /** The id of the fleet's {@code i}-th device. */
    public static String deviceId(int i) {
        return FleetDeviceIds.of(i);
    }

    /** Every device's id, in order. */
    public List<String> deviceIds() {
        return FleetDeviceIds.first(devices);
    }

    /** This fleet with each device enrolled under {@code secret}. */
    public FleetSpec enrolledUnder(FleetSecret secret) {
        return new FleetSpec(
                devices,
                durationSeconds,
                accuracyShare,
                classes,
                traces,
                frameRateHz,
                modelId,
                bootstrapServers,
                kafkaClient,
                topics,
                windowSeconds,
                seed,
                cells,
                Optional.of(secret));
    }

    /** The Kafka client properties device {@code id} connects with. */
    public KafkaClientProperties kafkaClient(String id) {
        return fleetSecret
                .map(s -> DeviceCredentials.kafkaClient(kafkaClient, s, id))
                .orElse(kafkaClient);
    }

    /** The signing key of device {@code id}, where the fleet has a secret. */
    public Optional<DeviceSigningKey> signingKey(String id) {
        return fleetSecret.map(s -> s.signingKey(id));
    }

    /**
     * Parses {@code accuracy:latency} weights, e.g. {@code 1:1} or {@code 3:1}, into the
     * accuracy-sensitive share.
     */
    public static double accuracyShare(String mix) {
        String[] parts = mix.split(":");
        try {
            double a = Double.parseDouble(parts[0]);
            double l = Double.parseDouble(parts[1]);
            if (parts.length == 2 && a >= 0 && l >= 0 && a + l > 0) {
                return a / (a + l);
            }
        } catch (RuntimeException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(
                "mix is accuracy:latency weights, e.g. 1:1 or 3:1; got '" + mix + "'");
    }
}
