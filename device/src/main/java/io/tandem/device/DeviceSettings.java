package io.tandem.device;

import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.schema.TaskKind;

/**
 * One device's identity and behaviour.
 *
 * @param maxBacklogSeconds frames waiting longer than this for the uplink are dropped, oldest first
 * @param windowSeconds     telemetry period
 * @param drainSeconds      how long to wait at the end for frames still in flight to be answered
 */
public record DeviceSettings(String deviceId, String deviceClass, TaskKind taskKind, double deadlineMs, String modelId,
                             String bootstrapServers, TopicCatalogue topics, double maxBacklogSeconds, double windowSeconds,
                             double drainSeconds) {
}
