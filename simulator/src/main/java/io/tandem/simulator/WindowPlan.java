package io.tandem.simulator;

import io.tandem.planner.cost.SplitOption;

/**
 * What one device runs for one window: its split option, its shares of the ingress and the edge
 * (weights of work-conserving fair queueing) and the frame rate its plan admits.
 */
record WindowPlan(
        SplitOption option, double bandwidthBps, double computeShare, double admittedRateHz) {

    WindowPlan scaled(double bandwidthScale, double computeScale) {
        return new WindowPlan(
                option, bandwidthBps * bandwidthScale, computeShare * computeScale, admittedRateHz);
    }
}
