package io.tandem.planner.split;

/** A static device-to-edge link: bandwidth in Mbit/s and round-trip ping in milliseconds. */
public record LinkSpec(double bandwidthMbps, double rttMs) {

    public LinkSpec {
        if (!(bandwidthMbps > 0) || Double.isInfinite(bandwidthMbps)) {
            throw new IllegalArgumentException(
                    "bandwidth must be a positive number of Mbit/s, was " + bandwidthMbps);
        }
        if (!(rttMs >= 0) || Double.isInfinite(rttMs)) {
            throw new IllegalArgumentException(
                    "RTT must be a non-negative number of ms, was " + rttMs);
        }
    }

    public double bytesPerSecond() {
        return bandwidthMbps * 125_000.0;
    }
}
