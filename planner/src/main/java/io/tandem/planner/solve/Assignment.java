package io.tandem.planner.solve;

import io.tandem.planner.cost.Latency;
import io.tandem.planner.cost.SplitOption;

/**
 * The decision for one device: its split option and its shares of uplink bandwidth and edge
 * compute.
 */
public record Assignment(
        String deviceId,
        SplitOption option,
        double bandwidthBps,
        double computeShare,
        Latency latency,
        double cost) {}
