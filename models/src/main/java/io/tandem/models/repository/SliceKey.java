package io.tandem.models.repository;

/**
 * Identifies one split of a model: version, partition point, and whether the bottleneck is used.
 */
public record SliceKey(String version, int partition, boolean bottleneck) {

    public ModelManifest.Variant.Kind kind() {
        return bottleneck
                ? ModelManifest.Variant.Kind.bottleneck
                : ModelManifest.Variant.Kind.plain;
    }

    @Override
    public String toString() {
        return version + "/p" + partition + (bottleneck ? "/bn" : "");
    }
}
