package io.tandem.planner.cost;

/**
 * One discrete choice for a device: model version, partition point and feature codec, with what it
 * costs and what it is worth.
 *
 * @param headSeconds head-slice time per frame on the device
 * @param tailEdgeSeconds tail-slice time per frame on the whole edge (compute share 1)
 * @param bytesPerFrame bytes sent per frame (features, or the input at partition 0)
 * @param accuracy top-1 accuracy of this (version, partition, codec), in [0, 1]
 */
public record SplitOption(
        String version,
        int partition,
        String codec,
        double headSeconds,
        double tailEdgeSeconds,
        double bytesPerFrame,
        double accuracy) {

    public SplitOption {
        if (headSeconds < 0
                || tailEdgeSeconds < 0
                || bytesPerFrame < 0
                || accuracy < 0
                || accuracy > 1) {
            throw new IllegalArgumentException(
                    "invalid split option " + version + "/p" + partition + "/" + codec);
        }
    }

    /** True when the device runs everything and the edge has no work (only the result travels). */
    public boolean deviceOnly() {
        return tailEdgeSeconds == 0;
    }
}
